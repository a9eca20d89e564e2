"""Algorithms on game representations (no IR vocabulary here).

* :func:`nash_equilibria` -- every extreme Nash equilibrium of a bimatrix game (vertex
  enumeration; guarded nashpy methods; a zero-sum LP), with degeneracy and continua.
* :func:`solve_2x2` -- every extreme equilibrium of many 2x2 games at once, vectorized.
"""

from .batched import K_MAX_2X2, Batched2x2Result, solve_2x2
from .nash import METHODS, nash_equilibria

__all__ = ["K_MAX_2X2", "METHODS", "Batched2x2Result", "nash_equilibria", "solve_2x2"]
