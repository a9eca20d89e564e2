r"""Tests of non-nested models: Vuong (1989) and Clarke (2003, 2007).

With per-observation log-likelihood ratios :math:`m_i = \ell_{1i} - \ell_{2i}` and a
correction :math:`c` for the numbers of parameters :math:`k_1, k_2` (none; Akaike
:math:`k_1 - k_2`; Schwarz :math:`(k_1 - k_2)\log(n)/2`), Vuong's statistic is
:math:`(\sum_i m_i - c)/(\sqrt n\, \hat s_m)`, standard normal when the models fit equally
well, with :math:`\hat s_m^2 = n^{-1}\sum_i (m_i - \bar m)^2` (Vuong 1989, eq. 4.2); Clarke's
distribution-free statistic counts :math:`B = \#\{i: m_i - c/n > 0\}`, binomial
:math:`(n, 1/2)` under the same null. The default correction is Schwarz's, as in the R package
``games`` (Kenkel and Signorino 2014).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._validation import ParameterError
from ..results import Result

__all__ = ["NonNestedTest", "vuong", "clarke"]

_CORRECTIONS = ("none", "akaike", "schwarz")


@dataclass(frozen=True, eq=False)
class NonNestedTest(Result):
    """Outcome of :func:`vuong` or :func:`clarke` (two-sided p-value).

    Attributes
    ----------
    test : str
        ``"Vuong"`` or ``"Clarke"``.
    statistic : float
        Vuong's z statistic, or Clarke's number of observations favouring model 1.
    pvalue : float
        Two-sided p-value.
    preferred : str
        ``"model1"``, ``"model2"`` or ``"neither"`` at the 5 % level.
    correction : str
        ``"none"``, ``"akaike"`` or ``"schwarz"``: the penalty for the number of parameters.
    nobs : int
        Observations compared.
    """

    test: str
    statistic: float
    pvalue: float
    preferred: str  # "model1", "model2" or "neither" at the 5 % level
    correction: str
    nobs: int

    def __repr__(self) -> str:
        return (f"<{self.test} test ({self.correction} correction): statistic={self.statistic:.4f}, "
                f"p={self.pvalue:.4g}, preferred: {self.preferred}>")

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the test's fields."""
        return {k: getattr(self, k) for k in ("test", "statistic", "pvalue", "preferred", "correction", "nobs")}


def _ratios(model1, model2, correction):
    if correction not in _CORRECTIONS:
        raise ParameterError("correction", correction, f"one of {list(_CORRECTIONS)}")
    l1, l2 = np.asarray(model1.loglik_obs), np.asarray(model2.loglik_obs)
    if l1.shape != l2.shape:
        raise ParameterError("model2", f"{l2.size} observations", f"the same observations as model1 ({l1.size})",
                             "fit both models to the same rows")
    n = l1.size
    dk = len(model1.params) - len(model2.params)
    c = {"none": 0.0, "akaike": float(dk), "schwarz": dk * np.log(n) / 2}[correction]
    return l1 - l2, c, n


def vuong(model1, model2, correction: str = "schwarz") -> NonNestedTest:
    """Vuong's (1989) test of two fits (objects with ``loglik_obs`` and ``params``) on the same rows.

    The statistic is the corrected sum of the pointwise log-likelihood ratios over
    ``sqrt(n)`` times their standard deviation, asymptotically standard normal when the two
    models are equally close to the truth.

    Parameters
    ----------
    model1, model2 : StrategicFit or any fit with ``loglik_obs`` and ``params``
        Two non-nested models fitted to the same observations.
    correction : {"none", "akaike", "schwarz"}, default "schwarz"
        Penalty for the difference in the number of parameters (``k``, ``k log(n) / 2``).

    Returns
    -------
    NonNestedTest

    Raises
    ------
    ParameterError
        An unknown correction, or fits on different numbers of observations.
    """
    m, c, n = _ratios(model1, model2, correction)
    sd = m.std(ddof=0)
    stat = float((m.sum() - c) / (np.sqrt(n) * sd)) if sd > 0 else 0.0
    p = float(2 * stats.norm.sf(abs(stat)))
    pref = "neither" if p >= 0.05 else ("model1" if stat > 0 else "model2")
    return NonNestedTest("Vuong", stat, p, pref, correction, n)


def clarke(model1, model2, correction: str = "schwarz") -> NonNestedTest:
    """Clarke's (2007) distribution-free test: the number of observations favouring model 1.

    A sign test on the pointwise log-likelihood ratios (each shifted by the correction over
    ``n``; ties dropped), with an exact binomial p-value.

    Parameters
    ----------
    model1, model2 : StrategicFit or any fit with ``loglik_obs`` and ``params``
        Two non-nested models fitted to the same observations.
    correction : {"none", "akaike", "schwarz"}, default "schwarz"
        Penalty for the difference in the number of parameters.

    Returns
    -------
    NonNestedTest

    Raises
    ------
    ParameterError
        An unknown correction, or fits on different numbers of observations.
    """
    m, c, n = _ratios(model1, model2, correction)
    d = m - c / n
    d = d[d != 0]
    b = int((d > 0).sum())
    p = float(stats.binomtest(b, len(d), 0.5).pvalue) if len(d) else 1.0
    pref = "neither" if p >= 0.05 else ("model1" if b > len(d) / 2 else "model2")
    return NonNestedTest("Clarke", float(b), p, pref, correction, n)
