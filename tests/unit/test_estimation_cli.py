"""``deterrence-games estimate``: JSON fields, a CSV path, and one-line errors with status 2."""

from __future__ import annotations

import json

import pytest

import deterrence_games as dg
from deterrence_games.cli import main

F1 = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"


def test_estimate_json_matches_the_python_fit(capsys):
    assert main(["estimate", "egame12", "--data", "war1800", "--formula", F1, "--link", "logit", "--json",
                 "--restarts", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"loglik", "n_obs", "n_dropped", "params", "bse", "converged"} <= set(out)
    fit = dg.estimate.egame12(F1, dg.datasets.load("war1800"), link="logit", restarts=0)
    assert out["loglik"] == pytest.approx(fit.llf, abs=1e-9)
    assert out["n_obs"] == 282 and out["n_dropped"] == 31 and out["converged"] is True
    assert out["params"] == pytest.approx(fit.params.to_dict())
    assert out["bse"] == pytest.approx(fit.bse.to_dict())


def test_estimate_reads_a_csv_and_prints_a_summary(tmp_path, capsys):
    path = tmp_path / "disputes.csv"
    dg.datasets.load("war1800").to_csv(path, index=False)
    assert main(["estimate", "egame12", "--data", str(path), "--formula", F1, "--restarts", "0"]) == 0
    text = capsys.readouterr().out
    assert "u24:balanc" in text and "Log-likelihood" in text


def test_estimate_bootstrap_is_seeded(capsys):
    args = ["estimate", "egame12", "--data", "war1800", "--formula", "esc + war ~ 1 | 0 | 1 | balanc",
            "--boot", "5", "--seed", "3", "--restarts", "0", "--json"]
    main(args)
    a = json.loads(capsys.readouterr().out)
    main(args)
    b = json.loads(capsys.readouterr().out)
    assert a["vcov"] == "bootstrap" and a["bse"] == b["bse"]


@pytest.mark.parametrize("formula, extra, match", [
    ("esc + war ~ nope | 0 | 1 | balanc", [], "nope"),
    ("esc + war ~ 1 | 0 | 1", [], "right-hand sides"),
    ("esc + war ~ exp(x) | 0 | 1 | balanc", [], "exp"),
    ("capit + war ~ 1 | 0 | 1 | balanc", [], "nested"),
    ("esc + dem1 ~ 1 | 0 | 1 | balanc", [], "0/1"),
    ("esc + war ~ 1 | 0 | 1 | balanc", ["--link", "cauchit"], "link"),
    ("esc + war ~ 1 | 0 | 1 | balanc", ["--data", "missing.csv"], "--data"),
])
def test_estimate_bad_input_one_line_status_2(capsys, formula, extra, match):
    data = [] if "--data" in extra else ["--data", "war1800"]
    assert main(["estimate", "egame12", *data, "--formula", formula, *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and match in err


def test_estimate_no_variation_status_2(tmp_path, capsys):
    war = dg.datasets.load("war1800")
    path = tmp_path / "flat.csv"
    war.assign(esc=0, war=0).to_csv(path, index=False)
    assert main(["estimate", "egame12", "--data", str(path), "--formula", "esc + war ~ 1 | 0 | 1 | balanc"]) == 2
    assert "variation" in capsys.readouterr().err


def test_estimate_egame122_from_a_csv(tmp_path, capsys):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    d = pd.DataFrame({"x": rng.normal(size=400), "z": rng.normal(size=400)})
    d["a1"] = (rng.random(400) < 0.5).astype(int)
    d["a2"] = (rng.random(400) < 0.4 + 0.2 * d["a1"]).astype(int)
    path = tmp_path / "g122.csv"
    d.to_csv(path, index=False)
    f = "a1 + a2 ~ x | 0 | 0 | 1 | z | 1"
    assert main(["estimate", "egame122", "--data", str(path), "--formula", f, "--restarts", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    fit = dg.estimate.egame122(f, d, restarts=0)
    assert out["model"] == "egame122" and out["loglik"] == pytest.approx(fit.llf, abs=1e-9)
