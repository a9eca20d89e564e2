"""dg.plot.escalation follows equilibria by label and branch, draws jumps as jumps, labels axes
from the model's parameter declarations; the journal style and the figure checks (issue 15)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import deterrence_games as dg  # noqa: E402
from deterrence_games.plots.escalation import band_edges  # noqa: E402
from deterrence_games.plots.style import _tex  # noqa: E402

XS = np.round(np.linspace(0, 1, 11), 10)


def _table() -> pd.DataFrame:
    """Three labels: pooling everywhere, two 'semi' branches on [0.3, 0.5], separating on [0.6, 1].

    Equilibrium indices are shuffled point by point, so that index 0 means a different
    equilibrium at different points (as solvers return them).
    """
    rng = np.random.default_rng(0)
    rows = []
    for i, x in enumerate(XS):
        eqs = [("pooling", 0.5 - 0.2 * x)]
        if 0.3 <= x <= 0.5:
            eqs += [("semi", 0.2), ("semi", 0.3)]
        if x >= 0.6:
            eqs += [("separating", 0.1)]
        for e, k in enumerate(rng.permutation(len(eqs))):
            rows.append({"q": x, "point": i, "equilibrium": e, "n_equilibria": len(eqs), "label": eqs[k][0],
                         "escalation_probability": eqs[k][1], "status": "ok"})
    t = pd.DataFrame(rows)
    t.attrs["provenance"] = {"model": "crisis_signaling", "select": "all"}
    return t


def test_equilibria_are_followed_by_label_and_branch_not_by_index():
    pieces = dg.plot.curves(_table(), "q")
    by = {lab: g for lab, g in pieces.groupby("label")}
    assert set(by) == {"pooling", "semi", "separating"}
    np.testing.assert_allclose(by["pooling"].sort_values("x")["y"], 0.5 - 0.2 * XS)
    assert by["pooling"]["piece"].nunique() == 1
    assert sorted(by["separating"]["x"]) == pytest.approx([0.6, 0.7, 0.8, 0.9, 1.0])
    semi = by["semi"]
    assert semi["piece"].nunique() == 2 and set(semi["branch"]) == {0, 1}
    assert (semi[semi["branch"] == 0]["y"] == 0.2).all() and (semi[semi["branch"] == 1]["y"] == 0.3).all()
    assert not pieces["start_jump"].any() and not pieces["end_jump"].any()
    # every piece holds one label
    assert (pieces.groupby("piece")["label"].nunique() == 1).all()


def test_legend_names_labels_and_band_axes_carry_meaning_and_symbol():
    ax = dg.plot.escalation(_table(), "q")
    texts = [t.get_text() for t in ax.figure.legends[0].get_texts()]
    assert texts == ["pooling", "semi", "separating", "range over equilibria (min to max)"]
    assert "$q$" in ax.get_xlabel() and "precision" in ax.get_xlabel()
    assert ax.get_ylabel() == "probability of escalation"
    assert dg.plot.figure_problems(ax.figure) == []
    assert ax.figure.get_size_inches()[0] == pytest.approx(3.5)
    plt.close(ax.figure)


def _switching(hue_values=(0.3,)) -> pd.DataFrame:
    """Least escalatory equilibrium 'pooling' (0.3) up to x = 0.4, 'separating' (0.05 + x/100) after."""
    rows = []
    for h in hue_values:
        for i, x in enumerate(XS):
            rows.append({"rho": x, "pi": h, "point": i, "equilibrium": 0, "label": "pooling",
                         "escalation_probability": 0.3 + h / 10, "status": "ok"})
            if x >= 0.5:
                rows.append({"rho": x, "pi": h, "point": i, "equilibrium": 1, "label": "separating",
                             "escalation_probability": 0.05 + x / 100, "status": "ok"})
    t = pd.DataFrame(rows)
    t.attrs["provenance"] = {"model": "crisis_bargaining_signal"}
    return t


def test_selected_equilibrium_is_one_curve_with_a_jump_not_a_vertical_segment():
    t = _switching((0.3, 0.6))
    pieces = dg.plot.curves(t, "rho", hue="pi", select="min")
    for _, p in pieces.groupby("hue"):
        assert p["piece"].nunique() == 2
        assert p[p["end_jump"]]["x"].tolist() == [0.4] and p[p["start_jump"]]["x"].tolist() == [0.5]
    ax = dg.plot.escalation(t, "rho", hue="pi", select="min")
    for line in ax.lines:  # no drawn segment joins 0.4 to 0.5
        xs = list(np.asarray(line.get_xdata(), float))
        assert not (0.4 in xs and 0.5 in xs)
    faces = [line.get_markerfacecolor() for line in ax.lines if line.get_linestyle() == "None"]
    assert faces.count("white") == 2 and len(faces) == 4  # an open and a filled marker per curve
    texts = [t.get_text() for t in ax.figure.legends[0].get_texts()]
    assert texts == [r"$\pi$ = 0.3", r"$\pi$ = 0.6", "range over equilibria (min to max)",
                     "jump: ● last point before, ○ first after"]
    assert "least escalatory equilibrium" in ax.get_ylabel()
    assert dg.plot.figure_problems(ax.figure) == []
    plt.close(ax.figure)


def test_a_steep_smooth_curve_is_not_a_jump_and_a_table_swept_with_select_is_one_curve():
    x = np.linspace(0, 1, 101)
    t = pd.DataFrame({"x": x, "escalation_probability": x**4, "label": "pure", "status": "ok"})
    assert not dg.plot.curves(t, "x")[["start_jump", "end_jump"]].to_numpy().any()
    t = dg.sweep("crisis_bargaining_signal", {"rho": np.linspace(0.5, 1, 41), "pi": [0.3, 0.6]}, select="min")
    ax = dg.plot.escalation(t, "rho", hue="pi")
    assert len(ax.figure.legends[0].get_texts()) <= 4
    assert "accuracy of the public signal" in ax.get_xlabel() and r"$\rho$" in ax.get_xlabel()
    plt.close(ax.figure)


def test_bad_arguments():
    with pytest.raises(ValueError, match="`select`"):
        dg.plot.escalation(_table(), "q", select="median")
    with pytest.raises(ValueError, match="`nope`"):
        dg.plot.escalation(_table(), "nope")


@pytest.mark.parametrize("symbol,tex", [("w_R", "$w_{R}$"), ("rho^*", r"$\rho^*$"), ("π", r"$\pi$"),
                                        ("T̂", r"$\hat{T}$"), ("D_hard", r"$D_{\mathrm{hard}}$"),
                                        ("S_deal - S_race", r"$S_{\mathrm{deal}} - S_{\mathrm{race}}$")])
def test_symbols_become_tex(symbol, tex):
    assert _tex(symbol) == tex


def test_save_figure_writes_png_pdf_svg_at_300_dpi(tmp_path):
    with dg.plot.style():
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("x axis")
        ax.set_ylabel("y axis")
    files = dg.plot.save_figure(fig, tmp_path / "f")
    assert [f.name for f in files] == ["f.png", "f.pdf", "f.svg"]
    assert mpimg.imread(files[0]).shape[1] == round(3.5 * 300)
    assert files[1].read_bytes()[:5] == b"%PDF-" and b"<svg" in files[2].read_bytes()[:500]
    with pytest.raises(ValueError, match="`formats`"):
        dg.plot.save_figure(fig, tmp_path / "h", ["jpg"])


def test_figure_problems_flags_what_a_referee_would():
    with dg.plot.style():
        fig, ax = plt.subplots()
        for e in range(12):
            ax.plot(np.linspace(0, 1, 21), np.linspace(e, e + 1, 21), label=f"eq. {e}")
        ax.legend(loc="center")
        ax.set_xlabel("lam")
        ax.set_title("a title far too long for a single-column figure, so that it runs off both edges")
    problems = " | ".join(dg.plot.figure_problems(fig))
    for needle in ("clipped", "12 entries", "names an equilibrium by index", "bare column name 'lam'",
                   "no y label", "legend covers"):
        assert needle in problems
    plt.close(fig)


def test_the_band_steps_at_a_jump_instead_of_interpolating_across_it():
    """The least escalatory equilibrium jumps from 0.33 to 0.055 between rho = 0.4 and 0.5: the band
    keeps its edges up to the midpoint and steps there (no edge joins the values either side)."""
    bx, lo, hi = band_edges(XS, np.where(XS >= 0.5, 0.05 + XS / 100, 0.33),
                                                              np.full(XS.size, 0.33))
    at = np.flatnonzero(np.isclose(bx, 0.45))
    assert at.size == 2 and lo[at].tolist() == [0.33, 0.055] and hi[at].tolist() == [0.33, 0.33]
    assert bx.size == XS.size + 2 and np.all(np.diff(bx) >= 0)
    ax = dg.plot.escalation(_switching(), "rho", select="min")
    (band,) = ax.collections
    verts = np.concatenate([p.vertices for p in band.get_paths()])
    lower = verts[np.isclose(verts[:, 1], 0.055) | (verts[:, 1] < 0.33 - 1e-12)]
    assert lower[:, 0].min() == pytest.approx(0.45)  # the band starts at the step, not at 0.4
    for p in band.get_paths():  # no edge of the polygon spans the jump from 0.4 to 0.5
        v = p.vertices
        for (x0, y0), (x1, y1) in zip(v[:-1], v[1:], strict=True):
            assert not (min(x0, x1) < 0.45 - 1e-9 and max(x0, x1) > 0.45 + 1e-9 and abs(y1 - y0) > 1e-9)
    plt.close(ax.figure)
    # a continuous band is drawn as before
    bx, lo, hi = band_edges(XS, XS / 10, XS / 5)
    assert bx.tolist() == XS.tolist()
