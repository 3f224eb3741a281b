"""Adding many scaled vectors into rows of a matrix, where a row may be hit many times: the heart of a minibatch.

A minibatch of skip-gram pairs moves row u_w of U once for every time w occurs in the batch (as an outside
word or as a negative), so the update is a *scatter-add* with repeated rows:

    for p in range(n_sources): for j in range(r):  target[rows[p, j]] += coefs[p, j] * sources[p]

``target[rows] += ...`` would be wrong (with repeated rows only the last write survives), and NumPy's
``np.add.at`` is right but about 30 times slower than necessary. The same sum is the product of a sparse
matrix S (one column per source vector p, holding coefs[p, j] in row rows[p, j]) with the dense matrix of
source vectors: target += S @ sources. SciPy's compiled kernel for exactly this product (``csc_matvecs``,
the routine behind ``scipy.sparse.csc_matrix @ dense``) adds straight into ``target``, in one pass, with no
temporary of the size of ``target``. It is not public API, so it is used only after a check at first use
that it gives the same result as ``np.add.at``; otherwise the slower ``np.add.at`` is used.
"""
from __future__ import annotations

import numpy as np

_kernel = None            # scipy's csc_matvecs once checked; False when it failed the check
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
        except Exception:  # an old or new SciPy without it: fall back to np.add.at
            _kernel = False
    return _kernel or None


def _starts(n_columns: int, per_column: int) -> np.ndarray:
    """[0, r, 2r, ..., n r] as int32 (the column starts of S), a slice of a cached array."""
    cached = _column_starts.get(per_column)
    if cached is None or cached.shape[0] < n_columns + 1:
        cached = np.arange(0, max(n_columns + 1, 4096) * 2 * per_column, per_column, dtype=np.int32)
        _column_starts[per_column] = cached
    return cached[:n_columns + 1]


def scatter_add_rows(target: np.ndarray, rows: np.ndarray, coefs: np.ndarray, sources: np.ndarray) -> None:
    """``target[rows[p, j]] += coefs[p, j] * sources[p]`` for every p and j, in place, repeated rows summed.

    target:  shape (n_rows, d), C-contiguous float32 (e.g. ``outside_vectors``), changed in place.
    rows:    shape (n, r), int32 row indices into ``target`` (not checked: the caller guarantees the range).
    coefs:   shape (n, r), float32 scale factors.
    sources: shape (n, d), float32 vectors.
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
        np.add.at(target, rows.reshape(-1), (coefs[:, :, None] * sources[:, None, :]).reshape(n * r, -1))
