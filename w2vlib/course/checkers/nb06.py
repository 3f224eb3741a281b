"""Notebook 06's checker (looking at the vectors): a percentile-bootstrap interval for Spearman's ρ, by hand.

    check_bootstrap_interval   fn(gold, model, picks, confidence) -> (low, high): ρ on every resample of the pairs
                               (row b of ``picks`` is the b-th resample), then the middle ``confidence`` of the values
"""
from __future__ import annotations

from functools import partial

import numpy as np

from ...vectors.score_uncertainty import (_interval, _resampled_statistics, bootstrap_spearman,
                                          paired_bootstrap_difference, spearman)
from .cases import Case, CheckResult, Mistake, close, in_every_output, output_of, quietly
from .engine import Exercise, run_check

OUTPUTS = ["low", "high"]


def _reference_bootstrap_interval(gold, model, picks, confidence=0.95):
    """(low, high): the percentiles (1 − confidence)/2 and (1 + confidence)/2 of ρ over the resamples ``picks``."""
    values = spearman(np.asarray(gold)[picks], np.asarray(model)[picks])
    interval = _interval(0.0, values, confidence, len(gold), "Spearman")
    return interval.low, interval.high


def _tail(confidence) -> float:
    return (1 - confidence) / 2 * 100


def _pearson_rows(x, y):
    x = x - x.mean(axis=-1, keepdims=True)
    y = y - y.mean(axis=-1, keepdims=True)
    return np.sum(x * y, axis=-1) / np.sqrt(np.sum(x * x, axis=-1) * np.sum(y * y, axis=-1))


def _ordinal_ranks(x, kind):
    """Ranks 1..n without averaging ties (what argsort of argsort gives; ties broken as the sort ``kind`` does)."""
    return np.argsort(np.argsort(x, axis=-1, kind=kind), axis=-1, kind=kind) + 1.0


def _values(case, kind):
    """ρ on every resample, computed as a student might get it wrong."""
    gold, model, picks, _ = case.args
    gold, model = np.asarray(gold, dtype=float), np.asarray(model, dtype=float)
    if kind == "ranked once":
        from scipy.stats import rankdata
        return _pearson_rows(rankdata(gold)[picks], rankdata(model)[picks])
    if kind == "pearson":
        return _pearson_rows(gold[picks], model[picks])
    if kind.startswith("ordinal ranks"):
        sort_kind = kind.split(", ")[1]
        return _pearson_rows(_ordinal_ranks(gold[picks], sort_kind), _ordinal_ranks(model[picks], sort_kind))
    if kind == "gold only":
        return spearman(gold[picks], np.broadcast_to(model, picks.shape))
    if kind == "model only":
        return spearman(np.broadcast_to(gold, picks.shape), model[picks])
    return spearman(gold[picks], model[picks])


def _interval_of(case, kind="right", percentiles=None):
    values = _values(case, kind)
    confidence = case.args[3]
    tail = _tail(confidence)
    return np.percentile(values, percentiles if percentiles is not None else [tail, 100 - tail])


_matches = partial(output_of, OUTPUTS)   # _matches(output, compute): a mistake test for one output
_both = partial(in_every_output, OUTPUTS)   # _both(compute, hint): the same wrong version in both outputs


def _order_statistic(output):
    """The value of a sorted resample next to the percentile (a rule without interpolation)."""
    index = OUTPUTS.index(output)

    def looks_like(yours, expected, case):
        values = np.sort(_values(case, "right"))
        tail = _tail(case.args[3]) / 100
        position = (tail if index == 0 else 1 - tail) * len(values)
        near = range(max(0, int(position) - 2), min(len(values), int(position) + 3))
        return any(close(yours, values[k]) for k in near)
    return looks_like


def _normal_interval(case):
    from scipy.stats import norm
    values = _values(case, "right")
    z = norm.ppf(1 - _tail(case.args[3]) / 100)
    return [(values.mean() - z * values.std(ddof=ddof), values.mean() + z * values.std(ddof=ddof)) for ddof in (0, 1)]


def _normal(output):
    index = OUTPUTS.index(output)
    return lambda yours, expected, case: any(close(yours, pair[index]) for pair in quietly(_normal_interval, case))


def _close_but_not_equal(yours, expected, case):
    return bool(abs(float(yours) - float(expected)) < 0.05)


TIES_HINT = ("ties: a resample repeats pairs, so equal values are everywhere, and argsort gives them different ranks "
             "(1, 2, 3, ... in the order they come). Spearman's ρ gives tied values their average rank "
             "(scipy.stats.rankdata does it).")

MISTAKES = [
    *_both(lambda case: _interval_of(case, "ranked once"),
           "you ranked the n pairs once and then resampled their ranks: a resample repeats some pairs and leaves "
           "others out, so its ranks are not the resampled ranks. Rank each resample afresh."),
    *_both(lambda case: _interval_of(case, "pearson"),
           "that is Pearson's correlation of the ratings and cosines themselves; Spearman's ρ is the correlation of "
           "their ranks."),
    *_both(lambda case: _interval_of(case, "ordinal ranks, quicksort"), TIES_HINT),
    *_both(lambda case: _interval_of(case, "ordinal ranks, stable"), TIES_HINT),
    *_both(lambda case: _interval_of(case, "gold only"),
           "you resampled the gold ratings but not the model's cosines: a pair is (rating, cosine) together; the "
           "same row of picks must index both."),
    *_both(lambda case: _interval_of(case, "model only"),
           "you resampled the model's cosines but not the gold ratings: a pair is (rating, cosine) together; the "
           "same row of picks must index both."),
    *_both(lambda case: _interval_of(case, percentiles=[_tail(case.args[3]) / 100, 1 - _tail(case.args[3]) / 100]),
           "np.percentile takes percents, 0 to 100 (2.5 for the 2.5th percentile); np.quantile takes shares, 0 to 1."),
    *_both(lambda case: _interval_of(case, percentiles=[100 * (1 - case.args[3]), 100 * case.args[3]]),
           "a 95% interval leaves 2.5% of the values in EACH tail, (1 − confidence)/2 below and as much above; "
           "yours cuts (1 − confidence) from each side."),
    *_both(lambda case: _interval_of(case, percentiles=[2.5, 97.5]),
           "yours is the 95% interval whatever `confidence` says: compute the tails from the argument."),
    Mistake("low", _matches("low", lambda case: _interval_of(case)[::-1]),
            "low and high are swapped: return the lower end first."),
    *[Mistake(output, _normal(output),
              "that is the normal approximation (mean ± z · standard deviation of the values); the percentile "
              "bootstrap takes the middle of the values themselves, which need not be symmetric.")
      for output in OUTPUTS],
    *[Mistake(output, _order_statistic(output),
              "yours is one of the sorted values next to the percentile: np.percentile (and np.quantile) interpolate "
              "between neighbouring values; use it so that the checker can compare exactly.") for output in OUTPUTS],
    *[Mistake(output, _close_but_not_equal,
              "yours is close to the expected value but not equal: if you drew resamples of your own, use the given "
              "`picks` instead (row b holds the pair numbers of the b-th resample).") for output in OUTPUTS],
]


def _case(rng, n_pairs: int, n_resamples: int, confidence: float, strength: float) -> Case:
    """Ratings on a 0–10 scale with ties (as WordSim-353's), cosines that follow them loosely, and B resamples."""
    gold = np.round(rng.uniform(0, 10, size=n_pairs) * 2) / 2
    model = strength * (gold - 5) / 5 + rng.normal(scale=0.5, size=n_pairs)
    picks = rng.integers(0, n_pairs, size=(n_resamples, n_pairs))
    return Case((gold, model, picks, confidence),
                f"n = {n_pairs} pairs, B = {n_resamples} resamples, confidence = {confidence}",
                {"n": n_pairs, "B": n_resamples})


def check_bootstrap_interval(student_fn) -> CheckResult:
    """Check ``student_fn(gold, model, picks, confidence) -> (low, high)`` (notebook 06).

    gold, model: shape (n,), the people's ratings and the model's cosines of n word pairs.
    picks: shape (B, n), integers in 0..n−1: row b holds the pairs of the b-th resample (drawn with replacement).
    confidence: e.g. 0.95. (low, high): the percentiles 100·(1 − confidence)/2 and 100·(1 + confidence)/2 of the
    B values of Spearman's ρ, as np.percentile computes them.
    """
    rng = np.random.default_rng(606)
    cases = [_case(rng, 40, 200, 0.95, 0.8), _case(rng, 60, 400, 0.9, 0.5), _case(rng, 30, 300, 0.8, 1.0),
             _case(rng, 80, 250, 0.95, 0.3)]
    return run_check(Exercise(
        "check_bootstrap_interval", _reference_bootstrap_interval, cases, OUTPUTS,
        ["gold", "model", "picks", "confidence"], mistakes=MISTAKES,
        forbidden=[bootstrap_spearman, paired_bootstrap_difference, _resampled_statistics, _interval]), student_fn)
