"""Hypothesis profiles of the fuzz campaign (applied to the tests of this folder only).

``bounded`` (the default, run by ``make test``): a few cases per model and property, about a
minute in all. ``fuzz`` (``make fuzz``, on demand, ``DETERRENCE_GAMES_FUZZ=fuzz``): 1,200
cases per model and property, over 10^5 model calls in all.

With ``DETERRENCE_GAMES_FUZZ_STATS=DIR`` each pytest process writes the cases and model
calls of every test it ran to ``DIR/<worker>.json`` (the figures of the README).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings

_COMMON = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                      HealthCheck.data_too_large])
settings.register_profile("dg-bounded", max_examples=4, derandomize=True,  # no shrinking: a failure
                          phases=(Phase.explicit, Phase.reuse, Phase.generate), **_COMMON)  # is reported as drawn
settings.register_profile("dg-fuzz", max_examples=1200, **_COMMON)
PROFILE = settings.get_profile("dg-" + os.environ.get("DETERRENCE_GAMES_FUZZ", "bounded"))

#: per test node id: cases drawn and model calls made (solves and one-point sweeps)
CASES: Counter = Counter()
CALLS: Counter = Counter()
#: how often a conditional check (e.g. against a second method) was reached
CHECKS: Counter = Counter()


def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("DETERRENCE_GAMES_FUZZ_STATS")
    if out and (CASES or CALLS):
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / f"{worker}.json").write_text(json.dumps({"cases": CASES, "calls": CALLS, "checks": CHECKS}, indent=1))
