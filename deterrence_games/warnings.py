"""Warning classes raised on suspicious but valid results.

Every warning is also stored as text in the ``warnings`` field of the result that
triggered it, so that it survives in a notebook after the warning display is gone.
"""

__all__ = ["DegenerateGameWarning", "ConvergenceWarning", "ToleranceWarning"]


class DegenerateGameWarning(UserWarning):
    """The game is degenerate: equilibria may form continua or be non-isolated."""


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped before meeting its tolerance."""


class ToleranceWarning(UserWarning):
    """A result holds only up to a tolerance larger than machine precision."""
