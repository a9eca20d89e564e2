"""Algorithms on game representations (no IR vocabulary here).

* :func:`nash_equilibria` -- every extreme Nash equilibrium of a bimatrix game (vertex
  enumeration; guarded nashpy methods; a zero-sum LP), with degeneracy and continua.
* :func:`solve_2x2` -- every extreme equilibrium of many 2x2 games at once, vectorized.
* :mod:`.automata` -- finite public automata in repeated games (:func:`analyze_automaton`:
  values, perfect-public-equilibrium check, long-run escalation; :func:`pause_trigger`,
  :func:`grim_trigger`, :func:`memory_one_chain`); :mod:`.trigger_closed_forms` -- their
  closed forms.
* :func:`pbe` -- every perfect Bayesian equilibrium of a finite signaling game, with
  off-path belief polytopes, certificates and refinements (intuitive criterion, D1, D2).
* :func:`logit_qre` -- agent logit quantal response equilibria by path following.
* :func:`tree_equilibria` -- game trees: every pure SPE (perfect information), every PBE
  cell (sender-receiver trees), every extreme Nash equilibrium (two players, sequence form);
  :func:`tree_qre` -- their logit agent QRE.
* :func:`equilibrium_payoffs` -- repeated-game equilibrium payoff sets: exact APS polygons
  (perfect monitoring), Judd-Yeltekin-Conklin inner/outer bounds (public monitoring).
"""

from . import automata, trigger_closed_forms
from .automata import analyze_automaton, grim_trigger, memory_one_chain, pause_trigger
from .batched import K_MAX_2X2, Batched2x2Result, solve_2x2
from .extensive import (
    TreeSolution,
    sequence_form,
    sequence_form_nash,
    subgame_perfect,
    tree_equilibria,
    tree_pbe,
    tree_qre,
)
from .nash import METHODS, nash_equilibria
from .payoff_sets import aps_polygon, equilibrium_payoffs, jyc_bounds
from .pbe import pbe
from .qre import fit_lambda, logit_qre

__all__ = ["K_MAX_2X2", "METHODS", "Batched2x2Result", "analyze_automaton", "aps_polygon", "automata",
           "equilibrium_payoffs", "fit_lambda", "jyc_bounds",
           "grim_trigger", "logit_qre", "memory_one_chain", "nash_equilibria", "pause_trigger", "pbe",
           "solve_2x2", "trigger_closed_forms",
           "TreeSolution", "sequence_form", "sequence_form_nash", "subgame_perfect", "tree_equilibria", "tree_pbe",
           "tree_qre"]
