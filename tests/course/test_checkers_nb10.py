"""check_pmi (notebook 10's exercise): right answers written differently pass; each known mistake, written out, fails
with its name; an exception shows the student's line; w2vlib's own PMI is refused however it is reached."""
import math
import sys

import numpy as np
import pytest

import w2vlib
from w2vlib.course import checkers_nb10
from w2vlib.course.checkers_nb10 import check_pmi, reference_ppmi


# ----- right answers, written three ways ---------------------------------------------------------------------

def ppmi_vectorised(counts, context_power):
    counts = np.asarray(counts, dtype=float)
    row_totals = counts.sum(axis=1, keepdims=True)
    smoothed = counts.sum(axis=0) ** context_power
    p_context = smoothed / smoothed.sum()
    seen = counts > 0
    result = np.zeros_like(counts)
    result[seen] = np.log((counts / (row_totals * p_context))[seen])
    return np.maximum(result, 0)


def ppmi_with_loops(counts, context_power):
    rows, cols = len(counts), len(counts[0])
    column = [sum(counts[c][o] for c in range(rows)) for o in range(cols)]
    norm = sum(x ** context_power for x in column if x > 0)
    result = np.zeros((rows, cols))
    for c in range(rows):
        n_c = sum(counts[c])
        for o in range(cols):
            if counts[c][o] > 0:
                result[c, o] = max(0.0, math.log(counts[c][o] / (n_c * column[o] ** context_power / norm)))
    return result


def ppmi_from_probabilities(counts, context_power):
    """P(c, o) / (P(c) P_α(o)) with joint probabilities: the same number."""
    joint = counts / counts.sum()
    p_center = joint.sum(axis=1, keepdims=True)
    p_alpha = joint.sum(axis=0) ** context_power / (joint.sum(axis=0) ** context_power).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log(joint / (p_center * p_alpha))
    return np.where(counts > 0, np.maximum(values, 0), 0.0)


@pytest.mark.parametrize("fn", [ppmi_vectorised, ppmi_with_loops, ppmi_from_probabilities])
def test_right_answers_pass(fn, capsys):
    assert check_pmi(fn).passed
    assert capsys.readouterr().out.startswith("✓ check_pmi passed")


def test_the_reference_is_right_on_a_hand_computed_entry():
    counts = np.array([[4, 1, 0], [1, 2, 1], [0, 1, 2]])     # column sums 5, 4, 3; row 1 sums to 4
    total = 5 ** 0.75 + 4 ** 0.75 + 3 ** 0.75
    assert reference_ppmi(counts, 0.75)[1, 1] == pytest.approx(math.log(2 / (4 * 4 ** 0.75 / total)))
    assert reference_ppmi(counts, 0.75)[0, 2] == 0.0


# ----- each known mistake, written out --------------------------------------------------------------------------

def log_of_zero_not_handled(counts, context_power):
    counts = np.asarray(counts, dtype=float)
    smoothed = counts.sum(axis=0) ** context_power
    values = np.log(counts) - np.log(counts.sum(axis=1))[:, None] - np.log(smoothed / smoothed.sum())[None, :]
    return np.maximum(values, 0)          # a word never seen: log 0 − log 0 = nan, and max(nan, 0) is nan


def not_clipped(counts, context_power):
    counts = np.asarray(counts, dtype=float)
    smoothed = counts.sum(axis=0) ** context_power
    with np.errstate(divide="ignore"):
        return np.log(counts / (counts.sum(axis=1, keepdims=True) * smoothed / smoothed.sum()))


def smoothing_forgotten(counts, context_power):
    return ppmi_vectorised(counts, 1.0)


def rows_and_columns_swapped(counts, context_power):
    counts = np.asarray(counts, dtype=float)
    smoothed = counts.sum(axis=1) ** context_power                # the row sums as contexts
    with np.errstate(divide="ignore"):
        values = np.log(counts / (counts.sum(axis=0)[None, :] * (smoothed / smoothed.sum())[:, None]))
    return np.maximum(values, 0)


def log2_instead_of_log(counts, context_power):
    return ppmi_vectorised(counts, context_power) / math.log(2)


def log10_and_no_smoothing(counts, context_power):
    return ppmi_vectorised(counts, 1.0) / math.log(10)


def not_normalised(counts, context_power):
    counts = np.asarray(counts, dtype=float)
    smoothed = counts.sum(axis=0) ** context_power            # n(o)^α without dividing by its sum
    with np.errstate(divide="ignore"):
        values = np.log(counts / (counts.sum(axis=1, keepdims=True) * smoothed))
    return np.maximum(values, 0)


@pytest.mark.parametrize("fn, phrases", [
    (log_of_zero_not_handled, ["case 5 of 6", "a word never seen", "log of zero is not handled"]),
    (not_clipped, ["case 1 of 6", "negative values are not clipped"]),
    (smoothing_forgotten, ["case 1 of 6", "the ¾ smoothing is missing"]),
    (rows_and_columns_swapped, ["case 1 of 6", "rows and columns are swapped"]),
    (log2_instead_of_log, ["this is log2"]),
    (log10_and_no_smoothing, ["the ¾ smoothing is missing", "this is log10"]),
    (not_normalised, ["P_α(o) is not a probability"]),
])
def test_each_known_mistake_fails_and_is_named(fn, phrases, capsys):
    result = check_pmi(fn)
    printed = capsys.readouterr().out
    assert not result.passed and printed.startswith("✗ check_pmi failed on case")
    assert "passed" not in printed
    for phrase in phrases:
        assert phrase in printed, printed


def test_a_small_error_anywhere_fails(capsys):
    def off_in_one_entry(counts, context_power):
        result = ppmi_vectorised(counts, context_power)
        result[-1, -1] += 1e-4
        return result

    def zero_row_not_zero(counts, context_power):
        result = ppmi_vectorised(counts, context_power)
        result[np.asarray(counts).sum(axis=1) == 0] = 1.0
        return result

    for fn in (off_in_one_entry, zero_row_not_zero):
        assert not check_pmi(fn).passed
        assert "✗ check_pmi failed" in capsys.readouterr().out


def test_an_exception_is_shown_with_the_students_line(capsys):
    def raises(counts, context_power):
        row_totals = counts.sum(axis=2)
        return row_totals

    assert not check_pmi(raises).passed
    printed = capsys.readouterr().out
    assert "raised AxisError" in printed and "in your line" in printed and "row_totals = counts.sum(axis=2)" in printed


def test_other_failures_are_sentences(capsys):
    def returns_nothing(counts, context_power):
        np.log(counts + 1)

    def changes_its_input(counts, context_power):
        counts += 1
        return ppmi_vectorised(counts - 1, context_power)

    def transposed(counts, context_power):
        return ppmi_vectorised(counts, context_power).T

    for fn, phrase in [(returns_nothing, "returned None"), (changes_its_input, "changed `counts` in place"),
                       (transposed, "the transpose of the expected one")]:
        assert not check_pmi(fn).passed
        assert phrase in capsys.readouterr().out
    assert not check_pmi(42).passed and "expected a function" in capsys.readouterr().out

    def transposed_rectangular(counts, context_power):
        return ppmi_vectorised(counts, context_power).T if counts.shape[0] != counts.shape[1] else \
            ppmi_vectorised(counts, context_power)

    assert not check_pmi(transposed_rectangular).passed
    assert "expected (2, 4) = (n_words, n_contexts): rows and columns swapped (a transpose)?" in capsys.readouterr().out


def test_not_done_yet(capsys):
    def stub(counts, context_power):
        raise NotImplementedError("Exercise 1: my_ppmi")

    assert not check_pmi(stub).passed
    assert "✗ check_pmi: not done yet" in capsys.readouterr().out


def test_an_endless_loop_is_stopped(monkeypatch, capsys):
    monkeypatch.setattr(checkers_nb10, "TIME_LIMIT_S", 0.2)

    def loops(counts, context_power):
        while True:
            try:
                pass
            except Exception:
                pass

    assert not check_pmi(loops).passed
    assert "stopped after 0.2 s" in capsys.readouterr().out


def test_the_librarys_own_pmi_is_refused_however_it_is_reached(capsys):
    from w2vlib.vectors.count_vectors import ppmi

    def direct(counts, context_power):
        return ppmi(counts, context_power)

    def through_the_package(counts, context_power):
        return w2vlib.ppmi(np.asarray(counts, dtype=float), context_power)

    def through_pmi(counts, context_power):
        return np.maximum(w2vlib.pmi(counts, context_power), 0)

    for fn in (direct, through_the_package, through_pmi):
        result = check_pmi(fn)
        printed = capsys.readouterr().out
        assert not result.passed and "runs w2vlib's own" in printed and "passed" not in printed
    assert sys.getprofile() is None     # the watch is gone afterwards


def test_the_reference_put_in_place_of_a_failed_function_is_not_accepted(capsys):
    assert not check_pmi(reference_ppmi).passed
    assert "checker's reference" in capsys.readouterr().out
