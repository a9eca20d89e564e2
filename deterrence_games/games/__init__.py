"""Game representations: plain data plus validation, no solving."""

from .information import (
    InformationStructure,
    binary_signal,
    detector,
    fully_informative,
    uninformative,
)
from .normal_form import BimatrixGame
from .signaling import SignalingGame, type_signal_garbling

__all__ = [
    "BimatrixGame",
    "InformationStructure",
    "SignalingGame",
    "binary_signal",
    "detector",
    "fully_informative",
    "type_signal_garbling",
    "uninformative",
]
