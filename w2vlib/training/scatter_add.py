"""Adding many scaled vectors into rows of a matrix, where a row may be hit many times: the heart of a minibatch.

A minibatch of skip-gram pairs moves row u_w of U once for every time w occurs in the batch (as an outside
word or as a negative), so the update is a *scatter-add* with repeated rows:

    for p in range(n_sources): for j in range(r):  target[rows[p, j]] += coefs[p, j] * sources[p]

``target[rows] += ...`` would be wrong (with repeated rows only the last write survives), and NumPy's
``np.add.at`` is right but about 30 times slower than necessary. The same sum is the product of a sparse
matrix S (one column per source vector p, holding coefs[p, j] in row rows[p, j]) with the dense matrix of
source vectors: target += S @ sources. Two ways to compute it:

* ``"private kernel"``: SciPy's compiled routine for exactly this product (``csc_matvecs``, the one behind
  ``scipy.sparse.csc_matrix @ dense``), called directly so that it adds straight into ``target`` in one
  pass. It is not public API, so it is used only after a check at first use that it gives the same result
  as ``np.add.at``.
* ``"public sparse"``: the same product through public ``scipy.sparse`` only. S gets one row per *distinct*
  row of ``target`` that the batch touches (a few thousand, not the whole vocabulary), ``S @ sources``
  sums the repeats, and ``target[touched] += ...`` adds the sums (the touched rows are distinct, so plain
  fancy indexing is right). Used when the private kernel is missing or fails its check, for targets that
  are not C-contiguous float32, or when chosen with :func:`use_scatter_path`.

:func:`scatter_path` names the path in use (the benchmark prints it).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse

PRIVATE = "private kernel"
PUBLIC = "public sparse"
PATHS = (PRIVATE, PUBLIC)

_kernel = None            # scipy's csc_matvecs once checked; False when it failed the check (or is switched off)
_column_starts: dict[int, np.ndarray] = {}  # r -> [0, r, 2r, ...], grown as needed


def _checked_kernel():
    """SciPy's in-place ``csc_matvecs`` if it exists and adds into float32 rows correctly, else None."""
    global _kernel
    if _kernel is None:
        try:
            from scipy.sparse._sparsetools import csc_matvecs

            target = np.zeros((4, 3), np.float32)
            expected = target.copy()
            rows = np.array([[1, 3], [1, 1]], np.int32)
            coefs = np.array([[1.0, 2.0], [0.5, -1.0]], np.float32)
            sources = np.arange(6, dtype=np.float32).reshape(2, 3) + 1
            np.add.at(expected, rows.ravel(), coefs.ravel()[:, None] * np.repeat(sources, 2, axis=0))
            csc_matvecs(4, 2, 3, np.array([0, 2, 4], np.int32), rows.ravel(), coefs.ravel(), sources.ravel(),
                        target.reshape(-1))
            _kernel = csc_matvecs if np.array_equal(target, expected) else False
        except Exception:  # an old or new SciPy without it: the public path
            _kernel = False
    return _kernel or None


def use_scatter_path(path: str) -> str:
    """Choose how :func:`scatter_add_rows` works from now on in this process: ``"private kernel"`` (the
    default when SciPy has it) or ``"public sparse"``. Returns the path that will actually run (the public
    one if the private kernel is not available)."""
    global _kernel
    if path not in PATHS:
        raise ValueError(f"path must be one of {', '.join(map(repr, PATHS))}, got {path!r}.")
    _kernel = None if path == PRIVATE else False
    return scatter_path()


def scatter_path() -> str:
    """The path :func:`scatter_add_rows` takes for a C-contiguous float32 target: ``"private kernel"`` or
    ``"public sparse"``."""
    return PRIVATE if _checked_kernel() is not None else PUBLIC


def _starts(n_columns: int, per_column: int) -> np.ndarray:
    """[0, r, 2r, ..., n r] as int32 (the column starts of S), a slice of a cached array."""
    cached = _column_starts.get(per_column)
    if cached is None or cached.shape[0] < n_columns + 1:
        cached = np.arange(0, max(n_columns + 1, 4096) * 2 * per_column, per_column, dtype=np.int32)
        _column_starts[per_column] = cached
    return cached[:n_columns + 1]


def scatter_add_rows(target: np.ndarray, rows: np.ndarray, coefs: np.ndarray, sources: np.ndarray) -> None:
    """``target[rows[p, j]] += coefs[p, j] * sources[p]`` for every p and j, in place, repeated rows summed.

    target:  shape (n_rows, d), float array (e.g. ``outside_vectors``), changed in place.
    rows:    shape (n, r), int32 row indices into ``target`` (not checked: the caller guarantees the range).
    coefs:   shape (n, r), scale factors.
    sources: shape (n, d), vectors.
    """
    n, r = rows.shape
    kernel = _checked_kernel()
    if kernel is not None and target.flags.c_contiguous and target.dtype == np.float32 and n * r < 2**30:
        kernel(target.shape[0], n, target.shape[1], _starts(n, r),
               np.ascontiguousarray(rows, np.int32).reshape(-1),
               np.ascontiguousarray(coefs, np.float32).reshape(-1),
               np.ascontiguousarray(sources, np.float32).reshape(-1),
               target.reshape(-1))  # a view: the kernel adds into target itself
    else:
        _scatter_add_public(target, rows, coefs, sources)


def _scatter_add_public(target: np.ndarray, rows: np.ndarray, coefs: np.ndarray, sources: np.ndarray) -> None:
    """:func:`scatter_add_rows` with public ``scipy.sparse`` only: S has one row per distinct touched row."""
    n, r = rows.shape
    flat = rows.reshape(-1)
    touched = np.zeros(target.shape[0], dtype=bool)
    touched[flat] = True
    touched_rows = np.flatnonzero(touched)                      # the distinct rows, in increasing order
    position = np.empty(target.shape[0], dtype=np.int32)        # row of target -> row of S
    position[touched_rows] = np.arange(touched_rows.shape[0], dtype=np.int32)
    indptr = _starts(n, r) if n * r < 2**31 else np.arange(0, (n + 1) * r, r, dtype=np.int64)
    S = scipy.sparse.csc_array((coefs.reshape(-1), position[flat], indptr), shape=(touched_rows.shape[0], n))
    sums = S @ sources                                         # (n_touched, d): the repeats summed
    sums += np.take(target, touched_rows, axis=0)              # np.take: faster than target[touched_rows] here
    target[touched_rows] = sums
