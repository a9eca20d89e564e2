"""Models from functions: :func:`model` turns ``params -> game`` or ``params -> equilibria``
into a :class:`~deterrence_games.models.base.Model`.

A researcher's model is a function of its parameters. Two forms are accepted:

* **a finite game** -- the function returns a :class:`~deterrence_games.games.BimatrixGame`
  or a :class:`~deterrence_games.games.SignalingGame`, and ``outcome_map`` names the outcome
  of every terminal profile. Every equilibrium is computed by the generic solvers
  (:func:`~deterrence_games.solvers.nash_equilibria`: every extreme Nash equilibrium,
  certified; :func:`~deterrence_games.solvers.pbe`: every perfect Bayesian equilibrium cell),
  and the model exposes its finite game, so ``select="qre"`` applies in sweeps.
* **equilibria** -- the function returns the list of its equilibria, each an outcome
  distribution ``{outcome: probability}``, a pair ``(label, outcomes)``, a triple
  ``(label, outcomes, extras)`` (``extras``: ``strategies``, ``quantities``, ``flags``,
  ``certificate``) or an :class:`~deterrence_games.results.Equilibrium`. The model must
  then declare ``method``: how those equilibria were found.

A 2x2 bimatrix model whose payoffs are sympy-expressible may also give
``symbolic_payoffs`` (the payoffs as expressions of the parameters' symbols): it then has a
closed form per regime and proved comparative statics (``deterrence-games statics``; the
symbolic machinery finds the model by id, so register it or load it with ``--model-file``).

Either way the model validates its parameters before any work, solves, sweeps on every
backend (a model defined in a notebook is pickled by value for the process and Dask
backends), plots, and is checked with :func:`deterrence_games.testing.check_model`.

Example
-------
A hotline that works with probability ``h``: if it works the crisis is a game of
coordination on talks, else the rivals play chicken in the dark.

>>> import deterrence_games as dg
>>> @dg.model(parameters=[dg.Parameter("h", 0.5, dg.interval(0, 1), "probability the hotline works",
...                                    information=True, role="signal_accuracy")],
...           outcomes=("talks", "standoff", "war"), escalatory=("war",),
...           outcome_map=[["talks", "standoff"], ["standoff", "war"]])
... def hotline(p):
...     "Hotline game: (de-escalate, escalate) for each side."
...     w = -3 * (1 - p["h"])                  # war is worse when nobody can call
...     return dg.BimatrixGame([[2, 0], [3, w]], [[2, 3], [0, w]], ("calm", "push"), ("calm", "push"))
>>> sol = hotline.solve(h=0.5)
>>> [e.label for e in sol], [round(e.escalation_probability, 4) for e in sol]
(['pure', 'mixed', 'pure'], [0.0, 0.16, 0.0])
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import Interval, ParameterError, check_scalar
from ..games.normal_form import BimatrixGame
from ..games.signaling import SignalingGame
from ..results import Equilibrium, ModelSolution
from ..solvers.nash import nash_equilibria
from ..solvers.pbe import pbe
from .base import PROVENANCE_LABELS, Model, Parameter, _importable, sample_value

__all__ = ["FunctionModel", "SymbolicFunctionModel", "model"]

#: what ``method`` says for a game-returning model (the solution says which solver ran)
GENERIC_METHOD = "generic solvers: every extreme Nash equilibrium (nash_equilibria) of a BimatrixGame, every PBE (pbe) of a SignalingGame"
EXTRAS = ("strategies", "quantities", "flags", "certificate")


class FunctionModel(Model):
    """A model made from a function by :func:`model` (see there for the parameters).

    The function ``fn(params)`` receives the validated parameters (a dict) and returns a
    finite game (with ``outcome_map``) or a list of equilibria (with ``method``).

    Parameters
    ----------
    fn : callable
        ``fn(params) -> game or equilibria``.
    parameters, outcomes, escalatory, outcome_map, method, id, title, provenance, references, solver_options, check, symbolic_payoffs
        As in :func:`model`.
    """

    method = GENERIC_METHOD  # replaced per instance

    def __init__(
        self,
        fn: Callable[[dict[str, Any]], Any],
        *,
        parameters: Sequence[Parameter],
        outcomes: Sequence[str],
        escalatory: Sequence[str],
        outcome_map: Any = None,
        method: str | None = None,
        id: str | None = None,
        title: str | None = None,
        provenance: str = "user model",
        references: Sequence[str] = (),
        solver_options: Mapping[str, Any] | None = None,
        check: Callable[[dict[str, Any]], None] | None = None,
        symbolic_payoffs: Callable[[dict[str, Any]], tuple[Any, Any]] | None = None,
    ) -> None:
        if not callable(fn):
            raise TypeError(f"`fn` must be a function params -> game or params -> equilibria (got {fn!r})")
        name = getattr(fn, "__name__", "")
        mid = name if id is None else id
        if not isinstance(mid, str) or not mid.isidentifier():
            raise ParameterError("id", mid, "a snake_case identifier", "pass id='my_model'")
        doc = inspect.getdoc(fn) or ""
        ttl = title if title is not None else (doc.splitlines()[0] if doc else mid)
        params = tuple(parameters)
        for par in params:
            if not isinstance(par, Parameter):
                raise TypeError(f"`parameters` must hold Parameter objects (got {par!r})")
            check_scalar(par.name, par.default, par.domain, f"the default of {par.name!r} lies outside its domain")
        names = [par.name for par in params]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ParameterError("parameters", dup, "distinct parameter names")
        outs = tuple(outcomes)
        if not outs or len(set(outs)) != len(outs) or not all(isinstance(o, str) and o for o in outs):
            raise ParameterError("outcomes", outs, "distinct non-empty outcome names")
        esc = tuple(escalatory)
        unknown = sorted(set(esc) - set(outs))
        if unknown:
            raise ParameterError("escalatory", unknown, f"a subset of the outcomes {list(outs)}")
        if provenance not in PROVENANCE_LABELS:
            raise ParameterError("provenance", provenance, f"one of {PROVENANCE_LABELS}")
        if outcome_map is None and not method:
            raise TypeError("a model whose function returns equilibria must declare `method`: how they are found "
                            "(or give `outcome_map` if the function returns a finite game)")
        if method is not None and (not isinstance(method, str) or not method):
            raise TypeError(f"`method` must be a non-empty string (got {method!r})")
        if symbolic_payoffs is not None and (not callable(symbolic_payoffs) or outcome_map is None):
            raise TypeError("`symbolic_payoffs` must be a function params -> (A, B) of sympy expressions, "
                            "given with `outcome_map` (a model that returns a 2x2 bimatrix game)")
        if check is not None and not callable(check):
            raise TypeError(f"`check` must be a function params -> None that raises ParameterError (got {check!r})")
        self.fn = fn
        self.id = mid
        self.title = ttl
        self.parameters = params
        self.outcomes = outs
        self.escalatory = esc
        self.outcome_map = outcome_map
        self.declared_method = method
        self.method = method or GENERIC_METHOD
        self.provenance = provenance
        self.references = tuple(references)
        self.solver_options = dict(solver_options or {})
        self.check = check
        self.symbolic_payoffs = symbolic_payoffs
        if doc:
            self.__doc__ = doc

    # ------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<Model {self.id!r}: {self.title} [{self.provenance}], from function {getattr(self.fn, '__qualname__', self.fn)!r}>"

    def _check(self, p: dict[str, Any]) -> None:
        if self.check is not None:
            self.check(dict(p))

    def _check_arrays(self, p: dict[str, NDArray]) -> None:
        pass  # the user's check is scalar (applied per point)

    # pickling: the function travels by reference when importable, else by value
    def _by_reference(self) -> bool:
        return _importable(type(self)) and _importable(self.fn)

    def __reduce_ex__(self, protocol: Any) -> Any:
        import sys

        module, qualname = getattr(self.fn, "__module__", None), getattr(self.fn, "__qualname__", "")
        if not self._by_reference() and module and not module.startswith("__") and "<" not in qualname:
            mod = sys.modules.get(module)
            from .base import BY_VALUE_MODULES

            if mod is not None and module not in BY_VALUE_MODULES and getattr(mod, qualname, None) is self:
                return _model_at, (module, qualname)  # the decorated model is the module's global
        return super().__reduce_ex__(protocol)

    # the hook ------------------------------------------------------------------------
    def solve(self, **params: Any) -> ModelSolution:
        """Solve at one parameter point and return every equilibrium (see :meth:`Model.solve`).

        Parameters
        ----------
        **params
            The model's parameters by name; ``model.solve?`` lists them with their domains.

        Returns
        -------
        ModelSolution
            Every equilibrium (from the generic solvers for a game-returning function).

        Raises
        ------
        ParameterError
            An unknown parameter or a value outside its domain, before the function runs.
        """
        p = self.validate(**params)
        out = self.fn(dict(p))
        if self.outcome_map is None:
            return self._solution(p, self._from_list(out))
        eqs, warnings, method, options = self._from_game(p, out)
        return self._solution(p, eqs, warnings=warnings, method=self.declared_method or method,
                              solver_options=options)

    def equilibria(self, params: dict[str, Any]) -> list[Equilibrium]:
        """Every equilibrium at the validated parameters (the user's function, then the solver).

        Parameters
        ----------
        params : dict
            Validated parameter values.

        Returns
        -------
        list of Equilibrium
        """
        out = self.fn(dict(params))
        if self.outcome_map is None:
            return self._from_list(out)
        return self._from_game(params, out)[0]

    def _from_list(self, out: Any) -> list[Equilibrium]:
        if isinstance(out, BimatrixGame | SignalingGame):
            raise TypeError(f"model {self.id!r}: the function returned a {type(out).__name__}; "
                            "declare `outcome_map` (the outcome of each terminal profile) to solve it")
        if isinstance(out, Mapping) or not isinstance(out, Iterable):
            raise TypeError(f"model {self.id!r}: the function must return a list of equilibria (got {type(out).__name__})")
        eqs = []
        for item in out:
            if isinstance(item, Equilibrium):
                eqs.append(self.equilibrium(item.label, item.outcomes,
                                            **{k: getattr(item, k) for k in EXTRAS}))
            elif isinstance(item, Mapping):
                eqs.append(self.equilibrium("equilibrium", item))
            elif isinstance(item, tuple) and len(item) in (2, 3):
                extras = dict(item[2]) if len(item) == 3 else {}
                bad = sorted(set(extras) - set(EXTRAS))
                if bad:
                    raise TypeError(f"model {self.id!r}: unknown equilibrium extras {bad}; allowed {list(EXTRAS)}")
                eqs.append(self.equilibrium(item[0], item[1], **extras))
            else:
                raise TypeError(f"model {self.id!r}: an equilibrium must be a mapping outcome -> probability, "
                                f"(label, outcomes[, extras]) or an Equilibrium (got {item!r})")
        return eqs

    # the finite game ----------------------------------------------------------------
    @property
    def has_finite_game(self) -> bool:
        """True if the function returns a finite game (``outcome_map`` given): ``select="qre"``."""
        return self.outcome_map is not None

    def finite_game(self, p: dict[str, Any]) -> BimatrixGame | SignalingGame:
        """The finite game the function returns at the validated parameters ``p``.

        Parameters
        ----------
        p : dict
            Validated parameter values.

        Returns
        -------
        BimatrixGame or SignalingGame
        """
        if self.outcome_map is None:
            return super().finite_game(p)
        game = self.fn(dict(p))
        if not isinstance(game, BimatrixGame | SignalingGame):
            raise TypeError(f"model {self.id!r}: with `outcome_map` the function must return a BimatrixGame or a "
                            f"SignalingGame (got {type(game).__name__})")
        return game

    def equilibrium_profiles(self, p: dict[str, Any], eq: Equilibrium) -> tuple[NDArray, ...]:
        """Extreme points of the equilibrium's strategy blocks (``(x, y)`` or ``(sigma, rho)``).

        Parameters
        ----------
        p : dict
            Validated parameter values.
        eq : Equilibrium
            An equilibrium of the solution at ``p``.

        Returns
        -------
        tuple of numpy.ndarray
        """
        s = eq.strategies
        if "sigma_vertices" in s:
            return (np.asarray(s["sigma_vertices"]), np.asarray(s["rho_vertices"]))
        return (np.asarray(s["row"])[None, :], np.asarray(s["column"])[None, :])

    def profile_outcomes(self, p: dict[str, Any], strategies: tuple[NDArray, ...]) -> Mapping[str, float]:
        """Outcome distribution of a profile of :meth:`finite_game`.

        Parameters
        ----------
        p : dict
            Validated parameter values.
        strategies : tuple of numpy.ndarray
            One profile, one array per block.

        Returns
        -------
        mapping of str to float
        """
        game = self.finite_game(p)
        return self._profile_outcomes(game, self._outcome_weights(p, game), strategies)

    def _outcome_weights(self, p: dict[str, Any], game: BimatrixGame | SignalingGame) -> NDArray[np.float64]:
        """``W[profile..., o]``: probability of outcome ``o`` at each terminal profile."""
        if isinstance(game, BimatrixGame):
            labels: tuple[tuple[str, ...], ...] = (game.row_actions, game.column_actions)
            what = "(row action, column action)"
        else:
            labels = (game.types, game.messages, game.actions)
            what = "(type, message, action)"
        shape = tuple(len(t) for t in labels)
        omap = self.outcome_map
        if callable(omap):
            with_params = _n_positional(omap) > len(shape)
            cells = np.empty(shape, dtype=object)
            for idx in np.ndindex(*shape):
                profile = tuple(labels[k][i] for k, i in enumerate(idx))
                cells[idx] = omap(dict(p), *profile) if with_params else omap(*profile)
        else:
            cells = np.empty(shape, dtype=object)
            try:
                flat = np.asarray(omap, dtype=object)
                if flat.shape != shape:
                    raise ValueError
            except ValueError:
                raise ParameterError("outcome_map", np.shape(omap), f"shape {shape}, one outcome per {what}") from None
            for idx in np.ndindex(*shape):
                cells[idx] = flat[idx]
        index = {o: i for i, o in enumerate(self.outcomes)}
        W = np.zeros((*shape, len(self.outcomes)))
        for idx in np.ndindex(*shape):
            cell = cells[idx]
            dist = {cell: 1.0} if isinstance(cell, str) else cell
            at = f"at {what} = {tuple(labels[k][i] for k, i in enumerate(idx))}"
            if not isinstance(dist, Mapping):
                raise ParameterError("outcome_map", cell, "an outcome name or a mapping {outcome: probability}", at)
            for o, q in dist.items():
                if o not in index:
                    raise ParameterError("outcome_map", o, f"one of the outcomes {list(self.outcomes)}", at)
                W[(*idx, index[o])] = float(q)
            row = W[idx]
            if not (np.isfinite(row).all() and (row >= 0).all() and abs(row.sum() - 1) <= 1e-9):
                raise ParameterError("outcome_map", dict(dist), "probabilities >= 0 summing to 1", at)
        return W

    def _profile_outcomes(self, game: BimatrixGame | SignalingGame, W: NDArray[np.float64],
                          strategies: Sequence[NDArray]) -> dict[str, float]:
        if isinstance(game, BimatrixGame):
            x, y = (np.asarray(s, float) for s in strategies)
            mass = np.outer(x, y)
        else:
            sigma, rho = (np.asarray(s, float) for s in strategies)
            mass = game.outcome_distribution(sigma, rho).sum(axis=2)  # [t, m, a]
        probs = np.tensordot(mass, W, axes=mass.ndim)
        return {o: float(v) for o, v in zip(self.outcomes, probs, strict=True)}

    def _from_game(self, p: dict[str, Any], game: Any) -> tuple[list[Equilibrium], tuple[str, ...], str, dict]:
        if not isinstance(game, BimatrixGame | SignalingGame):
            raise TypeError(f"model {self.id!r}: with `outcome_map` the function must return a BimatrixGame or a "
                            f"SignalingGame (got {type(game).__name__})")
        idx = self._outcome_weights(p, game)
        eqs = []
        if isinstance(game, BimatrixGame):
            res = nash_equilibria(game, **self.solver_options)
            in_continuum = {i for c in res.continua for i in c}
            for i, (x, y) in enumerate(res.equilibria):
                pure = bool(np.isin(x, (0.0, 1.0)).all() and np.isin(y, (0.0, 1.0)).all())
                u_row, u_col = game.payoffs(x, y)
                eqs.append(self.equilibrium(
                    "pure" if pure else "mixed", self._profile_outcomes(game, idx, (x, y)),
                    strategies={"row": x, "column": y},
                    quantities={"payoff_row": u_row, "payoff_column": u_col},
                    flags={"continuum": i in in_continuum},
                    certificate={"max_regret": max(game.regret(x, y))}))
            return eqs, tuple(res.warnings), f"nash_equilibria ({res.method})", dict(res.options)
        res = pbe(game, **self.solver_options)
        esc_idx = [self.outcomes.index(o) for o in self.escalatory]
        for e in res:
            esc = [sum(self._profile_outcomes(game, idx, (sv, rv))[self.outcomes[k]] for k in esc_idx)
                   for sv in e.sigma_vertices for rv in e.rho_vertices]  # extremes over the cell (bilinear)
            quantities = {f"payoff_{t}": float(v) for t, v in zip(game.types, e.sender_payoffs, strict=True)}
            quantities.update(payoff_receiver=float(e.receiver_payoff), escalation_min=min(esc),
                              escalation_max=max(esc))
            flags = {k: bool(v) for k, v in e.flags.items() if v is not None}
            flags.update(continuum=bool(e.continuum), pure=bool(e.is_pure))
            eqs.append(self.equilibrium(
                e.label, self._profile_outcomes(game, idx, (e.sigma, e.rho)),
                strategies={"sigma": e.sigma, "rho": e.rho, "sigma_vertices": np.array(e.sigma_vertices),
                            "rho_vertices": np.array(e.rho_vertices)},
                quantities=quantities, flags=flags, certificate=dict(e.certificate)))
        return eqs, tuple(res.warnings), f"pbe ({res.method})", {"tol": res.tol, **self.solver_options}


class SymbolicFunctionModel(FunctionModel):
    """A :class:`FunctionModel` of a 2x2 bimatrix game with sympy payoffs (``symbolic_payoffs``)."""

    def symbolic(self) -> Any:
        """Closed form per sign regime of the parametric 2x2 game (every equilibrium's
        ``p``, ``q``: probabilities of the first actions; escalation from ``outcome_map``)."""
        import sympy as sp

        from ..solvers.symbolic import ParametricBimatrix, Regime, solve_parametric_2x2
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        discrete = [q.name for q in self.parameters if not isinstance(q.domain, Interval)]
        if discrete:
            raise NotImplementedError(f"model {self.id!r}: a symbolic form needs continuous parameters "
                                      f"(not {discrete})")
        s = model_symbols(self)
        game = self.finite_game(self.validate())  # the action labels
        if not isinstance(game, BimatrixGame) or game.shape != (2, 2):
            raise NotImplementedError(f"model {self.id!r}: symbolic_payoffs is for 2x2 bimatrix games")
        A, B = self.symbolic_payoffs(dict(s))
        labels = (game.row_actions, game.column_actions)
        omap = self.outcome_map
        esc = [[sp.Integer(0)] * 2 for _ in range(2)]
        for i in range(2):
            for j in range(2):
                if callable(omap):
                    prof = (labels[0][i], labels[1][j])
                    cell = omap(dict(s), *prof) if _n_positional(omap) > 2 else omap(*prof)
                else:
                    cell = np.asarray(omap, dtype=object)[i, j]
                dist = {cell: 1} if isinstance(cell, str) else dict(cell)
                esc[i][j] = sp.sympify(sum(dist.get(o, 0) for o in self.escalatory))
        regimes = []
        for reg in solve_parametric_2x2(ParametricBimatrix(A, B, tuple(s.values()))):
            eqs = []
            for eq in reg.equilibria:
                x, y = (eq["p"], 1 - eq["p"]), (eq["q"], 1 - eq["q"])
                e = sp.simplify(sum(x[i] * y[j] * esc[i][j] for i in range(2) for j in range(2)))
                eqs.append({ESCALATION: e, "p": eq["p"], "q": eq["q"], "u_row": eq["u_row"], "u_col": eq["u_col"]})
            regimes.append(Regime(reg.name, reg.conditions, tuple(eqs), reg.labels, reg.degenerate,
                                  description=reg.description))
        return SymbolicForm.build(self, [r for r in regimes if r.degenerate or self._occurs(r, s)])

    def _occurs(self, regime: Any, symbols: dict[str, Any]) -> bool:
        """Does some of 4,000 seeded draws from the parameter domains fall in the (open) regime?
        (Sign patterns outside the domains, e.g. ``h > 1`` for a probability, are dropped.)"""
        import sympy as sp

        names = [n for n in symbols if any(symbols[n] in c.free_symbols for c in regime.conditions)]
        if not names:
            return all(bool(c) for c in regime.conditions)
        rng = np.random.default_rng(0)
        draws = {n: np.array([sample_value(self.parameter(n).domain, self.parameter(n).default, rng)
                              for _ in range(4000)]) for n in names}
        ok = np.ones(4000, dtype=bool)
        for c in regime.conditions:
            f = sp.lambdify([symbols[n] for n in names], c, "numpy")
            ok &= np.broadcast_to(np.asarray(f(*(draws[n] for n in names)), dtype=bool), ok.shape)
        return bool(ok.any())


def _n_positional(fn: Callable) -> int:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return 0
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(q.kind == inspect.Parameter.VAR_POSITIONAL for q in sig.parameters.values()):
        return 10**6
    return sum(q.kind in kinds for q in sig.parameters.values())


def _model_at(module: str, qualname: str) -> FunctionModel:
    """The model bound to ``module.qualname`` (unpickling a decorated model by reference)."""
    import importlib

    return getattr(importlib.import_module(module), qualname)


def model(
    fn: Callable[[dict[str, Any]], Any] | None = None,
    *,
    parameters: Sequence[Parameter],
    outcomes: Sequence[str],
    escalatory: Sequence[str],
    outcome_map: Any = None,
    method: str | None = None,
    id: str | None = None,
    title: str | None = None,
    provenance: str = "user model",
    references: Sequence[str] = (),
    solver_options: Mapping[str, Any] | None = None,
    check: Callable[[dict[str, Any]], None] | None = None,
    symbolic_payoffs: Callable[[dict[str, Any]], tuple[Any, Any]] | None = None,
) -> Any:
    """Make a :class:`~deterrence_games.models.base.Model` from a function (a decorator or a call).

    Parameters
    ----------
    fn : callable
        ``fn(params)`` with ``params`` the validated parameter dict; returns a finite game
        (a ``BimatrixGame`` or ``SignalingGame``; give ``outcome_map``) or a list of
        equilibria (give ``method``). Omitted when used as ``@model(...)``.
    parameters : sequence of Parameter
        The declared parameters (domains from :func:`interval`, :func:`integer`,
        :func:`choice`); every value is checked before ``fn`` runs.
    outcomes : sequence of str
        Names of the terminal outcomes.
    escalatory : sequence of str
        The outcomes that count as escalation.
    outcome_map : array_like or callable, optional
        For a game-returning ``fn``: the outcome of each terminal profile, an outcome name
        or a distribution ``{outcome: probability}`` (chance after the players' moves, e.g.
        an inspection that errs). An array of shape ``(n_row_actions, n_column_actions)``
        for a bimatrix game or ``(n_types, n_messages, n_actions)`` for a signaling game, or
        a function of the profile's labels (``(row_action, column_action)`` or ``(type,
        message, action)``), optionally preceded by the parameter dict
        (``outcome_map(params, row_action, column_action)``).
    method : str, optional
        How the equilibria are found. Required when ``fn`` returns equilibria; for a game
        the solution records the generic solver used.
    id, title : str, optional
        Registry key and one-line title (default: the function's name and the first line
        of its docstring).
    provenance : str, default "user model"
        One of :data:`~deterrence_games.models.base.PROVENANCE_LABELS`.
    references : sequence of str
        Citations, ``"Fearon1995: Rationalist explanations for war, IO 49(3)"``.
    solver_options : mapping, optional
        Keyword arguments of the generic solver (``nash_equilibria`` or ``pbe``, e.g.
        ``{"consistent_beliefs": True}``).
    check : callable, optional
        ``check(params)`` raising :class:`~deterrence_games.ParameterError` for
        cross-parameter conditions (run before any work).
    symbolic_payoffs : callable, optional
        For a 2x2 bimatrix game: ``symbolic_payoffs(symbols) -> (A, B)``, the payoffs as
        sympy expressions of the parameters' symbols (often the same code as ``fn``). The
        model then has a closed form per regime (:func:`deterrence_games.solvers.symbolic.solve_parametric_2x2`)
        and comparative statics (``deterrence-games statics``); ``outcome_map``, if a
        function, is also called with the symbols.

    Returns
    -------
    FunctionModel
        The model (or, without ``fn``, a decorator that makes it).
    """
    kwargs = dict(parameters=parameters, outcomes=outcomes, escalatory=escalatory, outcome_map=outcome_map,
                  method=method, id=id, title=title, provenance=provenance, references=references,
                  solver_options=solver_options, check=check, symbolic_payoffs=symbolic_payoffs)
    cls = FunctionModel if symbolic_payoffs is None else SymbolicFunctionModel
    if fn is None:
        return lambda f: cls(f, **kwargs)
    return cls(fn, **kwargs)
