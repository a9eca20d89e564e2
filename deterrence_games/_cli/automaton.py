"""``deterrence-games automaton``: analyse a strategy profile of a repeated security dilemma.

Examples::

    deterrence-games automaton pause --p 0.9 --q 0.5 --delta 0.9            # optimal pause T*
    deterrence-games automaton pause --p 0.9 --q 0.5 --delta 0.9 --T 5 --json
    deterrence-games automaton grim --p 0.9 --q 0.5 --delta 0.9 --tremble 0.01
    deterrence-games automaton wsls --payoffs 3,0,5,1 --tremble 0.05 --eta 0.01

``pause`` and ``grim`` play the trigger strategy on a binary public incident signal
(Pr(no incident | both restrain) = p, | one arms = q). ``tft``, ``gtft`` and ``wsls`` are
memory-one strategies under perfect monitoring; with ``--eta`` the perception-error chain
(private misreading) is used instead of the automaton. Payoffs are R,S,T,P of the stage game.
"""

from __future__ import annotations

import argparse
import math

from .._validation import UNIT, ParameterError, check_discount_factor, check_scalar
from ._parsing import json_text

STRATEGIES = ("pause", "grim", "tft", "gtft", "wsls")


#: longest pause accepted by --T (as long as the search of minimal_deterring_pause)
MAX_PAUSE = 1000

def add_parser(subparsers) -> None:
    p = subparsers.add_parser("automaton", help="values, PPE check and escalation of a repeated-game strategy")
    p.add_argument("strategy", choices=STRATEGIES)
    p.add_argument("--payoffs", default="3,0,4,1", help="R,S,T,P (default 3,0,4,1)")
    p.add_argument("--p", type=float, default=0.9, help="P(no incident | both restrain)")
    p.add_argument("--q", type=float, default=0.5, help="P(no incident | one side arms)")
    p.add_argument("--delta", type=float, default=0.9, help="discount factor")
    p.add_argument("--T", type=int, default=None, help="pause length (default: the optimal pause)")
    p.add_argument("--generosity", type=float, default=None, help="GTFT generosity (default: Molander's)")
    p.add_argument("--tremble", type=float, default=0.0, help="implementation error")
    p.add_argument("--eta", type=float, default=None, help="perception error (memory-one strategies)")
    p.add_argument("--horizon", type=int, action="append", default=None, help="N for P(escalation within N)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def _payoffs(text: str) -> tuple[float, float, float, float]:
    try:
        vals = tuple(float(x) for x in text.split(","))
    except ValueError:
        raise ParameterError("--payoffs", text, "four numbers R,S,T,P") from None
    if len(vals) != 4:
        raise ParameterError("--payoffs", text, "four numbers R,S,T,P")
    return vals  # type: ignore[return-value]


def run(args: argparse.Namespace) -> int:
    from ..games import RepeatedGame, incident_monitoring, symmetric_2x2
    from ..solvers import automata
    from ..solvers import trigger_closed_forms as cf

    R, S, T_hat, P = _payoffs(args.payoffs)
    check_scalar("--p", args.p, UNIT, "it is P(no incident | both restrain)")
    check_scalar("--q", args.q, UNIT, "it is P(no incident | one side arms)")
    check_discount_factor("--delta", args.delta)
    stage = symmetric_2x2(R, S, T_hat, P, ("C", "D"))
    horizons = tuple(args.horizon or (10, 100))
    for N in horizons:
        if N < 1:
            raise ParameterError("--horizon", N, "an integer >= 1")
    if args.T is not None and not 1 <= args.T <= MAX_PAUSE:
        raise ParameterError("--T", args.T, f"an integer with 1 <= T <= {MAX_PAUSE}",
                             "the pause automaton has T + 1 states and is solved as dense linear systems")
    out: dict = {"strategy": args.strategy, "payoffs": [R, S, T_hat, P], "delta": args.delta}
    if args.strategy in ("pause", "grim"):
        game = RepeatedGame(stage, args.delta, incident_monitoring(stage, 1 - args.p, 1 - args.q))
        T = None
        if args.strategy == "pause":
            T = args.T if args.T is not None else automata.minimal_deterring_pause(game)
            if T is None:
                raise ParameterError("--T", None, "a pause that deters",
                                     "no pause of at most 1000 periods deters at these p, q, delta; pass --T")
        aut = automata.pause_trigger(game, T, tremble=args.tremble)
        a = automata.analyze_automaton(game, aut, horizons=horizons)
        kap = float(cf.kappa(cf.temptation(R, T_hat, P), args.p, args.q))
        out.update(p=args.p, q=args.q, T=T if T is not None else math.inf, kappa=kap,
                   critical_delta=automata.critical_discount_factor(game, aut, grid=100))
    else:
        game = RepeatedGame(stage, args.delta)
        if args.strategy == "gtft":
            g = args.generosity if args.generosity is not None else float(cf.gtft_generosity(R, S, T_hat, P))
            s = automata.gtft(g)
        else:
            s = automata.TFT if args.strategy == "tft" else automata.WSLS
        if args.eta is not None:
            c = automata.memory_one_chain(s, s, args.tremble, args.eta)
            out.update(eta=args.eta, tremble=args.tremble, outcome_probabilities=dict(c.outcome_probabilities),
                       escalation_share=c.escalation_share)
            print(json_text(out) if args.json else repr(c))
            return 0
        aut = automata.memory_one_automaton(game, s, s, args.tremble)
        a = automata.analyze_automaton(game, aut, horizons=horizons)
        out.update(critical_delta=automata.critical_discount_factor(game, aut, grid=100))
    out.update(a.to_dict())
    if args.json:
        print(json_text(out))
    else:
        print(str(a))
        print(f"  critical discount factor: {out['critical_delta']:.6g}")
    return 0
