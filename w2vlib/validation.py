"""Checks on arguments, with messages that name the argument, what was wrong and what to do.

Every public function of w2vlib checks its inputs with these helpers, so that a student who passes
the wrong thing reads a sentence about *their* argument instead of a NumPy traceback from deep inside.
"""
from __future__ import annotations

import difflib
import os
from typing import Mapping

import numpy as np


def as_float_array(value, name: str, ndim: int, shape_hint: str, check_finite: bool = True) -> np.ndarray:
    """Return ``value`` as a floating-point array with ``ndim`` dimensions (finite, unless ``check_finite`` is off).

    ``shape_hint`` is the expected shape in the handout's notation, e.g. ``"(d,)"`` or ``"(n_words, d)"``;
    it goes into the error message.
    """
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} could not be read as an array ({exc}); pass a NumPy array of shape {shape_hint}.") from None
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}; pass a NumPy array of shape {shape_hint}.")
    if array.ndim != ndim:
        raise ValueError(
            f"{name} must be a {ndim}-D array of shape {shape_hint}, got shape {array.shape}."
            + (" Did you pass a whole matrix where one vector (one row) was expected?" if array.ndim == ndim + 1 else "")
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); it must have shape {shape_hint} with no zero dimension.")
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    if check_finite and not np.all(np.isfinite(array)):
        bad = np.argwhere(~np.isfinite(array))[:3].tolist()
        raise ValueError(
            f"{name} contains non-finite values (nan or inf), first at index {bad}; "
            "training has probably diverged: try a smaller step size or re-initialise the vectors."
        )
    return array


def check_index(value, name: str, n_rows: int, rows_of: str) -> int:
    """Return ``value`` as a Python int in ``range(n_rows)``; ``rows_of`` names the matrix it indexes."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer row index into {rows_of}, got {value!r} of type {type(value).__name__}.")
    if not 0 <= value < n_rows:
        raise ValueError(f"{name}={value} is out of range: {rows_of} has {n_rows} rows, so valid indices are 0..{n_rows - 1}.")
    return int(value)


def check_indices(value, name: str, n_rows: int, rows_of: str) -> np.ndarray:
    """Return ``value`` as a non-empty 1-D integer array whose entries are all in ``range(n_rows)``."""
    array = np.asarray(value)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of row indices, shape (K,), got shape {array.shape}.")
    if array.size == 0:
        raise ValueError(f"{name} is empty: negative sampling needs K >= 1 negative samples.")
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integer row indices into {rows_of}, got dtype {array.dtype}.")
    bad = (array < 0) | (array >= n_rows)
    if bad.any():
        raise ValueError(
            f"{name} holds {int(array[bad][0])}, out of range: {rows_of} has {n_rows} rows, "
            f"so valid indices are 0..{n_rows - 1}."
        )
    return array.astype(np.intp, copy=False)


def check_positive_int(value, name: str, minimum: int = 1, allow_none: bool = False, hint: str = ""):
    """Return ``value`` as an int, requiring ``value >= minimum`` (or None, if ``allow_none``).

    hint: words added after the requirement in the message, e.g. " (how many neighbours to return)".
    """
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < minimum:
        required = f"{'None or ' if allow_none else ''}an integer >= {minimum}"
        raise ValueError(f"{name} must be {required}{hint}, got {value!r}.")
    return int(value)


def check_number(value, name: str, minimum: float, strict: bool = False, hint: str = "") -> float:
    """Return ``value`` as a float, requiring a finite number >= ``minimum`` (> ``minimum`` if ``strict``).

    hint: words added after the requirement in the message, e.g. " such as 0.025".
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or (value <= minimum if strict else value < minimum):
        relation = ">" if strict else ">="
        raise ValueError(f"{name} must be a finite number {relation} {minimum:g}{hint}, got {value!r}.")
    return float(value)


def check_same_width(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Require that the last dimension (the embedding size d) of two arrays agrees."""
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"{a_name} has d = {a.shape[-1]} but {b_name} has d = {b.shape[-1]} (shapes {a.shape} and {b.shape}); "
            "both must use the same embedding dimension d."
        )


def unknown_word_error(word, vocabulary: Mapping[str, int] | list[str], name: str = "word") -> KeyError:
    """Build the ``KeyError`` for a word that is not in the vocabulary, listing close matches."""
    keys = list(vocabulary.keys() if hasattr(vocabulary, "keys") else vocabulary)
    close = difflib.get_close_matches(str(word), [str(k) for k in keys], n=5, cutoff=0.6)
    hint = f" Close matches: {', '.join(close)}." if close else " No close match in the vocabulary."
    return KeyError(f"{name} {word!r} is not in the vocabulary ({len(keys)} words).{hint}")


def lookup_word(word, word2ind: Mapping[str, int], name: str = "word") -> int:
    """Return ``word2ind[word]``, or raise a ``KeyError`` that lists close matches."""
    try:
        return word2ind[word]
    except (KeyError, TypeError):
        raise unknown_word_error(word, word2ind, name) from None


def available_memory_bytes() -> int | None:
    """The memory this machine can still give a process (Linux's MemAvailable), or None where it cannot be told."""
    try:
        with open("/proc/meminfo", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def _size(n_bytes: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:,.1f} {unit}"
    return f"{n_bytes / 2**10:,.0f} KiB"


def check_memory(parts: Mapping[str, float], settings: str, advice: str, available: int | None = None) -> None:
    """Refuse, before allocating, a run whose arrays would not fit: ``parts`` maps what is allocated (e.g. "V and U
    (n_words × d × 4 bytes, twice)") to its size in bytes; ``settings`` names the arguments (``"dim=10**9"``);
    ``advice`` says what to change. A MemoryError that says all three, with the estimate and what is free, when
    the total is more than 80% of the memory available (nothing is refused where that cannot be told)."""
    available = available_memory_bytes() if available is None else available
    needed = float(sum(parts.values()))
    if available is None or needed <= 0.8 * available:
        return
    detail = "; ".join(f"{what}: {_size(size)}" for what, size in parts.items())
    raise MemoryError(f"{settings} needs about {_size(needed)} ({detail}), but this machine has about "
                      f"{_size(available)} free. {advice}")
