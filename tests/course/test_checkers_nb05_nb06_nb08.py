"""The checkers of notebooks 05 (expected occurrences kept by sub-sampling), 06 (a bootstrap interval by hand) and 08
(nearest neighbours by cosine). Every wrong answer is written out as a student would write it (never by calling the
reference); correct answers written differently pass; a call of the reference is refused."""
import math

import numpy as np
import pytest
from scipy.stats import pearsonr, rankdata, spearmanr

from checker_helpers import assert_fails_with, assert_passes, in_a_notebook, run_quietly, wrong_answer_tests
from w2vlib import Embeddings, bootstrap_spearman
from w2vlib.course.checkers import (check_bootstrap_interval, check_expected_kept, check_nearest_by_cosine,
                                    is_stand_in)
from w2vlib.text.subsampling import keep_probabilities
from w2vlib.vectors.evaluation import PairSimilarities


# ---------------------------------------------------------------- notebook 05: expected occurrences kept

def kept_in_a_loop(counts, sample):
    total = sum(counts)
    kept = []
    for count in counts:
        if sample == 0:
            kept.append(float(count))
            continue
        s_over_f = sample * total / count
        kept.append(count * min(1.0, math.sqrt(s_over_f) + s_over_f))   # (sqrt(f/s) + 1) s/f, multiplied out
    return np.array(kept)


def kept_vectorised(counts, sample):
    if sample == 0:
        return counts.astype(float)
    f = counts / counts.sum()
    return counts * np.minimum(1, (np.sqrt(f / sample) + 1) * sample / f)


def kept_multiplied_out(counts, sample):   # right for s > 0, but 0 instead of the count when s = 0
    f = counts / counts.sum()
    return counts * np.minimum(1, np.sqrt(sample / f) + sample / f)


def keep_only(counts, sample):
    f = counts / counts.sum()
    return np.minimum(1, (np.sqrt(f / sample) + 1) * sample / f) if sample else np.ones(len(counts))


def dropped(counts, sample):
    f = counts / counts.sum()
    return counts * (1 - np.minimum(1, (np.sqrt(f / sample) + 1) * sample / f)) if sample else np.zeros(len(counts))


def paper_keep(counts, sample):
    f = counts / counts.sum()
    return counts * np.minimum(1, np.sqrt(sample / f))


def paper_discard(counts, sample):
    f = counts / counts.sum()
    return counts * (1 - np.sqrt(sample / f))


def not_capped(counts, sample):
    f = counts / counts.sum()
    return counts * (np.sqrt(f / sample) + 1) * sample / f


def count_as_f(counts, sample):
    f = counts
    return counts * np.minimum(1, (np.sqrt(f / sample) + 1) * sample / f)


def s_and_f_swapped(counts, sample):
    f = counts / counts.sum()
    return counts * np.minimum(1, (np.sqrt(sample / f) + 1) * f / sample)


def parentheses(counts, sample):
    f = counts / counts.sum()
    return counts * np.minimum(1, np.sqrt(f / sample) + 1 * sample / f)


def python_min(counts, sample):
    f = counts / counts.sum()
    return counts * min(1, (np.sqrt(f / sample) + 1) * sample / f)


def numpy_min(counts, sample):
    f = counts / counts.sum()
    return counts * np.min(1, (np.sqrt(f / sample) + 1) * sample / f)


def math_sqrt(counts, sample):
    f = counts / counts.sum()
    return counts * np.minimum(1, (math.sqrt(f / sample) + 1) * sample / f)


def no_branch_for_zero(counts, sample):
    f = counts / counts.sum()
    return counts * np.minimum(1, (np.sqrt(f / sample) + 1) * sample / f)


# ---------------------------------------------------------------- notebook 06: the bootstrap interval

def interval_in_a_loop(gold, model, picks, confidence=0.95):
    values = [spearmanr(gold[row], model[row])[0] for row in picks]
    tail = (1 - confidence) / 2
    return np.quantile(values, tail), np.quantile(values, 1 - tail)


def interval_with_pearson_of_ranks(gold, model, picks, confidence=0.95):
    values = np.array([pearsonr(rankdata(gold[row]), rankdata(model[row]))[0] for row in picks])
    return tuple(np.percentile(values, [50 * (1 - confidence), 50 * (1 + confidence)]))


def percentile_interval(values, confidence):
    tail = 100 * (1 - confidence) / 2
    return np.percentile(values, tail), np.percentile(values, 100 - tail)


def ranked_once(gold, model, picks, confidence=0.95):
    r, s = rankdata(gold), rankdata(model)
    return percentile_interval([np.corrcoef(r[row], s[row])[0, 1] for row in picks], confidence)


def pearson_values(gold, model, picks, confidence=0.95):
    return percentile_interval([np.corrcoef(gold[row], model[row])[0, 1] for row in picks], confidence)


def argsort_ranks(gold, model, picks, confidence=0.95):
    values = [np.corrcoef(np.argsort(np.argsort(gold[row])), np.argsort(np.argsort(model[row])))[0, 1]
              for row in picks]
    return percentile_interval(values, confidence)


def stable_argsort_ranks(gold, model, picks, confidence=0.95):
    values = []
    for row in picks:
        ranks = [np.empty(len(row)), np.empty(len(row))]
        for rank, values_of_one_side in zip(ranks, (gold[row], model[row])):
            rank[np.argsort(values_of_one_side, kind="stable")] = np.arange(1, len(row) + 1)
        values.append(np.corrcoef(*ranks)[0, 1])
    return percentile_interval(values, confidence)


def gold_only(gold, model, picks, confidence=0.95):
    return percentile_interval([spearmanr(gold[row], model)[0] for row in picks], confidence)


def model_only(gold, model, picks, confidence=0.95):
    return percentile_interval([spearmanr(gold, model[row])[0] for row in picks], confidence)


def shares_to_percentile(gold, model, picks, confidence=0.95):
    values = [spearmanr(gold[row], model[row])[0] for row in picks]
    tail = (1 - confidence) / 2
    return np.percentile(values, tail), np.percentile(values, 1 - tail)


def whole_tail_each_side(gold, model, picks, confidence=0.95):
    values = [spearmanr(gold[row], model[row])[0] for row in picks]
    return np.percentile(values, 100 * (1 - confidence)), np.percentile(values, 100 * confidence)


def always_95(gold, model, picks, confidence=0.95):
    values = [spearmanr(gold[row], model[row])[0] for row in picks]
    return np.percentile(values, 2.5), np.percentile(values, 97.5)


def swapped(gold, model, picks, confidence=0.95):
    low, high = percentile_interval([spearmanr(gold[row], model[row])[0] for row in picks], confidence)
    return high, low


def normal_interval(gold, model, picks, confidence=0.95):
    values = np.array([spearmanr(gold[row], model[row])[0] for row in picks])
    z = {0.95: 1.959963984540054, 0.9: 1.6448536269514722, 0.8: 1.2815515655446004}[confidence]
    return values.mean() - z * values.std(), values.mean() + z * values.std()


def sorted_values(gold, model, picks, confidence=0.95):
    values = sorted(spearmanr(gold[row], model[row])[0] for row in picks)
    tail = (1 - confidence) / 2
    return values[int(tail * len(values))], values[int((1 - tail) * len(values))]


def own_resamples(gold, model, picks, confidence=0.95):
    rng = np.random.default_rng(1)
    n = len(gold)
    values = []
    for _ in range(len(picks)):
        row = rng.integers(0, n, size=n)
        values.append(spearmanr(gold[row], model[row])[0])
    return percentile_interval(values, confidence)


def through_bootstrap_spearman(gold, model, picks, confidence=0.95):
    scores = PairSimilarities("mine", np.arange(len(gold)), gold, model, len(gold))
    interval = bootstrap_spearman(scores, n_resamples=len(picks), confidence=confidence)
    return interval.low, interval.high


# ---------------------------------------------------------------- notebook 08: nearest neighbours by cosine

def nearest_in_a_loop(vectors, word_index, topn):
    query = vectors[word_index] / np.linalg.norm(vectors[word_index])
    scored = [(float(v @ query / np.linalg.norm(v)), w) for w, v in enumerate(vectors) if w != word_index]
    best = sorted(scored, reverse=True)[:topn]
    return [w for _, w in best], [c for c, _ in best]


def nearest_with_a_cosine_matrix(vectors, word_index, topn):
    unit = vectors / np.sqrt((vectors ** 2).sum(axis=1))[:, None]
    cosines = (unit @ unit.T)[word_index]
    cosines[word_index] = -2.0
    best = np.argpartition(-cosines, topn)[:topn]
    best = best[np.argsort(-cosines[best])]
    return best, cosines[best]


def nearest_by(scores_of, ascending=False, keep_self=False):
    def nearest(vectors, word_index, topn):
        scores = scores_of(vectors, word_index)
        order = np.argsort(scores) if ascending else np.argsort(scores)[::-1]
        if not keep_self:
            order = order[order != word_index]
        return order[:topn], scores[order[:topn]]
    return nearest


def cosines_to(vectors, q):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit @ unit[q]


def with_the_most_similar_method(vectors, word_index, topn):
    words = [str(i) for i in range(len(vectors))]
    found = Embeddings(vectors, words).most_similar(words[word_index], topn=topn)
    return [int(w) for w, _ in found], [c for _, c in found]


WRONG_ANSWERS = [
    (check_expected_kept, kept_multiplied_out, ["case 6 of 6", "with sample = 0 sub-sampling is off"]),
    (check_expected_kept, no_branch_for_zero, ["kept is not finite", "s = 0 needs its own branch"]),
    (check_expected_kept, keep_only, ["yours is the keep probability P_keep(w)"]),
    (check_expected_kept, dropped, ["occurrences that are dropped"]),
    (check_expected_kept, paper_keep, ["that is the paper's rule", "sqrt(s/f) + s/f"]),
    (check_expected_kept, paper_discard, ["the paper's discard probability"]),
    (check_expected_kept, not_capped, ["exceed the word's own count", "at most 1"]),
    (check_expected_kept, count_as_f, ["f(w) is the word's share of all the tokens"]),
    (check_expected_kept, s_and_f_swapped, ["s and f(w) are swapped"]),
    (check_expected_kept, parentheses, ["check the parentheses"]),
    (check_expected_kept, python_min, ["raised ValueError", "Python's min", "np.minimum"]),
    (check_expected_kept, numpy_min, ["raised TypeError", "np.min(a, b) is the smallest entry of a along the axis"]),
    (check_expected_kept, math_sqrt, ["raised TypeError", "math.sqrt", "np.sqrt works on every entry"]),
    (check_expected_kept, lambda counts, sample: counts * keep_probabilities(counts, sample),
     ["calls w2vlib's reference `keep_probabilities`"]),
    (check_bootstrap_interval, ranked_once, ["low is wrong", "ranked the n pairs once"]),
    (check_bootstrap_interval, pearson_values, ["Pearson's correlation of the ratings and cosines themselves"]),
    (check_bootstrap_interval, argsort_ranks, ["ties", "average rank"]),
    (check_bootstrap_interval, stable_argsort_ranks, ["ties", "average rank"]),
    (check_bootstrap_interval, gold_only, ["resampled the gold ratings but not the model's cosines"]),
    (check_bootstrap_interval, model_only, ["resampled the model's cosines but not the gold ratings"]),
    (check_bootstrap_interval, shares_to_percentile, ["np.percentile takes percents"]),
    (check_bootstrap_interval, whole_tail_each_side, ["2.5% of the values in EACH tail"]),
    (check_bootstrap_interval, always_95, ["whatever `confidence` says"]),
    (check_bootstrap_interval, swapped, ["low and high are swapped"]),
    (check_bootstrap_interval, normal_interval, ["the normal approximation"]),
    (check_bootstrap_interval, sorted_values, ["one of the sorted values next to the percentile"]),
    (check_bootstrap_interval, own_resamples, ["use the given `picks`"]),
    (check_bootstrap_interval, through_bootstrap_spearman, ["calls w2vlib's reference `bootstrap_spearman`"]),
    (check_nearest_by_cosine, nearest_by(cosines_to, keep_self=True),
     ["neighbours is wrong", "your first neighbour is the word itself"]),
    (check_nearest_by_cosine, nearest_by(cosines_to, ascending=True), ["FARTHEST"]),
    (check_nearest_by_cosine, nearest_by(lambda v, q: v @ v[q]),
     ["ranked by the dot product", "your cosines are dot products"]),
    (check_nearest_by_cosine, nearest_by(lambda v, q: v @ v[q] / np.linalg.norm(v[q])),
     ["ranked by the dot product", "divided by the query's length only"]),
    (check_nearest_by_cosine, nearest_by(lambda v, q: (v / np.linalg.norm(v)) @ (v[q] / np.linalg.norm(v))),
     ["the norm of the whole matrix"]),
    (check_nearest_by_cosine,
     nearest_by(lambda v, q: (v / np.linalg.norm(v, axis=0)) @ (v / np.linalg.norm(v, axis=0))[q]),
     ["normalised the columns (axis=0)"]),
    (check_nearest_by_cosine,
     lambda v, q, topn: (lambda d: (np.argsort(d)[1:topn + 1], d[np.argsort(d)[1:topn + 1]]))(
         np.linalg.norm(v - v[q], axis=1)),
     ["Euclidean distance"]),
    (check_nearest_by_cosine,
     lambda v, q, topn: (lambda order: (order, 1 - cosines_to(v, q)[order]))(
         np.argsort(-cosines_to(v, q))[1:topn + 1]),
     ["cosines is wrong", "the cosine *distance*"]),
    (check_nearest_by_cosine, with_the_most_similar_method, ["calls w2vlib's reference `most_similar`"]),
]

test_a_wrong_answer_is_rejected_with_a_message_naming_the_mistake, test_each_checker_names_at_least_five_wrong_answers = \
    wrong_answer_tests(WRONG_ANSWERS)


@pytest.mark.parametrize("checker, correct", [
    (check_expected_kept, kept_in_a_loop),
    (check_expected_kept, kept_vectorised),
    (check_bootstrap_interval, interval_in_a_loop),
    (check_bootstrap_interval, interval_with_pearson_of_ranks),
    (check_nearest_by_cosine, nearest_in_a_loop),
    (check_nearest_by_cosine, nearest_with_a_cosine_matrix),
])
def test_a_correct_answer_written_differently_is_accepted(checker, correct):
    assert_passes(run_quietly(checker, correct), checker.__name__)


@pytest.mark.parametrize("checker, stub, args", [
    (check_expected_kept, "expected_kept(counts, sample)", (np.array([50, 20, 5]), 0.1)),
    (check_bootstrap_interval, "bootstrap_interval(gold, model, picks, confidence=0.95)",
     (np.arange(10.0), np.arange(10.0) ** 2, np.random.default_rng(0).integers(0, 10, size=(100, 10)), 0.9)),
    (check_nearest_by_cosine, "nearest_by_cosine(vectors, word_index, topn)",
     (np.random.default_rng(0).normal(size=(6, 3)), 1, 2)),
])
def test_an_unsolved_exercise_is_not_done_yet_and_later_cells_get_the_reference(checker, stub, args):
    name = stub.split("(")[0]
    namespace = in_a_notebook(f"def {stub}:\n    raise NotImplementedError('Exercise 1')\n"
                              f"result = check({name})\n", check=checker)
    assert_fails_with(namespace["result"], "not done yet")
    stand_in = namespace[name]
    assert is_stand_in(stand_in)
    correct = {"expected_kept": kept_vectorised, "bootstrap_interval": interval_in_a_loop,
               "nearest_by_cosine": nearest_in_a_loop}[name]
    for mine, theirs in zip(np.atleast_1d(stand_in(*args)), np.atleast_1d(correct(*args))):
        assert np.allclose(mine, theirs)


def test_no_hint_writes_the_formula_to_type():
    messages = [run_quietly(checker, wrong).message for checker, wrong, _ in WRONG_ANSWERS]
    for message in messages:
        assert "np.minimum(1, (np.sqrt(f / sample) + 1)" not in message
        assert "np.percentile(values, [" not in message
        assert "axis=1, keepdims=True) @" not in message
