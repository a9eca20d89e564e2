"""Equilibrium computations give the same answer under every OpenBLAS kernel the CPU runs.

OpenBLAS picks a kernel for the CPU at load time (``OPENBLAS_CORETYPE`` overrides it); the
kernels round differently in the last bits. A numerical path that depends on those bits
(a convergence test at the edge of machine precision) passes on one machine and fails on
another: the logit QRE path once failed at lambda ~ 9,600 under the AVX-512 (SkylakeX)
kernel only. Each kernel runs in a subprocess (the variable is read when the library loads).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, warnings
import numpy as np
import threadpoolctl
import deterrence_games as dg
from deterrence_games.models.selection import qre_selection
kernel = [i.get("architecture") for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
m = dg.get_model("crisis_signaling")
out = {"kernel": kernel, "points": []}
for kw in ({}, dict(q=0.8), dict(a=3.0, q=0.6), dict(q=0.6, a=1.0, pi=0.6)):
    p = m.validate(**kw)
    sol = m.solve(**p)
    sel = qre_selection(m, sol)
    out["points"].append({"n": len(sol), "index": sel.index, "distance": sel.distance,
                          "limit": [np.asarray(a).tolist() for a in sel.limit]})
print(json.dumps(out))
"""


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    return set(line.split(":", 1)[-1].split())


def _kernels() -> list[str]:
    """Kernels this CPU can run: Haswell needs AVX2, SkylakeX AVX-512F, Sandybridge AVX."""
    flags = _cpu_flags()
    need = {"Sandybridge": "avx", "Haswell": "avx2", "SkylakeX": "avx512f"}
    return [k for k, f in need.items() if f in flags]


def _run(kernel: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENBLAS_")}
    env.update(OPENBLAS_CORETYPE=kernel, OPENBLAS_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    res = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                         timeout=600, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="OpenBLAS x86 kernels")
def test_qre_selection_is_the_same_under_every_openblas_kernel():
    pytest.importorskip("threadpoolctl")
    kernels = _kernels()
    if len(kernels) < 2:
        pytest.skip(f"this CPU runs fewer than two OpenBLAS x86 kernels ({kernels})")
    runs = {k: _run(k) for k in kernels}
    for k, r in runs.items():  # the override took effect
        assert {a.lower() for a in r["kernel"]} == {k.lower()}, (k, r["kernel"])
    ref_kernel, ref = kernels[0], runs[kernels[0]]
    for k in kernels[1:]:
        for a, b in zip(ref["points"], runs[k]["points"], strict=True):
            assert (a["n"], a["index"]) == (b["n"], b["index"]), (ref_kernel, k)
            for x, y in zip(a["limit"], b["limit"], strict=True):
                np.testing.assert_allclose(x, y, atol=1e-9, err_msg=f"{ref_kernel} vs {k}")
