"""The batched 2x2 kernel in cache-sized chunks and its compiled (numba) twin give the same
bits as the single-pass NumPy kernel (issue 13, item 4): random, tie-heavy, zero and
scaled games, batch sizes around the chunk boundary."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from deterrence_games.solvers import batched, solve_2x2

try:
    import numba  # noqa: F401 - the optional accelerator (the `fast` extra)
except ImportError:  # pragma: no cover - the pure NumPy path is tested alone
    ENGINES: tuple[str, ...] = ("numpy",)
else:
    ENGINES = ("numpy", "numba")

FIELDS = ("p", "q", "valid", "count", "degenerate", "continuum")


def _suites() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(13)
    n = 100_000
    grid = np.array(list(itertools.product(range(3), repeat=8)), dtype=float)  # every {0,1,2} game
    zeros = np.zeros((1000, 2, 2))
    near = rng.integers(0, 3, (n, 2, 2)) * (1 + rng.choice([0.0, 1e-13, -1e-13, 1e-11], (n, 2, 2)))
    return {
        "normal": (rng.standard_normal((n, 2, 2)), rng.standard_normal((n, 2, 2))),
        "ties {0,1,2}": (rng.integers(0, 3, (n, 2, 2)).astype(float), rng.integers(0, 3, (n, 2, 2)).astype(float)),
        "every {0,1,2} game": (grid[:, :4].reshape(-1, 2, 2), grid[:, 4:].reshape(-1, 2, 2)),
        "zeros and one-player ties": (np.concatenate([zeros, np.ones((1000, 2, 2))]),
                                      np.concatenate([rng.integers(0, 2, (1000, 2, 2)).astype(float), zeros])),
        "near ties (tolerance)": (near, near.transpose(0, 2, 1) * 1e6),
        "huge and tiny scales": (rng.standard_normal((n, 2, 2)) * 1e300, rng.integers(-1, 2, (n, 2, 2)) * 1e-300),
    }


@pytest.mark.parametrize("suite", list(_suites()))
def test_chunked_and_numba_kernels_equal_the_single_pass_kernel(suite):
    A, B = _suites()[suite]
    ref = batched._solve_2x2_chunk(A, B, 1e-12)  # the whole batch in one pass: the previous kernel
    for engine in ENGINES:
        got = batched._solve_2x2_kernel(A, B, 1e-12, engine)
        for name, r, g in zip(FIELDS, ref, got, strict=True):
            assert g.dtype == r.dtype and g.shape == r.shape, (engine, name)
            assert np.array_equal(g, r, equal_nan=True), (suite, engine, name)


@pytest.mark.parametrize("n", [0, 1, batched.CHUNK_2X2 - 1, batched.CHUNK_2X2, batched.CHUNK_2X2 + 1,
                               3 * batched.CHUNK_2X2 + 17])
def test_chunk_boundaries(n):
    rng = np.random.default_rng(n)
    A, B = rng.integers(0, 3, (n, 2, 2)).astype(float), rng.standard_normal((n, 2, 2))
    ref = batched._solve_2x2_chunk(A, B, 1e-9)
    for engine in ENGINES:
        for r, g in zip(ref, batched._solve_2x2_kernel(A, B, 1e-9, engine), strict=True):
            assert np.array_equal(g, r, equal_nan=True)
    for chunk in (1, 7, 1024, 32768):  # the chunk sizes the benchmark measures, and odd ones
        for r, g in zip(ref, batched._solve_2x2_kernel(A, B, 1e-9, "numpy", chunk), strict=True):
            assert np.array_equal(g, r, equal_nan=True)


@pytest.mark.skipif("numba" not in ENGINES, reason="numba (the `fast` extra) is not installed")
def test_solve_2x2_picks_the_compiled_kernel_for_large_batches_with_the_same_result():
    rng = np.random.default_rng(1)
    n = batched.NUMBA_MIN_2X2 + 5
    A, B = rng.integers(0, 3, (n, 2, 2)).astype(float), rng.integers(0, 3, (n, 2, 2)).astype(float)
    big = solve_2x2(A, B)
    small = [solve_2x2(A[s:s + 1000], B[s:s + 1000]) for s in range(0, n, 1000)]  # NumPy engine
    for name in FIELDS:
        assert np.array_equal(getattr(big, name), np.concatenate([getattr(r, name) for r in small]), equal_nan=True)
