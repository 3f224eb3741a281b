"""Notebook 01 and 02's checkers: P(O = w | C = c), a row-wise softmax, and the naive-softmax loss and gradients.
Every wrong answer is written out as a student would write it (never by calling the reference)."""
import math

import numpy as np
import pytest

from checker_helpers import assert_fails_with, assert_passes, run_quietly, wrong_answer_tests
from w2vlib import naive_softmax_loss_and_gradient, softmax
from w2vlib.course.checkers import (check_naive_softmax_loss_and_gradient, check_outside_word_probabilities,
                             check_softmax)


def unshifted_softmax(logits):
    exps = np.exp(logits)
    return exps / np.sum(exps, axis=-1, keepdims=True)


def shifted_softmax(logits):  # a correct answer written independently of w2vlib.softmax
    exps = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)


def naive_parts(center_vec, outside_idx, outside_vectors, softmax_fn=shifted_softmax):
    y_hat = softmax_fn(outside_vectors @ center_vec)
    y = np.zeros_like(y_hat)
    y[outside_idx] = 1.0
    return y_hat, y


def naive_written_out(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


# ---------------------------------------------------------------- correct answers written differently

def probabilities_by_log_sum_exp(center_vec, outside_vectors):
    scores = outside_vectors @ center_vec
    top = scores.max()
    return np.exp(scores - top - np.log(np.sum(np.exp(scores - top))))


def probabilities_in_a_loop(center_vec, outside_vectors):
    scores = [sum(u_i * v_i for u_i, v_i in zip(u, center_vec)) for u in outside_vectors]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    return np.array([e / sum(exps) for e in exps])


def softmax_row_by_row(logits):
    rows = np.atleast_2d(logits)
    out = np.empty_like(rows, dtype=float)
    for i, row in enumerate(rows):
        exps = np.exp(row - row.max())
        out[i] = exps / exps.sum()
    return out.reshape(np.shape(logits))


def naive_in_a_loop(center_vec, outside_idx, outside_vectors):
    scores = outside_vectors @ center_vec
    log_sum_exp = scores.max() + np.log(np.sum(np.exp(scores - scores.max())))
    y_hat = np.exp(scores - log_sum_exp)
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_center_vec = -outside_vectors[outside_idx].copy()
    for w in range(len(scores)):
        grad_outside_vectors[w] = (y_hat[w] - (w == outside_idx)) * center_vec
        grad_center_vec += y_hat[w] * outside_vectors[w]
    return log_sum_exp - scores[outside_idx], grad_center_vec, grad_outside_vectors


@pytest.mark.parametrize("checker, correct", [
    (check_outside_word_probabilities, lambda center_vec, outside_vectors: shifted_softmax(outside_vectors @ center_vec)),
    (check_outside_word_probabilities, probabilities_by_log_sum_exp),
    (check_outside_word_probabilities, probabilities_in_a_loop),
    (check_softmax, shifted_softmax),
    (check_softmax, softmax_row_by_row),
    (check_naive_softmax_loss_and_gradient, naive_written_out),
    (check_naive_softmax_loss_and_gradient, naive_in_a_loop),
    (check_naive_softmax_loss_and_gradient,   # calls w2vlib.softmax, as notebook 02 suggests
     lambda v, o, U: (-np.log(softmax(U @ v)[o]), U.T @ (softmax(U @ v) - np.eye(len(U))[o]),
                      np.outer(softmax(U @ v) - np.eye(len(U))[o], v))),
])
def test_a_correct_answer_written_differently_is_accepted(checker, correct, capsys):
    result = run_quietly(checker, correct)
    assert_passes(result, checker.__name__)
    assert capsys.readouterr().out.strip() == result.message   # printed, so a notebook cell shows it


# ---------------------------------------------------------------- wrong answers, each with the mistake it names

def naive_sign_flipped(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y - y_hat), np.outer(y_hat - y, center_vec)


def naive_missing_transpose(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(center_vec, y_hat - y)


def naive_unshifted(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors, unshifted_softmax)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def naive_without_y(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ y_hat, np.outer(y_hat - y, center_vec)


def naive_without_y_in_u(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(y_hat, center_vec)


def naive_loss_over_the_vocabulary(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.sum(np.log(y_hat)), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def naive_only_row_o(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] = (y_hat[outside_idx] - 1) * center_vec   # the other rows forgotten
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), grad_outside_vectors


def naive_columns(center_vec, outside_idx, outside_vectors):
    y_hat = shifted_softmax(center_vec @ outside_vectors)   # U used as (d, n_words)
    return -np.log(y_hat[outside_idx]), outside_vectors @ y_hat, np.outer(center_vec, y_hat)


def naive_column_lookup(center_vec, outside_idx, outside_vectors):
    u_o = outside_vectors[:, outside_idx]                    # U used as (d, n_words): column o
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ y_hat - u_o, np.outer(y_hat - y, center_vec)


def naive_loss_of_shape_one(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[[outside_idx]]), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def naive_gradient_as_a_column(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y)[:, None], np.outer(y_hat - y, center_vec)


def naive_log_with_a_base(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx], 2), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def naive_log_with_a_misplaced_parenthesis(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    grad_outside_vectors = np.outer(y_hat - y, center_vec)
    loss = -np.log(y_hat, y)[outside_idx]      # writes log ŷ into y, so y is no longer one-hot below
    return loss, outside_vectors.T @ (y_hat - y), grad_outside_vectors


def naive_loss_left_at_zero(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    loss = 0.0
    loss == -np.log(y_hat[outside_idx])   # noqa: B015 (compared, not assigned: the mistake under test)
    return loss, outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def raise_value_error(*args):
    raise ValueError("shapes (5,3) and (5,) not aligned")


WRONG_ANSWERS = [
    # checker, wrong answer, phrases the message must contain
    (check_outside_word_probabilities, lambda v, u: unshifted_softmax(u @ v), ["did you subtract the max"]),
    (check_outside_word_probabilities, lambda v, u: np.exp(u @ v), ["do not sum to 1"]),
    (check_outside_word_probabilities, lambda v, u: shifted_softmax(u @ v)[None, :],
     ["y_hat has shape (1, 5)", "where (5,) = (n_words,) was expected"]),
    (check_outside_word_probabilities, lambda v, u: shifted_softmax(v @ u),
     ["raised ValueError", "one ROW per word", "Did you use it as (d, n_words)"]),
    (check_outside_word_probabilities, lambda v, u: softmax(u @ v), ["calls w2vlib's reference `softmax`"]),
    (check_outside_word_probabilities, lambda v, u: -shifted_softmax(u @ v), ["sign flipped?"]),
    (check_softmax, unshifted_softmax, ["not finite for large logits: did you subtract the max before exp?"]),
    (check_softmax, lambda z: np.exp(z - np.max(z)) / np.sum(np.exp(z - np.max(z))), ["(3, 7)",
                                                                                      "each row must sum to 1"]),
    (check_softmax, lambda z: np.exp(z - np.max(z)) / np.sum(np.exp(z - np.max(z)), axis=-1, keepdims=True),
     ["a row near +1000 and a row near -1000", "each row's own max"]),
    (check_softmax, lambda z: (shifted_softmax(z), z.sum()), ["returned 2 values; it should return 1"]),
    (check_softmax, raise_value_error, ["your function raised ValueError: shapes (5,3) and (5,) not aligned"]),
    (check_softmax, softmax, ["this is w2vlib's own `softmax`"]),
    (check_naive_softmax_loss_and_gradient, naive_sign_flipped,
     ["grad_center_vec is wrong", "largest error", "at index", "sign flipped?"]),
    (check_naive_softmax_loss_and_gradient, naive_missing_transpose,
     ["grad_outside_vectors has shape (3, 5) = (d, n_words) where (5, 3) = (n_words, d)", "missing transpose?"]),
    (check_naive_softmax_loss_and_gradient, naive_unshifted, ["is not finite", "did you subtract the max"]),
    (check_naive_softmax_loss_and_gradient, naive_without_y, ["grad_center_vec is wrong", "the −y part is missing"]),
    (check_naive_softmax_loss_and_gradient, naive_without_y_in_u,
     ["grad_outside_vectors is wrong", "row o (the true outside word) lacks the −y part"]),
    (check_naive_softmax_loss_and_gradient, naive_loss_over_the_vocabulary,
     ["loss is wrong", "adds −log ŷ_w over every word of the vocabulary"]),
    (check_naive_softmax_loss_and_gradient, naive_only_row_o,
     ["grad_outside_vectors is wrong", "only row 3 (the outside word o) of yours is non-zero",
      "should get a gradient too"]),
    (check_naive_softmax_loss_and_gradient, naive_columns, ["raised ValueError", "one ROW per word"]),
    (check_naive_softmax_loss_and_gradient, naive_column_lookup,
     ["raised IndexError", "index 3 is out of bounds", "one ROW per word"]),
    (check_naive_softmax_loss_and_gradient, naive_loss_of_shape_one,
     ["loss has shape (1,)", "() (a single number) was expected", "an array holding one number"]),
    (check_naive_softmax_loss_and_gradient, naive_gradient_as_a_column,
     ["grad_center_vec has shape (3, 1) where (3,) = (d,) was expected", "a column"]),
    (check_naive_softmax_loss_and_gradient, naive_log_with_a_base,
     ["raised TypeError", "NumPy's log takes one argument; a second one is `out`"]),
    (check_naive_softmax_loss_and_gradient, naive_log_with_a_misplaced_parenthesis,
     ["grad_center_vec is wrong", "np.log(a, b) in your code"]),
    (check_naive_softmax_loss_and_gradient, naive_loss_left_at_zero,
     ["loss is wrong", "yours is 0 everywhere", "`total == term` only compares"]),
    (check_naive_softmax_loss_and_gradient, lambda *a: naive_written_out(*a)[:2],
     ["your function returned 2 values; it should return 3: (loss, grad_center_vec, grad_outside_vectors)"]),
    (check_naive_softmax_loss_and_gradient, lambda *a: None, ["returned None", "the `return` statement"]),
    (check_naive_softmax_loss_and_gradient, naive_softmax_loss_and_gradient,
     ["this is w2vlib's own `naive_softmax_loss_and_gradient`"]),
]


test_a_wrong_answer_is_rejected_with_a_message_naming_the_mistake, test_each_checker_names_at_least_five_wrong_answers = \
    wrong_answer_tests(WRONG_ANSWERS)
