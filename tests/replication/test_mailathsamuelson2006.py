"""papers/MailathSamuelson2006: the book's PD numbers against the automata machinery (see README)."""

from pathlib import Path

import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "MailathSamuelson2006"
pytestmark = pytest.mark.replication


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"pd_public_signal.csv", "trigger_pause.csv", "trigger_pause_value.png"} <= files
    got = pd.read_csv(tmp_path / "pd_public_signal.csv")
    exp = pd.read_csv(PAPER / "expected" / "pd_public_signal.csv")
    assert len(got) == len(exp)
    for g, e in zip(got.itertuples(), exp.itertuples(), strict=True):
        assert g.grim_critical_delta == pytest.approx(e.grim_critical_delta, abs=1e-8)
        assert g.max_sse_payoff == pytest.approx(e.max_sse_payoff, abs=1e-12)
        assert abs(g.ic_gain_at_trigger) < 1e-12  # the incentive constraint binds
        assert g.is_ppe
    pt = pd.read_csv(tmp_path / "trigger_pause.csv")
    assert (pt["value"] < pt["v_bind"]).all()
