"""deterrence_games: game-theoretic models of crisis prevention between rival states.

In equilibrium, how likely is a crisis to escalate, and how does that change as rivals
share more information? Models (``get_model``) return every equilibrium with its outcome
distribution and escalation probability; ``sweep`` runs them over parameter grids.
"""

from . import datasets, estimation, games, models, plots, results, solvers, sweeps, testing
from ._validation import ParameterError
from ._version import __version__
from .games import BimatrixGame, InformationStructure, RepeatedGame, SignalingGame
from .games.tree import ExtensiveGame, read_efg
from .models import get_model, list_models, model_ids, register_model
from .models.base import Model, Parameter, choice, integer, interval
from .models.function import model
from .results import Equilibrium, ModelSolution, NashEquilibria
from .solvers.extensive import tree_equilibria
from .sweeps import load_sweep, load_table, save_table, sweep

plot = plots  # ``dg.plot.escalation(table, x=...)``
estimate = estimation  # ``dg.estimate.egame12(formula, data)``


def __getattr__(name: str):
    if name == "explore":  # imported on use: ``import deterrence_games`` does not import ipywidgets
        from .explorer import explore

        return explore
    raise AttributeError(f"module 'deterrence_games' has no attribute {name!r}")


__all__ = [
    "__version__",
    "BimatrixGame",
    "Equilibrium",
    "InformationStructure",
    "ModelSolution",
    "NashEquilibria",
    "ParameterError",
    "datasets",
    "estimate",
    "estimation",
    "RepeatedGame",
    "SignalingGame",
    "games",
    "get_model",
    "list_models",
    "model_ids",
    "load_sweep",
    "load_table",
    "models",
    "plot",
    "plots",
    "results",
    "save_table",
    "solvers",
    "sweep",
    "sweeps",
    "ExtensiveGame",
    "read_efg",
    "tree_equilibria",
    "Model",
    "Parameter",
    "interval",
    "integer",
    "choice",
    "model",
    "register_model",
    "testing",
    "explore",
]
