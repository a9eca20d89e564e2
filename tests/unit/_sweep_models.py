"""Toy models for the sweep tests (importable by subprocesses, process pools and Dask workers)."""

from __future__ import annotations

import os
import time

import numpy as np

from deterrence_games._validation import Choice, Interval
from deterrence_games.models._base import ArraySolution, Model, Parameter


class Toy(Model):
    """Two parameters; fails at x == 0.5; two equilibria when x > 0.7 (the second flagged)."""

    id = ""  # not registered
    title = "toy"
    provenance = "reconstruction"
    parameters = (
        Parameter("x", 0.1, Interval(0, 1), "a number"),
        Parameter("y", 0.2, Interval(0, 1), "another number"),
        Parameter("mode", "a", Choice(("a", "b")), "a categorical parameter"),
    )
    outcomes = ("calm", "war")
    escalatory = ("war",)
    delay = 0.0

    def _solve(self, p):
        if self.delay:
            time.sleep(self.delay)
        if p["x"] == 0.5:
            raise RuntimeError("solver diverged")
        w = p["x"] * p["y"] / 3 + (0.1 if p["mode"] == "b" else 0.0)
        eqs = [self._equilibrium("pure", {"war": w, "calm": 1 - w}, quantities={"w": np.sqrt(w) / 7})]
        if p["x"] > 0.7:
            eqs.append(self._equilibrium("mixed", {"war": w * 1.5, "calm": 1 - w * 1.5},
                                         quantities={"w": np.exp(-w) / 3, "only_mixed": w / 11},
                                         flags={"refined": True}))
        return eqs


class SlowToy(Toy):
    """``Toy`` taking ``SWEEP_TEST_DELAY`` seconds (default 0.02) per point."""

    delay = float(os.environ.get("SWEEP_TEST_DELAY", "0.02"))


class Interrupting(Toy):
    """``Toy`` that raises KeyboardInterrupt (a Ctrl-C) at x == 0.9 while ``armed``."""

    armed = True

    def _solve(self, p):
        if p["x"] == 0.9 and type(self).armed:
            raise KeyboardInterrupt
        return super()._solve(p)


class Dying(Toy):
    """``Toy`` whose process dies (a lost worker) at x == 0.9 when the instance has ``die = True``
    (an instance attribute: it travels with the pickled model to the worker)."""

    die = False

    def _solve(self, p):
        if p["x"] == 0.9 and self.die:
            os._exit(3)
        return super()._solve(p)


class VecToy(Model):
    """A closed form with two slots (the second valid when x > 0.7), vectorized and not."""

    id = ""
    title = "vectorized toy"
    provenance = "reconstruction"
    parameters = (Parameter("x", 0.1, Interval(0, 1), "a number"),
                  Parameter("y", 0.2, Interval(0, 1), "another number"))
    outcomes = ("calm", "war")
    escalatory = ("war",)

    @staticmethod
    def _war(x, y):
        return np.sin(x * 3.1) ** 2 * y / 2, np.sqrt(x * y) / 2

    def _solve(self, p):
        w0, w1 = self._war(p["x"], p["y"])
        eqs = [self._equilibrium("pooling", {"war": w0, "calm": 1 - w0})]
        if p["x"] > 0.7:
            eqs.append(self._equilibrium("separating", {"war": w1, "calm": 1 - w1}, flags={"intuitive": True}))
        return eqs

    def _solve_arrays(self, p):
        x, y = p["x"], p["y"]
        w0, w1 = self._war(x, y)
        n = x.size
        war = np.stack([w0, w1], axis=1)
        valid = np.stack([np.ones(n, bool), x > 0.7], axis=1)
        labels = np.empty((n, 2), object)
        labels[:, 0], labels[:, 1] = "pooling", "separating"
        return ArraySolution(valid=valid, labels=labels, outcomes={"war": war, "calm": 1 - war},
                             flags={"intuitive": np.stack([np.zeros(n, bool), x > 0.7], axis=1)})


class Sparse(Toy):
    """``Toy`` with no equilibrium at all when x > 0.85 (a solver that finds none)."""

    def _solve(self, p):
        return [] if p["x"] > 0.85 else super()._solve(p)


class SparseVec(VecToy):
    """``VecToy`` with no valid slot when x > 0.85, in both the vectorized and the per-point path."""

    def _solve(self, p):
        return [] if p["x"] > 0.85 else super()._solve(p)

    def _solve_arrays(self, p):
        sol = super()._solve_arrays(p)
        valid = sol.valid & (p["x"] <= 0.85)[:, None]
        return ArraySolution(valid=valid, labels=sol.labels, outcomes=sol.outcomes, flags=sol.flags)


def concurrent_writer(barrier, jobs, results) -> None:
    """Worker of the concurrent-writers test: for each output path from ``jobs`` (None ends),
    wait for the other worker at ``barrier``, sweep into the path, report "ok" or the error."""
    import deterrence_games as dg

    while (path := jobs.get()) is not None:
        barrier.wait()
        try:
            dg.sweep("inspection", {"non_detection": np.linspace(0, 0.6, 25), "false_alarm": [0.0, 0.05, 0.2]},
                     out=path, chunk_size=15, vectorized=False, backend="serial", progress=False)
            results.put("ok")
        except Exception as exc:  # reported to the test, which checks its kind and text
            results.put(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":  # the sweep that the kill-and-resume test kills
    import sys

    import deterrence_games as dg
    from tests.unit._sweep_models import SlowToy as Slow  # importable name, not __main__

    dg.sweep(Slow(), {"x": np.linspace(0, 1, 11), "y": [0.25, 0.75]}, out=sys.argv[1],
             chunk_size=2, backend="serial", resume=len(sys.argv) > 2)


class DyingOnce(Toy):
    """``Toy`` whose process dies at x == 0.9 the first ``deaths`` times (counted by files in
    the instance's ``marker_dir``, shared by every worker): a worker lost mid-sweep."""

    marker_dir = ""
    deaths = 1

    def _solve(self, p):
        if p["x"] == 0.9 and self.marker_dir:
            seen = len(os.listdir(self.marker_dir))
            if seen < self.deaths:
                open(os.path.join(self.marker_dir, f"death-{seen}"), "w").close()
                os._exit(3)
        return super()._solve(p)
