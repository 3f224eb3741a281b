"""Notebook 04's checkers: the SGD step, the window loss (skipgram) and the one-softmax window loss. Every wrong answer
is written out as a student would write it (never by calling the reference)."""
import sys
from collections import Counter

import numpy as np
import pytest

from checker_helpers import assert_fails_with, assert_passes, in_a_notebook, run_quietly, wrong_answer_tests
from w2vlib import log_softmax, naive_softmax_loss_and_gradient, skipgram
from w2vlib.course.checkers import check_sgd_step, check_skipgram, check_window_naive_softmax, is_stand_in


def skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn,
                         center_row=None, compare_loss=False):
    c = word2ind[center_word]
    loss, grad_center_vectors, grad_outside_vectors = 0.0, np.zeros_like(center_vectors), np.zeros_like(outside_vectors)
    for word in window_words:
        pair_loss, grad_center_vec, grad_outside = loss_fn(center_vectors[c], word2ind[word], outside_vectors)
        if compare_loss:
            loss == pair_loss   # noqa: B015 (the mistake under test: compared, not added)
        else:
            loss += pair_loss
        if center_row == "every":
            grad_center_vectors += grad_center_vec
        elif center_row == "outside word":
            grad_center_vectors[word2ind[word]] += grad_center_vec
        elif center_row == "overwrite":
            grad_center_vectors[c] = grad_center_vec
        else:
            grad_center_vectors[c if center_row is None else center_row] += grad_center_vec
        grad_outside_vectors += grad_outside
    return loss, grad_center_vectors, grad_outside_vectors


def skipgram_once_per_distinct_word(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
    c = word2ind[center_word]
    loss, grad_center_vectors, grad_outside_vectors = 0.0, np.zeros_like(center_vectors), np.zeros_like(outside_vectors)
    for word, count in Counter(window_words).items():
        pair_loss, grad_center_vec, grad_outside = loss_fn(center_vectors[c], word2ind[word], outside_vectors)
        loss, grad_outside_vectors = loss + count * pair_loss, grad_outside_vectors + count * grad_outside
        grad_center_vectors[c] += count * grad_center_vec
    return loss, grad_center_vectors, grad_outside_vectors


def window_written_out(center_vec, outside_indices, outside_vectors, n_factor=True, counts_once=False, minus_y=True,
                       mean=False, shift=True):
    scores = outside_vectors @ center_vec
    y_hat = np.exp(scores - np.max(scores) if shift else scores)
    y_hat /= y_hat.sum()
    n = len(outside_indices)
    loss = -np.sum(np.log(y_hat[outside_indices])) if not shift else \
        -np.sum(scores[outside_indices]) + n * (np.max(scores) + np.log(np.sum(np.exp(scores - np.max(scores)))))
    counts = np.zeros_like(y_hat)
    if counts_once:
        counts[outside_indices] = 1.0
    else:
        np.add.at(counts, outside_indices, 1.0)
    coefficient = (n if n_factor else 1) * y_hat - (counts if minus_y else 0)
    result = (loss, outside_vectors.T @ coefficient, np.outer(coefficient, center_vec))
    return tuple(x / n for x in result) if mean else result


def window_pair_by_pair(center_vec, outside_indices, outside_vectors):
    log_y_hat = log_softmax(outside_vectors @ center_vec)
    loss, grad_center_vec, grad_outside_vectors = 0.0, np.zeros_like(center_vec), np.zeros_like(outside_vectors)
    for o in outside_indices:   # the same math one outside word at a time, without the library's pair loss
        y_minus = np.exp(log_y_hat)
        y_minus[o] -= 1.0
        loss -= log_y_hat[o]
        grad_center_vec += outside_vectors.T @ y_minus
        grad_outside_vectors += np.outer(y_minus, center_vec)
    return loss, grad_center_vec, grad_outside_vectors


def sgd_in_place(params, grad, step_size):
    params -= step_size * grad
    return params


@pytest.mark.parametrize("checker, correct", [
    (check_sgd_step, lambda params, grad, step_size: params - step_size * grad),
    (check_sgd_step, sgd_in_place),
    (check_sgd_step, lambda params, grad, step_size: np.array([p - step_size * g for p, g in zip(params, grad)])),
    (check_skipgram, skipgram_written_out),
    (check_skipgram, skipgram_once_per_distinct_word),
    (check_window_naive_softmax, window_written_out),
    (check_window_naive_softmax, window_pair_by_pair),
])
def test_a_correct_answer_written_differently_is_accepted(checker, correct):
    assert_passes(run_quietly(checker, correct), checker.__name__)


def test_while_the_window_exercise_fails_later_cells_get_a_one_softmax_version():
    namespace = in_a_notebook("def window_naive_softmax(center_vec, outside_indices, outside_vectors):\n"
                              "    raise NotImplementedError('Exercise 3')\n"
                              "check(window_naive_softmax)\n", check=check_window_naive_softmax)
    stand_in = namespace["window_naive_softmax"]
    assert is_stand_in(stand_in) and not is_stand_in(window_pair_by_pair)   # what the timing cell reports
    rng = np.random.default_rng(0)
    v, U, window = rng.normal(size=4), rng.normal(size=(30, 4)), np.array([3, 7, 3])
    pair_loss_runs = []

    def profile(frame, event, arg):   # counts every run of the pair loss's code, however it is reached
        if event == "call" and frame.f_code is naive_softmax_loss_and_gradient.__code__:
            pair_loss_runs.append(frame)
    sys.setprofile(profile)
    try:
        result = stand_in(v, window, U)
    finally:
        sys.setprofile(None)
    expected = [sum(naive_softmax_loss_and_gradient(v, o, U)[i] for o in window) for i in range(3)]
    assert all(np.allclose(a, b) for a, b in zip(result, expected))
    assert pair_loss_runs == []   # no per-pair loop: the timing cell after the exercise measures one softmax


# ---------------------------------------------------------------- wrong answers, each with the mistake it names

def skipgram_averaged(*args):
    loss, grad_v, grad_u = skipgram_written_out(*args)
    n = len(args[1])
    return loss / n, grad_v / n, grad_u / n


def skipgram_loss_assigned(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
    loss, grad_v, grad_u = skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors,
                                                loss_fn)
    last = loss_fn(center_vectors[word2ind[center_word]], word2ind[window_words[-1]], outside_vectors)[0]
    return last, grad_v, grad_u    # loss = pair_loss instead of loss += pair_loss


def skipgram_one_row(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
    loss, grad_v, grad_u = skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors,
                                                loss_fn)
    return loss, grad_v[word2ind[center_word]], grad_u


def skipgram_naive_only(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
    return skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors,
                                naive_softmax_loss_and_gradient)


WRONG_ANSWERS = [
    (check_sgd_step, lambda p, g, a: p + a * g, ["new params is wrong", "sign flipped?"]),
    (check_sgd_step, lambda p, g, a: p - g, ["step size was not used"]),
    (check_sgd_step, lambda p, g, a: -a * g, ["returned only the step"]),
    (check_sgd_step, lambda p, g, a: p - g / a, ["divided the gradient by the step size"]),
    (check_sgd_step, lambda p, g, a: (p - a * g).T, ["missing transpose?"]),
    (check_sgd_step, lambda p, g, a: None, ["returned None"]),
    (check_skipgram, lambda *args: skipgram_written_out(*args, center_row="overwrite"),
     ["grad_center_vectors is wrong", "`=` instead of `+=`"]),
    (check_skipgram, skipgram_loss_assigned, ["loss is wrong", "`=` instead of `+=`"]),
    (check_skipgram, lambda *args: skipgram_written_out(*args, compare_loss=True),
     ["loss is wrong", "yours is 0 everywhere", "`total == term` only compares"]),
    (check_skipgram, skipgram_averaged, ["not their mean"]),
    (check_skipgram, lambda *args: tuple(-x for x in skipgram_written_out(*args)), ["loss is wrong", "sign flipped?"]),
    (check_skipgram, lambda *args: skipgram_written_out(*args, center_row="outside word"),
     ["grad_center_vectors is wrong", "yours is in rows 0 (outside word 'the') and 2 (outside word 'sat')",
      "belongs in row 1 (the center word 'cat')"]),
    (check_skipgram, lambda *args: skipgram_written_out(*args, center_row=6),
     ["yours is in row 6, but this gradient belongs in row 1 (the center word 'cat')", "a fixed row number?"]),
    (check_skipgram, lambda *args: skipgram_written_out(*args, center_row="every"),
     ["every row of yours is non-zero, but only row 1 (the center word 'cat') should be"]),
    (check_skipgram, skipgram_one_row,
     ["grad_center_vectors has shape (3,) = (d,) where (7, 3) = (n_words, d) was expected"]),
    (check_skipgram, skipgram_naive_only, ["negative sampling, K = 4"]),
    (check_skipgram, skipgram, ["this is w2vlib's own `skipgram`"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, mean=True), ["not their mean"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, n_factor=False), ["count n times"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, counts_once=True), ["must count twice"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, minus_y=False), ["−Σ_j y_j part is missing"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, shift=False), ["is not finite"]),
    (check_window_naive_softmax,
     lambda v, window, U: tuple(sum(p[i] for p in [naive_softmax_loss_and_gradient(v, o, U) for o in window])
                                for i in range(3)),
     ["calls w2vlib's reference `naive_softmax_loss_and_gradient`"]),
]


test_a_wrong_answer_is_rejected_with_a_message_naming_the_mistake, test_each_checker_names_at_least_five_wrong_answers = \
    wrong_answer_tests(WRONG_ANSWERS)


@pytest.mark.parametrize("wrong", [lambda p, g, a: p + a * g, lambda p, g, a: -a * g])
def test_no_sgd_hint_prints_the_answer(wrong):
    message = run_quietly(check_sgd_step, wrong).message
    assert "params - step_size * grad" not in message and "step_size * grad" not in message
