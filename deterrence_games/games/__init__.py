"""Game representations: plain data plus validation, no solving."""

from .information import (
    InformationStructure,
    binary_signal,
    detector,
    fully_informative,
    uninformative,
)
from .normal_form import BimatrixGame
from .repeated import (
    PublicMonitoring,
    RepeatedGame,
    incident_monitoring,
    perfect_monitoring,
    verified_incident_monitoring,
)

__all__ = [
    "BimatrixGame",
    "InformationStructure",
    "PublicMonitoring",
    "RepeatedGame",
    "binary_signal",
    "detector",
    "fully_informative",
    "incident_monitoring",
    "perfect_monitoring",
    "verified_incident_monitoring",
    "uninformative",
]
