"""Former private home of the QRE-limit selection, kept as an alias of
:mod:`deterrence_games.models.selection` for one release."""

from .selection import (  # noqa: F401 - re-exported names
    QRE_LAMBDAS,
    QRE_TOL,
    QRESelection,
    QRESelectionError,
    check_qre_supported,
    hull_distance,
    qre_options,
    qre_selection,
)
