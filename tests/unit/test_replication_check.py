"""`deterrence-games reproduce` checks every regenerated table against papers/*/expected/ (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from deterrence_games.cli import main
from deterrence_games.replication import _tolerance, compare_table

PAPERS = Path(__file__).resolve().parents[2] / "papers"


@pytest.mark.parametrize("text,tol", [("0.0049", 5e-5), ("10.20", 5e-3), ("0.5", 5e-4), ("3", 1.5e-3),
                                      ("0.588235294117647", 1e-9), ("5e-8", 5e-9), ("1250", 0.5)])
def test_expected_numbers_are_read_to_their_printed_digits(text, tol):
    assert _tolerance(text) == pytest.approx(tol)


def test_compare_table_reports_the_differing_row(tmp_path):
    exp = tmp_path / "t.csv"
    exp.write_text("case,x,y,tolerance\na,0.1234,1;2,\nb,0.5,,0.01\n")
    got = pd.DataFrame({"case": ["a", "b"], "x": [0.12343, 0.509], "y": ["1.0;2.0", "7"], "extra": [1, 2]})
    check = compare_table(got, exp)
    assert check.matches and check.n_numbers == 4 and check.max_deviation == pytest.approx(0.009)
    got.loc[0, "x"] = 0.1236
    check = compare_table(got, exp)
    assert not check.matches and check.differences == ("row 1: x=0.1236 (expected 0.1234)",)
    # a regenerated table with more rows: each expected row must match one of them
    finer = pd.DataFrame({"case": ["a", "c", "b"], "x": [0.12343, 9.0, 0.5], "y": ["1;2", "", ""]})
    assert compare_table(finer, exp).matches
    finer.loc[2, "case"] = "z"
    assert "row 2" in compare_table(finer, exp).differences[0]


def _copy_paper(tmp_path: Path, name: str) -> Path:
    papers = tmp_path / "papers"
    shutil.copytree(PAPERS / name, papers / name, ignore=shutil.ignore_patterns("__pycache__"))
    return papers


def test_reproduce_prints_match_and_exits_1_on_a_corrupted_expected_value(tmp_path, capsys):
    papers = _copy_paper(tmp_path, "ZagareKilgour2000")
    args = ["reproduce", "ZagareKilgour2000", "--papers-dir", str(papers), "--out", str(tmp_path / "out")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "ZagareKilgour2000: matches (24 numbers in 1 table, max deviation" in out
    assert (tmp_path / "out" / "ZagareKilgour2000" / "conflict_vs_credibility.pdf").is_file()
    path = papers / "ZagareKilgour2000" / "expected" / "conflict.csv"
    table = pd.read_csv(path)
    table.loc[0, "conflict"] = 0.48  # the paper's value is 0.49
    table.to_csv(path, index=False)
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "DIFFERS" in captured.out and "conflict.csv: row 1: conflict=0.49 (expected 0.48)" in captured.out
    assert "1 of 1 replications differ from expected/: ZagareKilgour2000" in captured.err


def test_reproduce_list(capsys):
    assert main(["reproduce", "--list"]) == 0
    names = capsys.readouterr().out.split()
    assert names == sorted(p.name for p in PAPERS.iterdir() if (p / "reproduce.py").is_file())
