"""Finite public automata in repeated games with public monitoring, and their analysis.

A *public automaton* (Mailath & Samuelson 2006, §2.3 and §7.1) is a finite set of states
W, an initial state w0, an action profile (possibly mixed) f(w) for each state and a
transition rule tau(w' | w, y) on the public signal y (possibly random). A profile of public
strategies represented by an automaton, played in a :class:`~deterrence_games.games.repeated.RepeatedGame`,
induces

* the values V(w) = (1 - delta) u(f(w)) + delta sum_y p(y | f(w)) sum_w' tau(w' | w, y) V(w'),
  a linear system (:func:`automaton_values`);
* a Markov chain on W, M[w, w'] = sum_y p(y | f(w)) tau(w' | w, y) (:func:`induced_chain`),
  hence long-run shares of periods in each state, the expected time to the first period in an
  escalation state and the probability of at least one escalation period within N periods;
* the one-shot deviation gains at every state; the profile is a *perfect public equilibrium*
  (PPE) iff no state has a profitable one-shot deviation (the one-shot deviation principle,
  Mailath & Samuelson 2006, Prop. 7.1.1) (:func:`one_shot_deviation_gains`).

Implementation errors (trembles) are part of the automaton: each player *intends* the state's
action but plays another action with probability ``tremble`` (spread evenly over the other
actions). Deviations are deviations of the intended action, which is then subject to the same
tremble. Perception errors make monitoring private; they are handled by the memory-one chains
(:func:`memory_one_chain`), which are behavioural rules, not equilibria.

Constructors: :func:`grim_trigger`, :func:`pause_trigger` (T-period punishment, the "pause"),
:func:`tit_for_tat`, :func:`generous_tit_for_tat`, :func:`win_stay_lose_shift` and the
generic :func:`memory_one_automaton`. Closed forms for the trigger strategy with a pause of
length T under a binary public signal and for the memory-one chains are in :mod:`deterrence_games.solvers.trigger_closed_forms`.

Terminology: escalation states are declared by the automaton (punishment phases; for memory-one
automata, states reached after a defection). Times count periods 1, 2, ...; period 1 is played
in the initial state.

Modules: ``automaton`` (the automaton), ``constructors``, ``analysis``, ``simulation``,
``memory_one`` (chains with perception errors).
"""

from .analysis import (
    AutomatonAnalysis,
    analyze_automaton,
    automaton_values,
    critical_discount_factor,
    escalation_within,
    expected_time_to_escalation,
    induced_chain,
    is_perfect_public_equilibrium,
    long_run_distribution,
    minimal_deterring_pause,
    one_shot_deviation_gains,
)
from .automaton import PublicAutomaton
from .constructors import (
    ALLC,
    ALLD,
    GRIM1,
    TFT,
    WSLS,
    MemoryOneStrategy,
    generous_tit_for_tat,
    grim_trigger,
    gtft,
    memory_one_automaton,
    pause_trigger,
    tit_for_tat,
    win_stay_lose_shift,
)
from .memory_one import NoiseChainResult, memory_one_chain, simulate_memory_one
from .simulation import AutomatonPath, simulate_automaton

__all__ = [
    "PublicAutomaton",
    "AutomatonAnalysis",
    "AutomatonPath",
    "MemoryOneStrategy",
    "NoiseChainResult",
    "grim_trigger",
    "pause_trigger",
    "memory_one_automaton",
    "tit_for_tat",
    "generous_tit_for_tat",
    "win_stay_lose_shift",
    "automaton_values",
    "induced_chain",
    "one_shot_deviation_gains",
    "is_perfect_public_equilibrium",
    "analyze_automaton",
    "critical_discount_factor",
    "minimal_deterring_pause",
    "long_run_distribution",
    "expected_time_to_escalation",
    "escalation_within",
    "simulate_automaton",
    "memory_one_chain",
    "simulate_memory_one",
    "TFT",
    "WSLS",
    "GRIM1",
    "ALLD",
    "ALLC",
    "gtft",
]
