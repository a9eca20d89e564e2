"""Game representations: plain data plus validation, no solving."""

from .information import (
    InformationStructure,
    binary_signal,
    detector,
    fully_informative,
    uninformative,
)
from .normal_form import BimatrixGame

__all__ = [
    "BimatrixGame",
    "InformationStructure",
    "binary_signal",
    "detector",
    "fully_informative",
    "uninformative",
]
