"""Game representations: plain data plus validation, no solving."""

from .information import (
    InformationStructure,
    binary_signal,
    detector,
    fully_informative,
    uninformative,
)
from .normal_form import BimatrixGame, symmetric_2x2
from .repeated import (
    PublicMonitoring,
    RepeatedGame,
    incident_monitoring,
    perfect_monitoring,
    verified_incident_monitoring,
)
from .signaling import SignalingGame, type_signal_garbling
from .tree import ExtensiveGame, chance, decision, random_tree, read_efg, signal, terminal

__all__ = [
    "BimatrixGame",
    "InformationStructure",
    "PublicMonitoring",
    "RepeatedGame",
    "SignalingGame",
    "binary_signal",
    "detector",
    "fully_informative",
    "incident_monitoring",
    "perfect_monitoring",
    "type_signal_garbling",
    "uninformative",
    "verified_incident_monitoring",
    "ExtensiveGame",
    "chance",
    "decision",
    "random_tree",
    "read_efg",
    "signal",
    "terminal",
    "symmetric_2x2",
]
