"""Notebook 08's checker (the interactive explorer): a word's nearest neighbours by cosine, from the matrix by hand.

    check_nearest_by_cosine   fn(vectors, word_index, topn) -> (neighbours, cosines): the topn other rows with the
                              largest cos(v_w, v_q) = v_w^T v_q / (‖v_w‖ ‖v_q‖), best first, the word itself left out
"""
from __future__ import annotations

from functools import partial

import numpy as np

from ...vectors.embeddings import Embeddings
from ...vectors.evaluation import nearest_neighbours_table
from ...vectors.similarity import cosine_similarity_matrix
from .cases import Case, CheckResult, Mistake, in_every_output, output_of
from .engine import Exercise, run_check

OUTPUTS = ["neighbours", "cosines"]


def _reference_nearest_by_cosine(vectors, word_index, topn):
    """(neighbours, cosines), each shape (topn,): the rows nearest to row ``word_index`` by cosine, best first."""
    vectors = np.asarray(vectors, dtype=np.float64)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = unit @ unit[word_index]
    order = [int(w) for w in np.argsort(-cosines, kind="stable") if w != word_index][:topn]
    return np.array(order), cosines[order]


def _ranked(case, scores, largest_first=True, drop_self=True):
    """(neighbours, their scores) for a ranking a student might use instead of the cosine."""
    _, word_index, topn = case.args
    order = np.argsort(-scores if largest_first else scores, kind="stable")
    order = [int(w) for w in order if w != word_index or not drop_self][:topn]
    return np.array(order), scores[order]


def _scores(case, kind):
    vectors, q, _ = case.args
    vectors = np.asarray(vectors, dtype=np.float64)
    if kind == "dot":
        return vectors @ vectors[q]
    if kind == "columns":
        unit = vectors / np.linalg.norm(vectors, axis=0, keepdims=True)
        return unit @ unit[q]
    if kind == "whole matrix":
        return vectors @ vectors[q] / np.linalg.norm(vectors) ** 2
    if kind == "query only":
        return vectors @ vectors[q] / np.linalg.norm(vectors[q])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit @ unit[q]


_is = partial(output_of, OUTPUTS)   # _is(output, compute): a mistake test for one output
_both = partial(in_every_output, OUTPUTS)   # _both(compute, hint): the same wrong version in both outputs


def _euclidean(case):
    vectors, q, topn = case.args
    distances = np.linalg.norm(np.asarray(vectors, dtype=float) - np.asarray(vectors, dtype=float)[q], axis=1)
    return _ranked(case, distances, largest_first=False)


MISTAKES = [
    *_both(lambda case: _ranked(case, _scores(case, "cosine"), drop_self=False),
           "your first neighbour is the word itself (its cosine with itself is 1): leave the word out."),
    *_both(lambda case: _ranked(case, _scores(case, "cosine"), largest_first=False),
           "yours are the words FARTHEST from the query: np.argsort sorts from the smallest value up; the "
           "nearest words have the largest cosines."),
    Mistake("neighbours", _is("neighbours", lambda case: _ranked(case, _scores(case, "dot"))),
            "yours are ranked by the dot product v_w^T v_q, not the cosine: long vectors (often frequent words) win "
            "whatever their direction. Divide by the lengths of both vectors."),
    Mistake("cosines", _is("cosines", lambda case: _ranked(case, _scores(case, "dot"))),
            "your cosines are dot products v_w^T v_q: divide by ‖v_w‖ ‖v_q‖."),
    Mistake("cosines", _is("cosines", lambda case: _ranked(case, _scores(case, "query only"))),
            "you divided by the query's length only: each word's own length ‖v_w‖ must go too (one norm per row)."),
    Mistake("cosines", _is("cosines", lambda case: _ranked(case, _scores(case, "whole matrix"))),
            "you divided by the norm of the whole matrix (np.linalg.norm without axis): each row needs its own "
            "length (np.linalg.norm takes an axis)."),
    *_both(lambda case: _ranked(case, _scores(case, "columns")),
           "you normalised the columns (axis=0), not the rows: each word is a ROW of vectors, so its length is "
           "taken along axis=1."),
    *_both(_euclidean,
           "yours are ranked by the Euclidean distance between the raw vectors, which depends on their lengths; the "
           "cosine compares directions only."),
    Mistake("cosines", _is("cosines", lambda case: (None, 1 - _ranked(case, _scores(case, "cosine"))[1])),
            "yours are 1 − cosine, the cosine *distance* (scipy.spatial.distance.cosine): return the similarity."),
]


def _case(rng, n_words: int, d: int, word_index: int, topn: int, dtype=np.float64) -> Case:
    """Vectors of very different lengths (as real vectors are), with no two cosines to the query within 1e-4."""
    while True:
        vectors = rng.normal(size=(n_words, d)) * rng.uniform(0.2, 5.0, size=(n_words, 1))
        vectors = vectors.astype(dtype)
        cosines = np.sort(_reference_nearest_by_cosine(vectors, word_index, n_words - 1)[1])
        if np.min(np.diff(cosines)) > 1e-4:
            break
    kind = "float32 " if dtype == np.float32 else ""
    return Case((vectors, word_index, topn),
                f"{kind}vectors of shape ({n_words}, {d}), word_index = {word_index}, topn = {topn}",
                {"n_words": n_words, "d": d, "topn": topn})


def check_nearest_by_cosine(student_fn) -> CheckResult:
    """Check ``student_fn(vectors, word_index, topn) -> (neighbours, cosines)`` (notebook 08).

    vectors: shape (n_words, d), one row per word. word_index: the query word's row. topn: how many neighbours.
    neighbours: shape (topn,), row numbers, nearest first, the query left out; cosines: shape (topn,), theirs.
    """
    rng = np.random.default_rng(808)
    cases = [_case(rng, 9, 4, 2, 3), _case(rng, 14, 5, 0, 4), _case(rng, 12, 3, 11, 4),
             _case(rng, 20, 6, 7, 5, np.float32)]
    return run_check(Exercise(
        "check_nearest_by_cosine", _reference_nearest_by_cosine, cases, OUTPUTS, ["vectors", "word_index", "topn"],
        mistakes=MISTAKES, forbidden=[Embeddings.most_similar, nearest_neighbours_table, cosine_similarity_matrix]),
        student_fn)
