"""Equilibrium payoff sets of two-player repeated games (APS set iteration, JYC bounds).

Pure stage actions, public randomization, payoffs normalised by ``(1 - delta)``.

Perfect monitoring (:func:`aps_polygon`)
    The Abreu-Pearce-Stacchetti (1990) operator::

        B(W) = co{ (1-delta) u(a) + delta w :  a in A, w in W,
                   w_i >= (1-delta)/delta (max_{a_i'} u_i(a_i', a_-i) - u_i(a_i, a_-i)) + min_{w' in W} w'_i }

    is iterated exactly on polygons from ``W_0 = co u(A)``: per profile, clip the current
    polygon by the two incentive half-planes, map it by ``w -> (1-delta) u(a) + delta w``,
    and take the hull of the union. The decreasing sequence converges to the set ``V*`` of
    subgame-perfect payoffs (pure actions, public randomization). Points and segments are
    handled like polygons (QuantEcon's Abreu-Sannikov routine raises ``QhullError`` there).

Imperfect public monitoring (:func:`jyc_outer`, :func:`jyc_inner`, :func:`jyc_bounds`)
    Perfect public equilibria (APS 1990; Fudenberg, Levine & Maskin 1994). With public
    signals ``y`` and ``pi[a, y] = p(y | a)``::

        B(W) = co{ sum_y pi(y|a) [(1-delta) u(a) + delta w(y)] :  w(y) in W,
                   v_i >= (1-delta) u_i(a_i', a_-i) + delta sum_y pi(y|a_i', a_-i) w_i(y) }

    Judd, Yeltekin & Conklin (2003): Algorithm 1 (outer) keeps ``W = {w : H w <= c}`` and
    updates ``c_l = max_a max_{w(y)} h_l . v`` by one linear program per (direction,
    profile); Algorithm 3 (inner) replaces ``W`` by the hull of the maximisers. The
    Hausdorff distance between the two is the certificate of accuracy. ``symmetric=True``
    restricts to strongly symmetric equilibria (symmetric profiles, ``w_1(y) = w_2(y)``).

References
----------
Abreu, Pearce & Stacchetti 1990, *Econometrica* 58:1041-1063.
Judd, Yeltekin & Conklin 2003, *Econometrica* 71(4):1239-1254.
Fudenberg, Levine & Maskin 1994, *Econometrica* 62:997-1039.
Mailath & Samuelson 2006, *Repeated Games and Reputations*, ch. 7.

Modules: ``sets`` (the results and their inputs), ``aps`` (perfect monitoring), ``jyc``
(imperfect public monitoring).
"""

from .aps import aps_polygon
from .jyc import equilibrium_payoffs, jyc_bounds, jyc_inner, jyc_outer
from .sets import PayoffSet, PayoffSetBounds, perfect_monitoring_signals, unit_directions

__all__ = [
    "PayoffSet",
    "PayoffSetBounds",
    "aps_polygon",
    "jyc_outer",
    "jyc_inner",
    "jyc_bounds",
    "equilibrium_payoffs",
    "perfect_monitoring_signals",
    "unit_directions",
]
