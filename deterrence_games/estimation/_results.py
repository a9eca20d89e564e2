"""Result objects of strategic estimation: :class:`StrategicFit`, :class:`FitSummary`."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import ParameterError, as_rng
from .._version import __version__
from ..results import Result, frozen_map
from ._formula import build_design, variables

__all__ = ["StrategicFit", "FitSummary"]

_VCOV = ("hessian", "opg", "sandwich", "bootstrap")


@dataclass(frozen=True, eq=False)
class FitSummary(Result):
    """The coefficient table and fit statistics of a :class:`StrategicFit`.

    ``print()`` it for the text table (as R's ``summary``); ``to_frame()`` gives the table.

    Attributes
    ----------
    title : str
        The model fitted.
    info : tuple of (str, str)
        Fit statistics (observations, log-likelihood, AIC, BIC, standard errors used, ...).
    table : pandas.DataFrame
        One row per coefficient: estimate, standard error, z and p-value.
    """

    title: str
    info: tuple[tuple[str, str], ...]
    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table (a copy)."""
        return self.table.copy()

    def __str__(self) -> str:
        width = 78
        lines = [self.title.center(width), "=" * width]
        half = (len(self.info) + 1) // 2
        left, right = self.info[:half], self.info[half:]
        for i in range(half):
            a = f"{left[i][0]+':':<18}{left[i][1]:>20}"
            b = f"{right[i][0]+':':<18}{right[i][1]:>20}" if i < len(right) else ""
            lines.append(f"{a}  {b}".rstrip())
        lines.append("=" * width)
        t = self.table
        name_w = max(12, max(len(str(i)) for i in t.index))
        lines.append(f"{'':<{name_w}} {'coef':>10} {'std err':>10} {'z':>8} {'P>|z|':>8} {'[0.025':>9} {'0.975]':>9}")
        lines.append("-" * width)
        for name, r in t.iterrows():
            lines.append(f"{str(name):<{name_w}} {r['coef']:>10.4f} {r['std err']:>10.4f} {r['z']:>8.3f} "
                         f"{r['P>|z|']:>8.3f} {r['[0.025']:>9.3f} {r['0.975]']:>9.3f}")
        lines.append("=" * width)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        info = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in self.info)
        return (f"<div><strong>{html.escape(self.title)}</strong><table>{info}</table>"
                f"{self.table.to_html(float_format=lambda x: f'{x:.4f}')}"
                f"<details><summary>text</summary><pre>{html.escape(str(self))}</pre></details></div>")

    def as_latex(self) -> str:
        """A ``tabular`` of the coefficients with the fit statistics below (booktabs rules)."""
        rows = [r"\begin{tabular}{lrrrr}", r"\toprule", r" & coef & std err & $z$ & $P>|z|$ \\", r"\midrule"]
        for name, r in self.table.iterrows():
            nm = str(name).replace("_", r"\_")
            rows.append(f"{nm} & {r['coef']:.4f} & {r['std err']:.4f} & {r['z']:.3f} & {r['P>|z|']:.3f} \\\\")
        rows.append(r"\midrule")
        for k, v in self.info:
            if k in ("Log-likelihood", "AIC", "BIC", "Observations"):
                rows.append(f"{k} & \\multicolumn{{4}}{{r}}{{{v}}} \\\\")
        rows += [r"\bottomrule", r"\end{tabular}"]
        return "\n".join(rows)


@dataclass(frozen=True, eq=False)
class StrategicFit(Result):
    """A fitted strategic model (maximum likelihood), in the manner of statsmodels.

    Attributes
    ----------
    params : pandas.Series
        Estimates named ``"u11:(Intercept)"``, ``"u24:balanc"``, ``"log_sigma:(Intercept)"``...
    llf, nobs, n_dropped : float, int, int
        Maximised log-likelihood, observations used, rows dropped for missing values.
    converged, iterations : bool, int
        Of the best run; ``restarts`` lists every run (start, log-likelihood, convergence).
    vcov_type : str
        Default covariance behind ``bse``: ``"hessian"`` (inverse observed information),
        ``"opg"``, ``"sandwich"`` or ``"bootstrap"``.
    """

    model: str
    formula: str
    link: str
    errors: str
    params: pd.Series
    covariances: Mapping[str, np.ndarray]
    vcov_type: str
    llf: float
    nobs: int
    n_dropped: int
    converged: bool
    iterations: int
    restarts: pd.DataFrame
    loglik_obs: np.ndarray
    boot_params: np.ndarray | None
    options: Mapping[str, Any]
    warnings: tuple[str, ...] = ()
    _spec: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.loglik_obs.setflags(write=False)
        for v in self.covariances.values():
            v.setflags(write=False)
        object.__setattr__(self, "covariances", frozen_map(self.covariances))
        object.__setattr__(self, "options", frozen_map(self.options))

    # -- statsmodels-like accessors ---------------------------------------------------------
    def cov_params(self, kind: str | None = None) -> pd.DataFrame:
        """Covariance matrix of :attr:`params` (``kind`` defaults to :attr:`vcov_type`).

        Parameters
        ----------
        kind : {"hessian", "opg", "sandwich", "bootstrap"}, optional
            Inverse Hessian, outer product of the scores, their sandwich, or the bootstrap
            (only after a fit with ``boot=N``).

        Returns
        -------
        pandas.DataFrame
            Indexed by parameter name on both axes.

        Raises
        ------
        ParameterError
            A kind that was not computed.
        """
        kind = self.vcov_type if kind is None else kind
        if kind not in self.covariances:
            raise ParameterError("kind", kind, f"one of {sorted(self.covariances)}",
                                 "fit with boot=N for bootstrap standard errors")
        names = self.params.index
        return pd.DataFrame(self.covariances[kind], index=names, columns=names)

    @property
    def bse(self) -> pd.Series:
        """Standard errors under :attr:`vcov_type`."""
        return pd.Series(np.sqrt(np.clip(np.diag(self.cov_params().to_numpy()), 0, None)),
                         index=self.params.index, name="std err")

    @property
    def tvalues(self) -> pd.Series:
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series(2 * stats.norm.sf(np.abs(self.tvalues.to_numpy())), index=self.params.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald confidence intervals ``params -/+ z_(1 - alpha/2) bse``.

        Parameters
        ----------
        alpha : float, default 0.05
            One minus the coverage.

        Returns
        -------
        pandas.DataFrame
            Columns ``lower`` and ``upper``, one row per parameter.
        """
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame({"lower": self.params - z * self.bse, "upper": self.params + z * self.bse})

    @property
    def df_model(self) -> int:
        return len(self.params)

    @property
    def aic(self) -> float:
        return -2 * self.llf + 2 * self.df_model

    @property
    def bic(self) -> float:
        return -2 * self.llf + np.log(self.nobs) * self.df_model

    # -- presentation -------------------------------------------------------------------------
    def summary(self) -> FitSummary:
        """Coefficient table (estimate, standard error, z, p-value, 95 % interval) and fit
        statistics; ``print(fit.summary())`` shows it as text."""
        ci = self.conf_int()
        table = pd.DataFrame({"coef": self.params, "std err": self.bse, "z": self.tvalues, "P>|z|": self.pvalues,
                              "[0.025": ci["lower"], "0.975]": ci["upper"]})
        agree = int((np.abs(self.restarts["llf"] - self.llf) < 1e-6).sum())
        info = (("Model", self.model), ("Link", self.link), ("Errors", self.errors),
                ("Observations", str(self.nobs)), ("Dropped (NA)", str(self.n_dropped)),
                ("Covariance", self.vcov_type),
                ("Log-likelihood", f"{self.llf:.4f}"), ("AIC", f"{self.aic:.4f}"), ("BIC", f"{self.bic:.4f}"),
                ("Converged", str(self.converged)), ("Iterations", str(self.iterations)),
                ("Runs at optimum", f"{agree} of {len(self.restarts)}"))
        return FitSummary(f"Strategic {self.model} ({self.link}, {self.errors} error): {self.formula}", info, table)

    def __repr__(self) -> str:
        return (f"<StrategicFit {self.model} {self.link}/{self.errors}: {len(self.params)} parameters, "
                f"n={self.nobs}, loglik={self.llf:.4f}{'' if self.converged else ', NOT CONVERGED'}>")

    def __str__(self) -> str:
        return str(self.summary())

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table of :meth:`summary` (coef, std err, z, P>|z|, interval)."""
        return self.summary().to_frame()

    def to_dict(self) -> dict:
        """JSON-ready: the fields of the command line's ``--json`` output."""
        return {"model": self.model, "formula": self.formula, "link": self.link, "errors": self.errors,
                "loglik": self.llf, "n_obs": self.nobs, "n_dropped": self.n_dropped,
                "params": {k: float(v) for k, v in self.params.items()},
                "bse": {k: float(v) for k, v in self.bse.items()}, "vcov": self.vcov_type,
                "aic": self.aic, "bic": self.bic, "converged": self.converged, "iterations": self.iterations,
                "restarts": self.restarts.to_dict(orient="records"), "options": dict(self.options),
                "warnings": list(self.warnings), "version": __version__}

    # -- prediction ---------------------------------------------------------------------------
    def _kernel_for(self, newdata: pd.DataFrame):
        spec = self._spec
        if spec is None:
            raise NotImplementedError(f"{self.model} was fitted to counts: it has no covariate predictions")
        design = build_design(newdata, spec.rhs, levels=spec.levels)
        W1 = design.X.get("_s1")
        W2 = design.X.get("_s2")
        X = {s: design.X[s] for s in spec.slots}
        return spec.kernel.with_design(X, W1, W2 if W2 is not None else W1), design.rows

    def predict(self, newdata: pd.DataFrame | None = None, params: np.ndarray | None = None) -> pd.DataFrame:
        """Outcome and action probabilities for ``newdata`` (default: the estimation sample).

        Returns one row per row of ``newdata`` with complete values (same index): the outcome
        probabilities (``sq``, ``capit``, ``war``) and the action probabilities
        (``esc`` = player 1 escalates; ``war_given_esc`` = player 2 fights if challenged).

        Parameters
        ----------
        newdata : pandas.DataFrame, optional
            Covariates (the columns the formula uses).
        params : numpy.ndarray, optional
            Coefficients to use instead of the estimates.

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        NotImplementedError
            The model was fitted to counts (no covariates).
        """
        if self._spec is None:
            raise NotImplementedError(f"{self.model} was fitted to counts: it has no covariate predictions")
        data = self._spec.data if newdata is None else newdata
        kern, rows = self._kernel_for(data)
        theta = self.params.to_numpy() if params is None else params
        out, act = kern.probabilities(theta)
        frame = pd.DataFrame(out, index=rows, columns=list(self._spec.outcomes))
        for j, a in enumerate(self._spec.actions):
            frame[a] = act[:, j]
        return frame

    def profile(self, vary: str | None = None, values: Sequence | None = None,
                at: Mapping[str, Any] | None = None, n: int = 50) -> pd.DataFrame:
        """A data frame of covariate profiles: ``vary`` over ``values``, the rest at ``at``.

        Variables not in ``at`` are held at their sample mean (numeric) or most frequent level
        (categorical) over the estimation sample; ``values`` defaults to ``n`` points from the
        minimum to the maximum of ``vary`` (all levels if it is categorical).

        Parameters
        ----------
        vary : str, optional
            The covariate that varies (None: one row, everything at ``at`` or typical values).
        values : sequence, optional
            Its values.
        at : mapping of str to object, optional
            Fixed values of other covariates.
        n : int, default 50
            Number of values when ``values`` is not given.

        Returns
        -------
        pandas.DataFrame
            One row per profile, one column per covariate the formula uses.

        Raises
        ------
        ParameterError
            A covariate the formula does not use.
        """
        spec = self._spec
        if spec is None:
            raise NotImplementedError(f"{self.model} was fitted to counts: it has no covariate profiles")
        used = variables(spec.rhs)
        sample = spec.data.loc[spec.rows, used]
        at = dict(at or {})
        bad = [k for k in list(at) + ([vary] if vary else []) if k not in used]
        if bad:
            raise ParameterError("vary" if bad[0] == vary else "at", bad[0], f"a variable of the model ({', '.join(used)})")
        base = {}
        for c in used:
            if c in at:
                base[c] = at[c]
            elif c in spec.levels:
                base[c] = sample[c].astype(str).value_counts().idxmax()
            else:
                base[c] = float(sample[c].mean())
        if vary is None:
            return pd.DataFrame([base])
        if values is None:
            if vary in spec.levels:
                values = list(spec.levels[vary])
            else:
                values = np.linspace(float(sample[vary].min()), float(sample[vary].max()), n)
        frame = pd.DataFrame({c: [base[c]] * len(values) for c in used})
        frame[vary] = list(values)
        return frame

    def escalation_probability(self, vary: str | None = None, *, values: Sequence | None = None,
                               at: Mapping[str, Any] | None = None, n: int = 50,
                               outcomes: Sequence[str] | None = None, ci: str = "delta",
                               level: float = 0.95, n_draws: int = 1000, seed: int | None = 0) -> pd.DataFrame:
        """Predicted outcome probabilities as ``vary`` moves, with confidence bands.

        Parameters
        ----------
        vary, values, at, n
            The covariate profile (see :meth:`profile`).
        outcomes : sequence of str, optional
            Which outcomes and actions (default: every outcome, e.g. ``sq``, ``capit``, ``war``).
        ci : {"delta", "simulation", "bootstrap", "none"}
            Delta method on the chosen covariance (symmetric bands, clipped to [0, 1]);
            parametric resampling of the estimates from N(params, cov) (``n_draws``,
            ``seed``; percentile bands); the bootstrap replicates of the fit (percentile).
        level : float
            Coverage of the bands.

        Returns
        -------
        pandas.DataFrame
            Tidy: one row per (value of ``vary``, outcome) with ``probability``, ``lower``,
            ``upper`` and the profile's covariates.
        """
        if ci not in ("delta", "simulation", "bootstrap", "none"):
            raise ParameterError("ci", ci, "one of 'delta', 'simulation', 'bootstrap', 'none'")
        if not 0 < level < 1:
            raise ParameterError("level", level, "0 < level < 1")
        names = list(self._spec.outcomes) + list(self._spec.actions)
        outcomes = list(self._spec.outcomes) if outcomes is None else list(outcomes)
        bad = [o for o in outcomes if o not in names]
        if bad:
            raise ParameterError("outcomes", bad[0], f"among {names}")
        prof = self.profile(vary, values, at, n)
        kern, _ = self._kernel_for(prof)
        theta = self.params.to_numpy()

        def probs(t):
            out, act = kern.probabilities(t)
            return np.column_stack([out, act])[:, [names.index(o) for o in outcomes]]

        p = probs(theta)
        lo = hi = np.full_like(p, np.nan)
        if ci == "delta":
            V = self.cov_params().to_numpy()
            G = np.empty(p.shape + (len(theta),))
            for j in range(len(theta)):
                h = 1e-6 * max(1.0, abs(theta[j]))
                e = np.zeros(len(theta))
                e[j] = h
                G[..., j] = (probs(theta + e) - probs(theta - e)) / (2 * h)
            se = np.sqrt(np.einsum("...i,ij,...j->...", G, V, G))
            z = stats.norm.ppf(0.5 + level / 2)
            lo, hi = np.clip(p - z * se, 0, 1), np.clip(p + z * se, 0, 1)
        elif ci in ("simulation", "bootstrap"):
            if ci == "bootstrap":
                if self.boot_params is None:
                    raise ParameterError("ci", ci, "'delta' or 'simulation' for a fit without bootstrap",
                                         "fit with boot=N")
                draws = self.boot_params
            else:
                rng = as_rng(seed)
                V = self.cov_params().to_numpy()
                draws = rng.multivariate_normal(theta, V, size=n_draws, method="eigh")
            sims = np.stack([probs(d) for d in draws])
            lo, hi = np.quantile(sims, [0.5 - level / 2, 0.5 + level / 2], axis=0)
        rows = []
        for i in range(len(prof)):
            for j, o in enumerate(outcomes):
                rows.append({**prof.iloc[i].to_dict(), "outcome": o, "probability": p[i, j],
                             "lower": lo[i, j], "upper": hi[i, j]})
        out = pd.DataFrame(rows)
        out.attrs["provenance"] = {"model": self.model, "formula": self.formula, "vary": vary, "ci": ci,
                                   "level": level, "vcov": self.vcov_type, "seed": seed, "version": __version__}
        return out

    def plot_escalation(self, vary: str, **kwargs: Any) -> Any:
        """:meth:`escalation_probability` drawn by :func:`plot_predicted` (returns the Axes).

        Parameters
        ----------
        vary : str
            The covariate on the horizontal axis.
        **kwargs
            ``ax`` and ``title`` for the plot; the rest for :meth:`escalation_probability`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ._plot import plot_predicted

        plot_kw = {k: kwargs.pop(k) for k in ("ax", "title") if k in kwargs}
        return plot_predicted(self.escalation_probability(vary, **kwargs), x=vary, **plot_kw)


def summary_col(fits: Mapping[str, StrategicFit]) -> pd.DataFrame:
    """Side-by-side coefficients (standard errors in parentheses), one column per fit.

    Parameters
    ----------
    fits : mapping of str to StrategicFit
        The fits, by column title.

    Returns
    -------
    pandas.DataFrame
        One row per coefficient name (blank where a fit lacks it), then the log-likelihood
        and the number of observations.
    """
    cols = {}
    for name, fit in fits.items():
        cols[name] = {k: f"{v:.3f} ({s:.3f})" for k, v, s in zip(fit.params.index, fit.params, fit.bse, strict=True)}
        cols[name]["Log-likelihood"] = f"{fit.llf:.3f}"
        cols[name]["N"] = str(fit.nobs)
    return pd.DataFrame(cols).fillna("")
