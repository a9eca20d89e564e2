"""The parameter vocabulary: what kind of quantity each model parameter is.

Every parameter of a shipped model declares a *role* (``Parameter(..., role="prior")``), one
of :data:`ROLES` below, each defined once with its meaning and conventional domain. The
paper's own letter stays in the parameter's ``symbol`` (shown in plots and LaTeX); the role
says what the letter stands for, so that the same idea has one name across models. Where two
models used one name for two roles (``beta`` for non-detection in the inspection game, for
detection in the early-warning model and for the discount factor in Green-Porter), the name
was changed (``Parameter(former=...)``, listed by :func:`parameters_markdown`), and the former
name keeps working for one release with a ``DeprecationWarning`` naming the new one (see
:meth:`deterrence_games.models.base.Model.canonical_names`).

The detection vocabulary follows signal detection theory (Green & Swets 1966) and the
inspection games of Avenhaus, von Stengel & Zamir (2002), where ``alpha`` is the false-alarm
and ``beta`` the non-detection probability (the errors of the first and second kind).

Examples
--------
>>> from deterrence_games.models.roles import ROLES
>>> ROLES["discount"].meaning
'discount factor or continuation probability of a repeated game'
>>> ROLES["prior"].domain.describe("pi")
'0 <= pi <= 1'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

from .._validation import Choice, Domain, IntegerRange, Interval, ParameterError

__all__ = ["Role", "ROLES", "check_role", "domain_within", "parameters_markdown"]


@dataclass(frozen=True)
class Role:
    """A kind of model parameter.

    Parameters
    ----------
    name : str
        The role's key (``Parameter(role=name)``).
    meaning : str
        One line: what a parameter with this role measures.
    domain : Interval, IntegerRange or Choice
        The conventional domain of such a parameter; a parameter's own domain lies within it
        (:func:`domain_within`), e.g. every prior is a probability.
    information : bool
        True if a parameter with this role typically measures information sharing.
    """

    name: str
    meaning: str
    domain: Domain
    information: bool = False

    def to_dict(self) -> dict:
        return {"name": self.name, "meaning": self.meaning, "domain": self.domain.to_dict(),
                "domain_text": _describe(self.domain, "x"), "information": self.information}


_UNIT = Interval(0.0, 1.0)
_REAL = Interval()
_NONNEG = Interval(0.0, math.inf)
_POS = Interval(0.0, math.inf, low_closed=False)
_COUNT = IntegerRange(0, None)
_ANY_CHOICE = Choice(())  # a choice of the model's own options

_ROLES = (
    # information: priors and the accuracy of what the rivals observe
    Role("prior", "prior probability of a type (reputation, trust, credibility, resolve)", _UNIT, True),
    Role("detection", "probability that a violation or attack is detected, Pr(alarm | violation)", _UNIT, True),
    Role("non_detection", "probability that a violation goes undetected, 1 - detection "
                          "(the error of the second kind)", _UNIT, True),
    Role("false_alarm", "probability of an alarm without a violation, Pr(alarm | no violation) "
                        "(the error of the first kind)", _UNIT, True),
    Role("specificity", "probability of no alarm without a violation, 1 - false_alarm", _UNIT, True),
    Role("signal_accuracy", "probability that a binary signal reports the true type or state", _UNIT, True),
    Role("signal_precision", "precision (inverse variance) of a normally distributed signal", _POS, True),
    Role("signal_noise", "standard deviation of the noise of a continuous signal or monitoring", _POS, True),
    Role("detectability", "signal-to-noise ratio of a measurement (the index of its ROC curve)", _POS, True),
    Role("mechanism", "switches an information mechanism on or off (cheap talk, a hotline, public reports)",
         Choice((False, True)), True),
    # time
    Role("discount", "discount factor or continuation probability of a repeated game", _UNIT),
    Role("horizon", "number of periods, rounds or contacts", _COUNT),
    Role("duration", "length in periods of a punishment, pause or price war", IntegerRange(1, None)),
    Role("count", "number of players, markets or inspections", _COUNT),
    # payoffs
    Role("cost", "a cost or loss (of war, arming, inspection, backing down), counted as a positive number",
         _NONNEG),
    Role("benefit", "a gain or the value of a stake, counted as a positive number", _NONNEG),
    Role("payoff", "a payoff with no sign convention (an entry of a payoff matrix)", _REAL),
    Role("share", "a share of a divisible good (a settlement, the pie left after war)", _UNIT),
    Role("weight", "relative weight of an objective or of a period", _NONNEG),
    Role("probability", "another probability (of winning a war, of an incident, of war in a regime)", _UNIT),
    Role("threshold", "a cutoff in a decision rule (a belief, a price)", _REAL),
    Role("state", "the state of the world: a fundamental, its distribution or a realised signal", _REAL),
    Role("distribution", "shape of a type distribution", _POS),
    # structure
    Role("variant", "selects a variant of the model (named ``variant`` in every model)", _ANY_CHOICE),
    Role("rule", "selects a rule or an assumption inside a variant (a pause rule, a trigger)", _ANY_CHOICE),
)

#: the roles, by name (read-only)
ROLES: MappingProxyType[str, Role] = MappingProxyType({r.name: r for r in _ROLES})


def domain_within(inner: Domain, outer: Domain) -> bool:
    """True if every value of ``inner`` lies in ``outer`` (a Choice ``outer`` with no options
    admits any Choice)."""
    if isinstance(outer, Choice):
        return isinstance(inner, Choice) and (not outer.options or set(inner.options) <= set(outer.options))
    if isinstance(inner, Choice):
        return False
    if isinstance(outer, IntegerRange):
        return (isinstance(inner, IntegerRange) and inner.low >= outer.low
                and (outer.high is None or (inner.high is not None and inner.high <= outer.high)))
    lo, hi = (float(inner.low), math.inf if inner.high is None else float(inner.high)) \
        if isinstance(inner, IntegerRange) else (inner.low, inner.high)
    lo_ok = lo > outer.low or (lo == outer.low and (outer.low_closed or not getattr(inner, "low_closed", True)))
    hi_ok = hi < outer.high or (hi == outer.high and (outer.high_closed or not getattr(inner, "high_closed", True)))
    return lo_ok and hi_ok


def check_role(name: str, role: object, domain: Domain) -> None:
    """Raise if ``role`` is not in :data:`ROLES` or ``domain`` leaves the role's domain."""
    if role is None:
        return
    if not isinstance(role, str) or role not in ROLES:
        raise ParameterError("role", role, f"one of {', '.join(ROLES)}",
                             f"the role of parameter {name!r} (see deterrence_games.models.roles)")
    r = ROLES[role]
    if not domain_within(domain, r.domain):
        raise ParameterError("domain", domain.describe(name), f"a domain within {_describe(r.domain, name)}",
                             f"parameter {name!r} has role {role!r}: {r.meaning}")


def _describe(domain: Domain, name: str) -> str:
    if isinstance(domain, Choice) and not domain.options:
        return f"{name} one of the model's options"
    return domain.describe(name)


def parameters_markdown(models: list | None = None) -> str:
    """The parameter vocabulary as Markdown (``docs/parameters.md``): the roles with their
    meaning and domain, the renamed parameters, and every model's parameters by role.

    Parameters
    ----------
    models : list of Model, optional
        Default: every registered model.

    Returns
    -------
    str
    """
    if models is None:
        from ._registry import list_models

        models = list_models()
    out = ["# Parameters by role", "",
           "Every parameter of a shipped model has a *role*, one of the kinds of quantity below "
           "(`deterrence_games.models.roles.ROLES`; `deterrence-games models --json` gives each "
           "parameter's `role`). The paper's own letter is the parameter's `symbol`, shown in plots "
           "and LaTeX. This page is generated by `deterrence_games.models.roles.parameters_markdown()`.",
           "", "## Roles", "", "| role | meaning | conventional domain |", "|---|---|---|"]
    out += [f"| `{r.name}` | {r.meaning.replace('|', chr(92) + '|')} | {_describe(r.domain, 'x')} |"
            for r in ROLES.values()]
    out += ["", "## Renamed parameters", "",
            "Former names work for one release: passing one (to `solve`, `sweep`, `--set`, "
            "`--grid`, a TOML spec) or loading a stored sweep that uses one emits a "
            "`DeprecationWarning` naming the new name.", "",
            "| model | former name | new name | role | symbol |", "|---|---|---|---|---|"]
    for m in models:
        for p in m.parameters:
            for f in p.former:
                out.append(f"| `{m.id}` | `{f}` | `{p.name}` | `{p.role}` | {p.symbol} |")
    out += ["", "## Every model's parameters by role", ""]
    for m in models:
        out += [f"### `{m.id}`", "", "| role | parameter | symbol | domain | meaning |", "|---|---|---|---|---|"]
        order = {r: i for i, r in enumerate(ROLES)}
        for p in sorted(m.parameters, key=lambda p: (order.get(p.role, len(order)), m.parameters.index(p))):
            meaning = p.meaning.replace("|", "\\|")
            out.append(f"| `{p.role}` | `{p.name}` | {p.symbol.replace('|', '/')} | "
                       f"{p.describe().replace('|', '/')} | {meaning} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
