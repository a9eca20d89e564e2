"""Public entry point of the symbolic layer (closed forms, regimes, comparative statics).

``import deterrence_games.symbolic as dgs``:

* :func:`solve_parametric_2x2` on a :class:`ParametricBimatrix` -- all Nash equilibria of a
  2x2 game with sympy payoffs, as a :class:`PiecewiseResult` (regimes with conditions).
* :func:`symbolic_form` -- a model's closed form per regime (:class:`SymbolicForm`), for
  every model that declares ``symbolic()`` (see
  :func:`deterrence_games.models.symbolic_form` for how a model declares one).
* :func:`statics` -- sign of d Pr(escalation)/d parameter per regime, proved or numerically
  verified (:class:`StaticsResult`); :func:`statics_table` / :func:`write_statics_csv` --
  the sign table over models and information parameters.
"""

from .models import (
    ESCALATION,
    StaticsResult,
    SymbolicForm,
    has_symbolic,
    model_symbols,
    prove_sign,
    statics,
    statics_table,
    symbolic_form,
    write_statics_csv,
)
from .solvers.symbolic import (
    ParametricBimatrix,
    PiecewiseResult,
    Regime,
    parse_expression,
    solve_parametric_2x2,
)

__all__ = [
    "ESCALATION",
    "ParametricBimatrix",
    "PiecewiseResult",
    "Regime",
    "StaticsResult",
    "SymbolicForm",
    "has_symbolic",
    "model_symbols",
    "parse_expression",
    "prove_sign",
    "solve_parametric_2x2",
    "statics",
    "statics_table",
    "symbolic_form",
    "write_statics_csv",
]
