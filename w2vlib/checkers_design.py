"""Kept for old imports: notebook 07's checker is :func:`w2vlib.checkers.check_tied_pair_gradient`."""
from .checkers.nb07 import check_tied_pair_gradient

__all__ = ["check_tied_pair_gradient"]
