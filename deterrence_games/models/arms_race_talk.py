"""Arms races and negotiations: private arming costs, the multiplier effect, and cheap talk.

Baliga and Sjöström (2004), in a textbook rendering (see ``docs/models/arms_race_talk.md``).
Two players simultaneously Build (B) or Not (N). Player i's payoffs (row: own action)::

                 opponent B     opponent N
    i builds       -c_i          mu - c_i
    i does not      -d              0

The cost ``c_i`` is private, iid with CDF ``F`` on ``[c_lo, c_hi]``. Types ``c < mu`` are
dominant-strategy hawks; ``mu < c < d`` coordination types; ``c > d`` (if any) dominant doves.

**No communication**. B is a best response iff ``c < mu + (d - mu) P(j builds)``,
so cutoff equilibria solve ``c_hat = mu + (d - mu) F(c_hat)`` (clipped to the support). Every
root is returned: interior roots by a sign-change scan of ``mu + (d - mu) F(c) - c`` on a grid
of 20,001 points refined by ``brentq``, and the corners ``c_hat = c_hi`` (everyone builds;
iff ``d >= c_hi``) and ``c_hat = c_lo`` (nobody builds; iff ``mu <= c_lo``). A tangency
(double root) that does not change sign is not found; such points are non-generic.
Pr(arms race) = F(c_hat)^2. The *multiplier* result (BS 2004, abstract; Proposition 1): if
``mu + (d - mu) F(c) > c`` for all ``c`` (e.g. ``(d - mu) f >= 1`` with hawks present) the
unique equilibrium is ``c_hat = c_hi``: the arms race happens with probability one.
**Complete-information benchmark** (types revealed; two coordination types select (N, N)):
Pr(arms race) = F(d)^2 - (F(d) - F(mu))^2, i.e. 1 - (1 - eps)^2 when ``c_hi <= d``.

**Cheap talk** (``talk=True``). Baliga and Sjöström's own construction (their Section 4,
which yields an arms-race probability close to zero as the hawk probability vanishes) was
not available to this project (only the abstract's claims were checked). What is implemented
instead is the project's **two-message construction [R]**, with its
parameters found by solving the indifference conditions for a general ``F``:

* message G1 is sent by ``c in [c_lo, a) U [b, c_hi]`` (hawks, near-hawks and doves), G2 by
  ``c in [a, b)`` (moderates);
* continuation after (G1, G1): types below ``t = mu + (d - mu) q11`` build, with
  ``q11 = F(a) / P1`` (so exactly ``[c_lo, a)`` builds, requiring ``a <= t <= b``); after
  (G2, G2): nobody builds; after mixed messages: both build (the punishment);
* indifference of the boundary types: ``a = mu (1 - F(b)) / P2`` and
  ``b = d F(a) / (P1 - P2)``, with ``P1 = F(a) + 1 - F(b)``, ``P2 = F(b) - F(a)``;
* requirements checked: ``mu <= a < b <= c_hi <= d``, ``P1 > P2``, ``a <= t <= b``, and every
  type's message is a best response (with optimal continuation play, i.e. double deviations
  included) on a grid of 20,001 types; the minimum slack is reported as a certificate.

Pr(arms race) = F(a)^2 + 2 P1 P2. In a sweep (``dg.sweep``, the vectorized path) the
indifference conditions with uniform costs are solved by Newton's method from the same 64
starts, for every point at once, with the same acceptance rules; tests hold it to the
per-point ``hybr`` search on random points (the beta mixture keeps ``hybr``). With ``c ~ U[0, 1]``, ``mu = 0.05``, ``d = 1.2`` this gives
0.4925 against 1 without talk; it does **not** reproduce BS's "close to zero". Babbling
equilibria (every no-talk cutoff, messages ignored) remain equilibria with talk and are listed.

Distributions (``variant``): ``"uniform"`` on ``[c_lo, c_hi]``; ``"beta_mixture"``: weight ``eps``
on ``U[c_lo, mu]`` (the hawks) and ``1 - eps`` on a Beta(``beta_a``, ``beta_b``) rescaled to
``[c_lo, c_hi]`` (worked case 3: ``eps = 0.05``, Beta(8, 8), ``mu = 0.05``, ``d = 1``).

Symbolic form (:meth:`ArmsRaceTalk.symbolic`): with uniform costs and no talk the cutoff
equation is linear; four regimes (hawks present or not, ``d`` below or above ``c_hi``).

Provenance (per variant): **textbook version** without talk: the game and the multiplier
result follow a secondary source's rendering of the paper, whose full text was not read (only
its abstract's claims were confirmed); with ``talk=True`` a **reconstruction**: every
informative equilibrium is the project's own two-message construction, not the paper's (flagged
``paper_construction=False``), and a solution with talk carries that label.

Aliases: *arms race game* / *stag hunt with private costs* / *security dilemma with
incomplete information* (Kydd 1997, 2005); the cheap-talk stage models *negotiations*,
*hotlines* and *crisis talks*.

Outcomes: ``arms_race`` (both build; the escalatory outcome, as in the project's
Pr(arms race) = F(c_hat)^2), ``one_sided`` (exactly one builds) and ``peace``.

Ties: a type exactly at the cutoff does not build (the peaceful action); the listed
equilibria are flagged ``most_peaceful`` (lowest arms-race probability).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq, root
from scipy.special import betainc

from .._validation import Choice
from ..results import Equilibrium
from ._base import ArraySolution, Model, Parameter, Variant, interval

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["ArmsRaceTalk", "cutoff_equilibria", "two_message_equilibria", "message_payoffs"]

_GRID = 20_001


def _python(v):
    """A NumPy scalar as the Python value the per-point path receives."""
    return v.item() if isinstance(v, np.generic) else v


def _clip01(x: float) -> float:
    """``numpy.clip(x, 0, 1)`` for one float, in plain Python (same value, NaN kept)."""
    return min(max(x, 0.0), 1.0)


def _cdf(p: dict):
    """The cost CDF ``F`` of ``p["dist"]``, for arrays and (without NumPy overhead) floats.

    The float branch does the same IEEE operations as the array branch, so both give the
    same bits; it serves the root finder of :func:`two_message_equilibria`, which evaluates
    ``F`` at one point at a time thousands of times per solve.
    """
    lo, hi, mu = p["c_lo"], p["c_hi"], p["mu"]
    if p["variant"] == "uniform":
        def F(c):
            if isinstance(c, float):
                return _clip01((c - lo) / (hi - lo))
            with np.errstate(over="ignore"):  # hi - lo subnormal: the quotient's limit, clipped to 1
                return np.clip((np.asarray(c, dtype=float) - lo) / (hi - lo), 0.0, 1.0)
    else:
        eps, ba, bb = p["eps"], p["beta_a"], p["beta_b"]

        def F(c):
            if isinstance(c, float):
                return eps * _clip01((c - lo) / (mu - lo)) + (1 - eps) * float(betainc(ba, bb, _clip01((c - lo) / (hi - lo))))
            c = np.asarray(c, dtype=float)
            with np.errstate(over="ignore"):  # mu - lo or hi - lo subnormal: the limit, clipped to 1
                hawk = np.clip((c - lo) / (mu - lo), 0.0, 1.0)
                x = np.clip((c - lo) / (hi - lo), 0.0, 1.0)
            return eps * hawk + (1 - eps) * betainc(ba, bb, x)
    return F


def cutoff_equilibria(F, mu: float, d: float, c_lo: float, c_hi: float) -> list[float]:
    """Every cutoff ``c_hat = clip(mu + (d - mu) F(c_hat))`` on ``[c_lo, c_hi]`` (sorted)."""
    grid = np.linspace(c_lo, c_hi, _GRID)
    return _cutoffs_on_grid(F, mu, d, c_lo, c_hi, grid, mu + (d - mu) * F(grid) - grid)


def _cutoffs_on_grid(F, mu: float, d: float, c_lo: float, c_hi: float, grid: NDArray, h: NDArray) -> list[float]:
    """:func:`cutoff_equilibria` from the scan ``h = mu + (d - mu) F(grid) - grid`` on its grid."""
    roots: list[float] = []
    if mu <= c_lo:
        roots.append(c_lo)
    for i in np.flatnonzero(np.sign(h[:-1]) * np.sign(h[1:]) < 0):  # h * h' underflows for tiny h
        roots.append(brentq(lambda c: float(mu + (d - mu) * F(c) - c), grid[i], grid[i + 1], xtol=1e-14))
    for i in np.flatnonzero(h == 0.0):
        roots.append(float(grid[i]))
    if d >= c_hi:
        roots.append(c_hi)
    out: list[float] = []
    for r in sorted(roots):
        if not out or abs(r - out[-1]) > 1e-9:
            out.append(float(r))
    return out


def message_payoffs(c: NDArray, F, mu: float, d: float, a: float, b: float) -> tuple[NDArray, NDArray]:
    """Payoffs of sending G1 and G2 for types ``c`` in the two-message construction.

    Each type best-responds in the continuation (so a deviation in the message may be followed
    by any action): against an opponent who builds with probability ``beta`` the continuation
    value is ``max((1 - beta) mu - c, -beta d)``.
    """
    Fa, Fb = float(F(a)), float(F(b))
    P1, P2 = Fa + 1 - Fb, Fb - Fa
    q11 = Fa / P1

    def W(beta):
        return np.maximum((1 - beta) * mu - c, -beta * d)

    U1 = P1 * W(q11) + P2 * W(1.0)
    U2 = P1 * W(1.0) + P2 * W(0.0)
    return U1, U2


def two_message_equilibria(F, mu: float, d: float, c_lo: float, c_hi: float) -> list[dict]:
    """Solve the indifference conditions of the two-message construction [R] for general F."""
    if c_hi > d or mu < c_lo:
        return []

    def eqs(x):
        a, b = x.tolist() if isinstance(x, np.ndarray) else x  # Python floats: same IEEE arithmetic, less overhead
        Fa, Fb = float(F(a)), float(F(b))
        P1, P2 = Fa + 1 - Fb, Fb - Fa
        return [a * P2 - mu * (1 - Fb), b * (P1 - P2) - d * Fa]

    lo = max(mu, c_lo)

    def solutions():
        for a0 in np.linspace(lo, c_hi, 9)[:-1]:
            for b0 in np.linspace(a0, c_hi, 9)[1:]:
                sol = root(eqs, [a0, b0], method="hybr", options={"xtol": 1e-14})
                if sol.success:
                    yield sol.x

    return _accepted(F, mu, d, c_lo, c_hi, solutions())


def _accepted(F, mu: float, d: float, c_lo: float, c_hi: float, solutions) -> list[dict]:
    """The solutions ``(a, b)`` of the indifference conditions (in the order of their starts) that
    make an equilibrium of the construction [R], without repeats (within 1e-7), sorted by ``a``."""
    def eqs(a, b):
        Fa, Fb = float(F(a)), float(F(b))
        P1, P2 = Fa + 1 - Fb, Fb - Fa
        return [a * P2 - mu * (1 - Fb), b * (P1 - P2) - d * Fa]

    found: list[dict] = []
    lo = max(mu, c_lo)
    for x in solutions:
        a, b = (float(v) for v in x)
        if not (lo - 1e-12 <= a < b <= c_hi + 1e-12) or max(abs(v) for v in eqs(a, b)) > 1e-10:
            continue
        Fa, Fb = float(F(a)), float(F(b))
        P1, P2 = Fa + 1 - Fb, Fb - Fa
        if not (P1 > P2 > 1e-9):  # P2 -> 0 is babbling in disguise (nobody sends G2)
            continue
        q11 = Fa / P1
        t = mu + (d - mu) * q11
        if not (a <= t + 1e-12 and t <= b + 1e-12):
            continue
        if any(abs(a - f["a"]) < 1e-7 and abs(b - f["b"]) < 1e-7 for f in found):
            continue
        types = np.linspace(c_lo, c_hi, _GRID)
        U1, U2 = message_payoffs(types, F, mu, d, a, b)
        sends_g1 = (types < a) | (types >= b)
        slack = np.where(sends_g1, U1 - U2, U2 - U1)
        min_slack = float(slack.min())
        if min_slack < -1e-9:
            continue
        found.append({"a": a, "b": b, "q11": q11, "t": t, "P1": P1, "P2": P2, "F_a": Fa,
                      "min_ic_slack": min_slack})
    return sorted(found, key=lambda f: f["a"])


def _linspace9(start: NDArray, stop: NDArray) -> NDArray:
    """``numpy.linspace(start[i], stop[i], 9)`` for every i, row by row (the same operations as
    for scalar ends: NumPy's vectorized linspace takes another path for all rows when one has
    ``start == stop``)."""
    delta = stop - start
    step = delta / 8
    k = np.arange(9.0)[None, :]
    y = np.where((step == 0)[:, None], (k / 8) * delta[:, None], k * step[:, None]) + start[:, None]
    y[:, -1] = stop
    return y


def _candidates(F, mu: NDArray, d: NDArray, c_lo: NDArray, c_hi: NDArray, a: NDArray, b: NDArray) -> NDArray:
    """Which solutions ``(a, b)`` (one per row, with their point's parameters) may pass the
    checks of :func:`_accepted` other than the incentive check: the same tests with margins twice
    as wide, so that no solution :func:`_accepted` keeps is dropped (it repeats the exact tests)."""
    with np.errstate(all="ignore"):
        Fa, Fb = F(a), F(b)
        P1, P2 = Fa + 1 - Fb, Fb - Fa
        res = np.maximum(np.abs(a * P2 - mu * (1 - Fb)), np.abs(b * (P1 - P2) - d * Fa))
        t = mu + (d - mu) * (Fa / P1)
        lo = np.maximum(mu, c_lo)
        return ((lo - 2e-12 <= a) & (a < b) & (b <= c_hi + 2e-12) & (res <= 2e-10) & (P1 > P2) & (P2 > 0.5e-9)
                & (a <= t + 2e-12) & (t <= b + 2e-12))


def _newton_uniform(mu: NDArray, d: NDArray, c_lo: NDArray, c_hi: NDArray) -> tuple[NDArray, NDArray, NDArray]:
    """Solutions of the indifference conditions for uniform costs, for many points at once:
    Newton's method from the 64 starts of :func:`two_message_equilibria` (all points and
    starts in one array). ``F`` is linear on ``[c_lo, c_hi]``, so the Jacobian is exact.

    A start converges when its step is at most ``1e-13 (1 + |x|)`` in both coordinates
    within 100 iterations; it fails on a singular Jacobian or a non-finite iterate. Returns
    ``(point, a, b)`` of the converged starts, by point and then in the order of the starts.
    """
    P = mu.size
    a0 = _linspace9(np.maximum(mu, c_lo), c_hi)[:, :-1]  # (P, 8)
    B0 = _linspace9(a0.ravel(), np.repeat(c_hi, 8))[:, 1:].reshape(P, 64)  # b0 after each a0
    A0 = np.repeat(a0, 8, axis=1)
    pt = np.repeat(np.arange(P), 64)
    a, b = A0.ravel(), B0.ravel()
    active = np.arange(a.size)
    done = np.zeros(a.size, bool)
    m, dd, lo_c, hi_c = mu[pt], d[pt], c_lo[pt], c_hi[pt]
    w = hi_c - lo_c
    with np.errstate(all="ignore"):
        for _ in range(100):
            if active.size == 0:
                break
            x, y = a[active], b[active]
            mi, di, li, hi, wi = m[active], dd[active], lo_c[active], hi_c[active], w[active]
            Fa, Fb = np.clip((x - li) / wi, 0.0, 1.0), np.clip((y - li) / wi, 0.0, 1.0)
            fa = np.where((x > li) & (x < hi), 1 / wi, 0.0)
            fb = np.where((y > li) & (y < hi), 1 / wi, 0.0)
            P2, Q = Fb - Fa, 1 + 2 * Fa - 2 * Fb  # Q = P1 - P2
            e1, e2 = x * P2 - mi * (1 - Fb), y * Q - di * Fa
            j11, j12 = P2 - x * fa, (x + mi) * fb
            j21, j22 = (2 * y - di) * fa, Q - 2 * y * fb
            det = j11 * j22 - j12 * j21
            da, db = (e1 * j22 - e2 * j12) / det, (j11 * e2 - j21 * e1) / det
            x, y = x - da, y - db
            bad = ~(np.isfinite(x) & np.isfinite(y))
            conv = ~bad & (np.abs(da) <= 1e-13 * (1 + np.abs(x))) & (np.abs(db) <= 1e-13 * (1 + np.abs(y)))
            a[active], b[active] = x, y
            done[active[conv]] = True
            active = active[~(bad | conv)]
    return pt[done], a[done], b[done]


class ArmsRaceTalk(Model):
    __doc__ = __doc__
    id = "arms_race_talk"
    title = "Arms races with private costs and cheap talk (Baliga-Sjostrom 2004)"
    provenance = "textbook version"
    variants = (
        Variant("talk=False", "textbook version", {"talk": False}),
        Variant("talk=True", "reconstruction", {"talk": True}),
    )
    references = (
        "BaligaSjostrom2004: Arms races and negotiations, Review of Economic Studies 71(2):351-369",
        "BaligaMorris2002: Co-ordination, spillovers, and cheap talk, Journal of Economic Theory 105(2)",
    )
    parameters = (
        Parameter("mu", 0.05, interval(0.0, open_low=True), "gain from arming against an unarmed rival", "mu", role="benefit"),
        Parameter("d", 1.2, interval(0.0, open_low=True), "loss from being unarmed against an armed rival", "d", role="cost"),
        Parameter("c_lo", 0.0, interval(0.0), "lowest cost of arming", "c_lo", role="cost"),
        Parameter("c_hi", 1.0, interval(0.0, open_low=True), "highest cost of arming", "c_hi", role="cost"),
        Parameter("variant", "uniform", Choice(("uniform", "beta_mixture")),
                  "distribution of the arming cost (see the docstring)", "F", role="variant", former=("dist",)),
        Parameter("eps", 0.05, interval(0.0, 1.0, open_low=True, open_high=True),
                  "beta_mixture: probability of a dominant-strategy hawk", "epsilon", role="prior"),
        Parameter("beta_a", 8.0, interval(0.0, open_low=True), "beta_mixture: first Beta shape", "alpha", role="distribution"),
        Parameter("beta_b", 8.0, interval(0.0, open_low=True), "beta_mixture: second Beta shape", "beta", role="distribution"),
        Parameter("talk", False, Choice((False, True)),
                  "True: a cheap-talk stage precedes the arming decision", "talk", information=True, role="mechanism"),
    )
    outcomes = ("peace", "one_sided", "arms_race")
    escalatory = ("arms_race",)
    flags = ("most_peaceful", "paper_construction")
    method = "root finding (sign-change grid + brentq); indifference equations for cheap talk"

    def _check_arrays(self, p: dict[str, NDArray]) -> None:
        self._require(p["c_hi"] > p["c_lo"], "c_hi", p["c_hi"], "c_hi > c_lo")
        self._require(p["d"] > p["mu"], "d", p["d"], "d > mu", "coordination types need d > mu")

    def _check(self, p: dict) -> None:
        super()._check(p)
        if p["variant"] == "beta_mixture":
            self._require(p["mu"] > p["c_lo"], "mu", p["mu"], "mu > c_lo",
                          "the hawk component U[c_lo, mu] of beta_mixture needs width")

    def symbolic(self) -> SymbolicForm:
        """No-talk cutoff equilibria with uniform costs (``variant="uniform"``, ``talk=False``).

        With ``F`` uniform on ``[c_lo, c_hi]`` the cutoff equation ``c = mu + (d - mu) F(c)``
        is linear, so its interior root is explicit:
        ``F(c*) = (mu - c_lo) / ((c_hi - c_lo) - (d - mu))``, ``c* = c_lo + (c_hi - c_lo) F(c*)``;
        the corners are ``c_lo`` (nobody builds; iff ``mu <= c_lo``) and ``c_hi`` (everyone
        builds; iff ``d >= c_hi``). Four regimes by the signs of ``mu - c_lo`` (hawks
        present) and ``d - c_hi``:

        * hawks, ``d < c_hi``: the unique interior cutoff;
        * hawks, ``d > c_hi``: the multiplier effect (BS 2004, Proposition 1): ``c_hat = c_hi``,
          the arms race happens with probability one;
        * no hawks, ``d > c_hi``: three equilibria, ``c_lo`` (no race), ``c*`` and ``c_hi``;
        * no hawks, ``d < c_hi``: ``c_hat = c_lo``, no arms race.

        Each equilibrium has Pr(arms race) = F^2, one-sided arming 2 F (1 - F), peace
        (1 - F)^2, and the quantities ``cutoff`` and ``F_cutoff``. The knife edges
        ``mu = c_lo`` and ``d = c_hi`` are not declared.

        Not declared: ``talk=True`` (the two-message cheap-talk equilibrium is found by a
        numeric search over starting points with a grid check of every type's incentive;
        no clean equation), the ``beta_mixture`` distribution (the cutoff solves
        ``c = mu + (d - mu) F(c)`` with a regularized incomplete beta function, whose
        derivatives with respect to the Beta shapes sympy does not provide), and the
        quantities ``race_complete_information``, ``prob_hawk`` and ``multiplier_condition``.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        mu, d, lo, hi = s["mu"], s["d"], s["c_lo"], s["c_hi"]

        def eq(F, cutoff):
            return {ESCALATION: F**2, "arms_race": F**2, "one_sided": 2 * F * (1 - F), "peace": (1 - F)**2,
                    "cutoff": cutoff, "F_cutoff": F}

        F_star = (mu - lo) / ((hi - lo) - (d - mu))
        interior = eq(F_star, lo + (hi - lo) * F_star)
        nobody, everyone = eq(sp.Integer(0), lo), eq(sp.Integer(1), hi)
        ch = {"variant": "uniform", "talk": False}
        regimes = [
            Regime("hawks, d < c_hi", (sp.Gt(mu, lo), sp.Lt(d, hi)), (interior,), ("cutoff",), choices=ch,
                   description="unique interior cutoff c*"),
            Regime("hawks, d > c_hi: multiplier", (sp.Gt(mu, lo), sp.Gt(d, hi)), (everyone,), ("cutoff",),
                   choices=ch, description="every type builds: arms race with probability one"),
            Regime("no hawks, d > c_hi", (sp.Lt(mu, lo), sp.Gt(d, hi)), (nobody, interior, everyone),
                   ("cutoff",) * 3, choices=ch, description="coordination: no race, c*, or certain race"),
            Regime("no hawks, d < c_hi", (sp.Lt(mu, lo), sp.Lt(d, hi)), (nobody,), ("cutoff",), choices=ch,
                   description="nobody builds"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Gt(hi, lo), sp.Gt(d, mu)),
                                  sampling={"mu": (0.0, 1.0), "d": (0.0, 3.0), "c_lo": (0.0, 1.0),
                                            "c_hi": (0.0, 2.0), "beta_a": (0.5, 10.0), "beta_b": (0.5, 10.0)})

    def _solve(self, p: dict) -> list[Equilibrium]:
        F = _cdf(p)
        grid = np.linspace(p["c_lo"], p["c_hi"], _GRID)
        h = p["mu"] + (p["d"] - p["mu"]) * F(grid) - grid
        two = two_message_equilibria(F, p["mu"], p["d"], p["c_lo"], p["c_hi"]) if p["talk"] else []
        return [self._equilibrium(lab, outcomes, strategies=strat, quantities=quant, flags=flags, certificate=cert)
                for lab, outcomes, strat, quant, flags, cert in self._reports(p, F, grid, h, two)]

    @staticmethod
    def _reports(p: dict, F, grid: NDArray, h: NDArray, two: list[dict]) -> list[tuple]:
        """``(label, outcomes, strategies, quantities, flags, certificate)`` of every equilibrium,
        from the scan ``h`` of the cutoff equation on ``grid`` and the two-message solutions."""
        mu, d, lo, hi = p["mu"], p["d"], p["c_lo"], p["c_hi"]
        eps = float(F(mu))
        Fd = float(F(min(d, hi)))
        race_ci = Fd**2 - (Fd - eps) ** 2
        multiplier = bool(np.all(h[:-1] > 0) and d >= hi)
        common = {"race_complete_information": race_ci, "prob_hawk": eps,
                  "multiplier_condition": float(multiplier)}
        eqs: list[tuple[str, dict, dict, dict, dict]] = []
        label = "babbling cutoff" if p["talk"] else "cutoff"
        for c_hat in _cutoffs_on_grid(F, mu, d, lo, hi, grid, h):
            Fc = float(F(c_hat))
            outcomes = {"peace": (1 - Fc) ** 2, "one_sided": 2 * Fc * (1 - Fc), "arms_race": Fc**2}
            eqs.append((label, outcomes, {"cutoff": c_hat},
                        {**common, "cutoff": c_hat, "F_cutoff": Fc},
                        {"paper_construction": True}))
        for s in two:
            Fa, P1, P2 = s["F_a"], s["P1"], s["P2"]
            outcomes = {"arms_race": Fa**2 + 2 * P1 * P2,
                        "one_sided": 2 * Fa * (P1 - Fa),
                        "peace": (P1 - Fa) ** 2 + P2**2}
            eqs.append(("two-message cheap talk [R]", outcomes,
                        {"a": s["a"], "b": s["b"], "build_threshold_G1G1": s["t"]},
                        {**common, "a": s["a"], "b": s["b"], "q11": s["q11"], "P_G1": P1,
                         "P_G2": P2, "min_ic_slack": s["min_ic_slack"]},
                        {"paper_construction": False}))
        if not eqs:  # pragma: no cover - a cutoff always exists (Brouwer on [c_lo, c_hi])
            return []
        races = [o["arms_race"] for _, o, _, _, _ in eqs]
        lowest = min(races)
        out = []
        for (lab, outcomes, strat, quant, flags), r in zip(eqs, races, strict=True):
            cert = {"min_ic_slack": quant["min_ic_slack"]} if "min_ic_slack" in quant else {}
            out.append((lab, outcomes, strat, quant, {**flags, "most_peaceful": r <= lowest + 1e-12}, cert))
        return out

    _QUANTITIES = ("race_complete_information", "prob_hawk", "multiplier_condition", "cutoff", "F_cutoff",
                   "a", "b", "q11", "P_G1", "P_G2", "min_ic_slack")

    def _solve_arrays(self, p: dict[str, NDArray]) -> ArraySolution:
        """The equilibria of :meth:`_solve` at many points: the cutoff scans on the 20,001-point
        grid in blocks of points, the same ``brentq`` refinements; with talk and uniform costs, the
        indifference conditions solved by :func:`_newton_uniform` for every point and start at once
        (the same acceptance as :func:`two_message_equilibria`); with talk and the beta mixture,
        :func:`two_message_equilibria` point by point."""
        n = np.size(p["mu"])
        keys = [par.name for par in self.parameters]
        pts = [{k: _python(p[k][i]) for k in keys} for i in range(n)]
        talk_uniform = [i for i, q in enumerate(pts) if q["talk"] and q["variant"] == "uniform"
                        and not (q["c_hi"] > q["d"] or q["mu"] < q["c_lo"])]
        cand: dict[int, list] = {}
        if talk_uniform:
            idx = np.array(talk_uniform)
            f = {k: np.array([pts[i][k] for i in talk_uniform], float) for k in ("mu", "d", "c_lo", "c_hi")}
            pt, a, b = _newton_uniform(f["mu"], f["d"], f["c_lo"], f["c_hi"])
            lo, hi = f["c_lo"][pt], f["c_hi"][pt]
            keep = _candidates(lambda c: np.clip((c - lo) / (hi - lo), 0.0, 1.0), f["mu"][pt], f["d"][pt], lo, hi, a, b)
            pt, a, b = pt[keep], a[keep], b[keep]
            # a repeat of an earlier solution of the same point (the same bits) meets the same
            # fate in _accepted (kept: the repeat is then a duplicate; dropped: dropped again)
            _, first = np.unique(np.stack([pt, a.view(np.int64), b.view(np.int64)], axis=1), axis=0,
                                 return_index=True)
            first.sort()
            pt, a, b = pt[first], a[first], b[first]
            for i, x, y in zip(idx[pt].tolist(), a.tolist(), b.tolist(), strict=True):
                cand.setdefault(i, []).append((x, y))
        reports = []
        for s in range(0, n, 64):  # the cutoff scans of 64 points at a time
            block = pts[s:s + 64]
            lo = np.array([q["c_lo"] for q in block], float)
            hi = np.array([q["c_hi"] for q in block], float)
            grids = np.linspace(lo, hi, _GRID, axis=1)
            for k, q in enumerate(block):
                F = _cdf(q)
                grid = grids[k]
                h = q["mu"] + (q["d"] - q["mu"]) * F(grid) - grid
                i = s + k
                if not q["talk"]:
                    two = []
                elif q["variant"] == "uniform":
                    two = _accepted(F, q["mu"], q["d"], q["c_lo"], q["c_hi"], cand.get(i, [])) \
                        if not (q["c_hi"] > q["d"] or q["mu"] < q["c_lo"]) else []
                else:
                    two = two_message_equilibria(F, q["mu"], q["d"], q["c_lo"], q["c_hi"])
                reports.append(self._reports(q, F, grid, h, two))
        k = max(len(r) for r in reports) if reports else 1
        valid = np.zeros((n, k), bool)
        labels = np.full((n, k), "", dtype=object)
        outcomes = {o: np.zeros((n, k)) for o in self.outcomes}
        quantities = {q: np.full((n, k), np.nan) for q in self._QUANTITIES}
        flags = {f: np.zeros((n, k), bool) for f in ("paper_construction", "most_peaceful")}
        for i, rep in enumerate(reports):
            for j, (lab, out, _strat, quant, fl, _cert) in enumerate(rep):
                valid[i, j] = True
                labels[i, j] = lab
                for o, v in out.items():
                    outcomes[o][i, j] = v
                for q, v in quant.items():
                    quantities[q][i, j] = v
                for f, v in fl.items():
                    flags[f][i, j] = v
        return ArraySolution(valid=valid, labels=labels, outcomes=outcomes, quantities=quantities, flags=flags)
