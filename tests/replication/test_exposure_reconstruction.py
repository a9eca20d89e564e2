"""papers/transparency_exposure: the worked cases (reconstruction)."""

from pathlib import Path

import pandas as pd
import pytest

from ._reproduced import reproduce_once

pytestmark = pytest.mark.replication

PAPER = Path(__file__).resolve().parents[2] / "papers" / "transparency_exposure"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("transparency_exposure")
    reproduce_once(PAPER, d)
    return d


def test_leak_proxy_cases(out):
    exp = pd.read_csv(PAPER / "expected" / "leak_proxy.csv")
    got = pd.read_csv(out / "leak_proxy.csv")
    assert len(got) == len(exp)
    for (_, e), (_, g) in zip(exp.iterrows(), got.iterrows(), strict=True):
        assert (g["pi"], g["tau"]) == (e["pi"], e["tau"])
        assert g["pi_star"] == pytest.approx(e["pi_star"], abs=5e-7)
        assert g["war"] == pytest.approx(e["war"], abs=1e-12)
        assert g["war_brute_force"] == pytest.approx(e["war"], abs=1e-12)


def test_deal_window_cases(out):
    exp = pd.read_csv(PAPER / "expected" / "deal_window.csv")
    got = pd.read_csv(out / "deal_window.csv")
    for (_, e), (_, g) in zip(exp.iterrows(), got.iterrows(), strict=True):
        for k in ("tau_min", "tau_max", "war"):
            assert g[k] == pytest.approx(e[k], abs=1e-12)
        assert g["war_enumerated"] == pytest.approx(e["war"], abs=1e-12)
        assert bool(g["deal_exists"]) is bool(e["deal_exists"])


def test_figure_written(out):
    assert (out / "war_vs_tau.png").stat().st_size > 0
