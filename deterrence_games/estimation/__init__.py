"""Maximum-likelihood estimation of strategic models from dispute data (``dg.estimate``).

Signorino's (1999) strategic probit/logit: the outcome distribution of each dispute is the
agent-error or private-information equilibrium of a crisis game whose utilities are linear
in covariates. The syntax follows the R package ``games`` (Kenkel and Signorino 2014):

>>> import deterrence_games as dg
>>> war = dg.datasets.load("war1800")
>>> fit = dg.estimate.egame12("esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2",
...                           war, link="probit", errors="agent")
>>> round(fit.llf, 2) < 0 and fit.converged
True

Contents: :func:`egame12` (two players, three outcomes: status quo, capitulation, war),
:func:`egame122` (two players, four outcomes), :func:`egame123` (three players, four
outcomes), each with agent error or private information and a probit or logit link;
:func:`qre_fit` (logit agent QRE maximum likelihood for a model's finite game); the
non-nested tests :func:`vuong` and :func:`clarke`; :func:`simulate_egame12`;
:func:`plot_predicted` and :func:`summary_col`. Every fit returns a :class:`StrategicFit`
(``params``, ``bse``, ``llf``, ``aic``, ``bic``, ``summary()``, ``predict``,
``escalation_probability``). The maximiser, the covariances and the result object are shared
by all of them (``_mle``, ``_results``).

References
----------
Signorino, C. S. (1999), "Strategic Interaction and the Statistical Analysis of
International Conflict", APSR 93(2): 279-297. Signorino, C. S. (2003), "Structure and
Uncertainty in Discrete Choice Models", Political Analysis 11(4). Bas, M. A., Signorino,
C. S. and Walker, R. W. (2008), "Statistical Backwards Induction", Political Analysis 16(1).
Lewis, J. B. and Schultz, K. A. (2003), "Revealing Preferences: Empirical Estimation of a
Crisis Bargaining Game with Incomplete Information", Political Analysis 11(4). Kenkel, B.
and Signorino, C. S. (2014), "Estimating Extensive Form Games in R", JSS 56(8).
"""

from ._nonnested import NonNestedTest, clarke, vuong
from ._plot import plot_predicted
from ._qre_fit import qre_fit
from ._results import FitSummary, StrategicFit, summary_col
from ._strategic import egame12, egame122, egame123, simulate_egame12

__all__ = ["egame12", "egame122", "egame123", "simulate_egame12", "StrategicFit", "FitSummary", "NonNestedTest", "vuong", "clarke", "plot_predicted", "qre_fit",
           "summary_col"]
