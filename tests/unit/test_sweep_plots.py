"""Heatmaps and regime maps drawn from sweep tables, without recomputing (issue 7)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import deterrence_games as dg  # noqa: E402

from ._sweep_models import Toy, VecToy  # noqa: E402

XS, YS = np.linspace(0, 1, 11), np.linspace(0.1, 0.9, 5)


@pytest.fixture(scope="module")
def table():
    return dg.sweep(VecToy(), {"x": XS, "y": YS})


def test_heatmap_cells_are_the_declared_reduction(table):
    for reduce, fn in (("min", np.minimum), ("max", np.maximum)):
        ax = dg.plot.heatmap(table, "x", "y", reduce=reduce)
        (mesh,) = ax.collections
        z = np.asarray(mesh.get_array()).reshape(len(YS), len(XS))
        w0, w1 = VecToy._war(XS[None, :], YS[:, None])
        expect = np.where(XS[None, :] > 0.7, fn(w0, w1), w0)  # second equilibrium only for x > 0.7
        np.testing.assert_allclose(z, expect, rtol=0, atol=1e-15)
        assert reduce in ax.figure.axes[-1].get_ylabel()
        plt.close(ax.figure)


def test_regime_map_labels_and_counts(table):
    ax = dg.plot.regime_map(table, "x", "y")
    n_two = int((XS > 0.7).sum()) * len(YS)
    assert ax.regimes == {"pooling": XS.size * YS.size - n_two, "pooling+separating": n_two}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pooling", "pooling+separating"]
    plt.close(ax.figure)
    ax = dg.plot.regime_map(table, "x", "y", by="n_equilibria")
    assert ax.regimes == {"1 equilibria": XS.size * YS.size - n_two, "2 equilibria": n_two}
    plt.close(ax.figure)


def test_failed_points_scattered_designs_and_errors():
    t = dg.sweep(Toy(), {"x": [0.1, 0.5, 0.9], "y": [0.2, 0.4]})
    ax = dg.plot.regime_map(t, "x", "y")
    assert ax.regimes == {"pure": 2, "mixed+pure": 2, "failed": 2}
    plt.close(ax.figure)
    lhs = dg.sweep(VecToy(), {"x": (0, 1), "y": (0, 1)}, design="lhs", n_points=50, seed=3)
    ax = dg.plot.heatmap(lhs, "x", "y", reduce="max")
    assert len(ax.collections[0].get_offsets()) == 50  # drawn as points
    plt.close(ax.figure)
    t3 = dg.sweep(Toy(), {"x": [0.1, 0.9], "y": [0.2, 0.4], "mode": ["a", "b"]})
    with pytest.raises(ValueError, match="mode also vary"):
        dg.plot.heatmap(t3, "x", "y")
    ax = dg.plot.heatmap(t3[t3["mode"] == "b"], "x", "y")
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="`nope`"):
        dg.plot.regime_map(t, "x", "nope")
    with pytest.raises(ValueError, match="`reduce`"):
        dg.plot.heatmap(t, "x", "y", reduce="median")


def test_plots_from_a_table_read_back(tmp_path, table):
    dg.save_table(table, tmp_path / "t.parquet")
    back = dg.load_table(tmp_path / "t.parquet")
    ax = dg.plot.heatmap(back, "x", "y")
    ax2 = dg.plot.regime_map(back, "x", "y")
    assert ax2.regimes["pooling+separating"] == int((XS > 0.7).sum()) * len(YS)
    plt.close("all")
    del ax
