"""Notebook 03's checkers: σ, σ', the gradient in a negative's vector, and the negative-sampling loss. Every wrong
answer is written out as a student would write it (never by calling the reference)."""
import math

import numpy as np
import pytest

from checker_helpers import assert_fails_with, assert_passes, run_quietly, wrong_answer_tests
from w2vlib import log_sigmoid, neg_sampling_loss_and_gradient, sigmoid
from w2vlib.course.checkers import (check_grad_in_negative, check_neg_sampling_loss_and_gradient, check_sigmoid,
                             check_sigmoid_derivative)


def stable_sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_entry_by_entry(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    for i, value in np.ndenumerate(x):
        out[i] = 1 / (1 + math.exp(-value)) if value >= 0 else math.exp(value) / (1 + math.exp(value))
    return out


def neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices, assign=False):
    u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
    loss = -log_sigmoid(u_o @ center_vec) - np.sum(log_sigmoid(-u_neg @ center_vec))
    coef_o, coef_neg = sigmoid(u_o @ center_vec) - 1.0, sigmoid(u_neg @ center_vec)
    grad_center_vec = coef_o * u_o + coef_neg @ u_neg
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] += coef_o * center_vec
    if assign:  # the classic bug: a repeated index keeps only one contribution
        grad_outside_vectors[neg_indices] += coef_neg[:, None] * center_vec
    else:
        np.add.at(grad_outside_vectors, neg_indices, coef_neg[:, None] * center_vec)
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_negative_by_negative(center_vec, outside_idx, outside_vectors, neg_indices):
    s_o = float(outside_vectors[outside_idx] @ center_vec)
    loss = math.log1p(math.exp(-s_o)) if s_o > 0 else -s_o + math.log1p(math.exp(s_o))
    grad_center_vec = (stable_sigmoid(s_o) - 1) * outside_vectors[outside_idx]
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] = (stable_sigmoid(s_o) - 1) * center_vec
    for w in neg_indices:
        s_k = float(outside_vectors[w] @ center_vec)
        loss += np.logaddexp(0.0, s_k)                  # −log σ(−s_k)
        grad_center_vec = grad_center_vec + stable_sigmoid(s_k) * outside_vectors[w]
        grad_outside_vectors[w] += stable_sigmoid(s_k) * center_vec
    return loss, grad_center_vec, grad_outside_vectors


@pytest.mark.parametrize("checker, correct", [
    (check_sigmoid, stable_sigmoid),
    (check_sigmoid, sigmoid_entry_by_entry),
    (check_sigmoid, lambda x: 0.5 * (1 + np.tanh(np.asarray(x) / 2))),
    (check_sigmoid, lambda x: np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))),
    (check_sigmoid_derivative, lambda x: sigmoid(x) * (1 - sigmoid(x))),
    (check_sigmoid_derivative, lambda x: sigmoid(x) - sigmoid(x) ** 2),
    (check_sigmoid_derivative, lambda x: sigmoid(x) * sigmoid(-x)),
    (check_sigmoid_derivative, lambda x: np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2),
    (check_grad_in_negative, lambda center_vec, u_k: sigmoid(u_k @ center_vec) * center_vec),
    (check_grad_in_negative, lambda center_vec, u_k: center_vec / (1 + np.exp(-(u_k @ center_vec)))),
    (check_grad_in_negative, lambda center_vec, u_k: np.array([sigmoid(sum(u_k * center_vec)) * v for v in center_vec])),
    (check_neg_sampling_loss_and_gradient, neg_sampling_written_out),
    (check_neg_sampling_loss_and_gradient, neg_sampling_negative_by_negative),
])
def test_a_correct_answer_written_differently_is_accepted(checker, correct):
    assert_passes(run_quietly(checker, correct), checker.__name__)


def test_the_stand_in_of_the_derivatives_is_exact_not_finite_differences():
    from w2vlib.course.checkers.nb03_derivatives import _grad_in_negative, _sigmoid_derivative
    x = np.array([-1000.0, -3.0, 0.0, 0.5, 1000.0])
    np.testing.assert_allclose(_sigmoid_derivative(x), sigmoid(x) * sigmoid(-x), rtol=1e-14, atol=0)
    v, u = np.array([0.3, -1.2]), np.array([2.0, 0.5])
    assert np.array_equal(_grad_in_negative(v, u), sigmoid(u @ v) * v)


# ---------------------------------------------------------------- wrong answers, each with the mistake it names

def sigmoid_where_both_branches_overflow(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def sigmoid_into_zeros_like(x):
    out = np.zeros_like(x)   # an integer array when x is one
    e = np.exp(-np.abs(x))
    out[...] = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return out


def finite_differences(x, h=1e-5):
    return (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)


def forward_differences(x, h=1e-7):
    return (stable_sigmoid(x + h) - stable_sigmoid(x)) / h


def grad_by_finite_differences(center_vec, u_k, h=1e-5):
    loss = lambda u: np.logaddexp(0.0, u @ center_vec)   # −log σ(−u^T v_c)  # noqa: E731
    return np.array([(loss(u_k + h * e) - loss(u_k - h * e)) / (2 * h) for e in np.eye(len(u_k))])


def neg_sampling_unstable_log(center_vec, outside_idx, outside_vectors, neg_indices):
    _, grad_center_vec, grad_outside_vectors = neg_sampling_written_out(center_vec, outside_idx, outside_vectors,
                                                                        neg_indices)
    naive_sigmoid = lambda x: 1.0 / (1.0 + np.exp(-x))   # noqa: E731
    loss = (-np.log(naive_sigmoid(outside_vectors[outside_idx] @ center_vec))
            - np.sum(np.log(naive_sigmoid(-outside_vectors[neg_indices] @ center_vec))))
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_one_minus_sigma(center_vec, outside_idx, outside_vectors, neg_indices):
    loss = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)[0]
    u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
    coef_o, coef_neg = sigmoid(u_o @ center_vec) - 1.0, 1.0 - sigmoid(u_neg @ center_vec)   # the published slip
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] += coef_o * center_vec
    np.add.at(grad_outside_vectors, neg_indices, coef_neg[:, None] * center_vec)
    return loss, coef_o * u_o + coef_neg @ u_neg, grad_outside_vectors


def neg_sampling_row_o_overwritten(center_vec, outside_idx, outside_vectors, neg_indices):
    loss, grad_center_vec, _ = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)
    u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
    grad_outside_vectors = np.zeros_like(outside_vectors)
    np.add.at(grad_outside_vectors, neg_indices, sigmoid(u_neg @ center_vec)[:, None] * center_vec)
    grad_outside_vectors[outside_idx] = (sigmoid(u_o @ center_vec) - 1.0) * center_vec   # = after np.add.at
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_negatives_assigned_over_row_o(center_vec, outside_idx, outside_vectors, neg_indices):
    """Row o set first, then the negatives' rows assigned with `=` (their sums are right, repeats included)."""
    loss, grad_center_vec, _ = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)
    u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
    negatives_part = np.zeros_like(outside_vectors)
    np.add.at(negatives_part, neg_indices, sigmoid(u_neg @ center_vec)[:, None] * center_vec)
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] = (sigmoid(u_o @ center_vec) - 1.0) * center_vec
    rows = np.unique(neg_indices)
    grad_outside_vectors[rows] = negatives_part[rows]          # overwrites row o when o is a negative
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_loss_over_the_vocabulary(center_vec, outside_idx, outside_vectors, neg_indices):
    _, grad_center_vec, grad_outside_vectors = neg_sampling_written_out(center_vec, outside_idx, outside_vectors,
                                                                        neg_indices)
    scores = outside_vectors @ center_vec
    others = np.delete(scores, outside_idx)
    return -log_sigmoid(scores[outside_idx]) - np.sum(log_sigmoid(-others)), grad_center_vec, grad_outside_vectors


def neg_sampling_log_typo(center_vec, outside_idx, outside_vectors, neg_indices):
    _, grad_center_vec, grad_outside_vectors = neg_sampling_written_out(center_vec, outside_idx, outside_vectors,
                                                                        neg_indices)
    s_o, s_k = outside_vectors[outside_idx] @ center_vec, outside_vectors[neg_indices] @ center_vec
    loss = -np.log(stable_sigmoid(s_o), stable_sigmoid(-s_k))   # meant: np.log(a) + np.sum(np.log(b))
    return loss, grad_center_vec, grad_outside_vectors


WRONG_ANSWERS = [
    # σ itself
    (check_sigmoid, lambda x: 1 / (1 + np.exp(x)), ["yours is σ(−x) = 1 − σ(x)"]),
    (check_sigmoid, lambda x: 1 / 1 + np.exp(-x), ["yours is 1 + e^{−x}", "needs parentheses"]),
    (check_sigmoid, np.exp, ["yours is e^x itself"]),
    (check_sigmoid, lambda x: np.exp(-x), ["yours is e^{−x}"]),
    (check_sigmoid, lambda x: 1 / (1 - np.exp(-x)), ["1/(1 − e^{−x})", "sign in the denominator"]),
    (check_sigmoid, lambda x: 1 / (1 + np.exp(-x)),
     ["case 5 of 5 (x = −1000", "NumPy reported an overflow", "e^{1000} does not fit"]),
    (check_sigmoid, sigmoid_where_both_branches_overflow, ["NumPy reported an overflow", "both of its branches"]),
    (check_sigmoid, sigmoid_into_zeros_like, ["an integer array", "whole numbers only", "np.zeros_like(x)"]),
    (check_sigmoid, sigmoid, ["this is w2vlib's own `sigmoid`"]),
    (check_sigmoid, lambda x: np.exp(log_sigmoid(x)), ["calls w2vlib's reference `log_sigmoid`"]),
    # σ'
    (check_sigmoid_derivative, sigmoid, ["σ(x) itself"]),
    (check_sigmoid_derivative, lambda x: 1 - sigmoid(x), ["1 − σ(x) = σ(−x)"]),
    (check_sigmoid_derivative, lambda x: sigmoid(x) ** 2, ["σ(x)²"]),
    (check_sigmoid_derivative, lambda x: sigmoid(x) * (1 + sigmoid(x)), ["check the sign inside the second factor"]),
    (check_sigmoid_derivative, lambda x: -sigmoid(x) * (1 - sigmoid(x)), ["sign flipped?"]),
    (check_sigmoid_derivative, lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2, ["x = ±1000", "in terms of sigmoid(x)"]),
    (check_sigmoid_derivative, finite_differences,
     ["agrees with the exact one only to about 1e-11", "the accuracy of finite differences",
      "The exercise is the derivation"]),
    (check_sigmoid_derivative, forward_differences, ["the accuracy of finite differences"]),
    # ∂J/∂u_{w_k}
    (check_grad_in_negative, lambda v, u: (1 - sigmoid(u @ v)) * v, ["1 − σ(u_k^T v_c)", "published solution"]),
    (check_grad_in_negative, lambda v, u: (sigmoid(u @ v) - 1) * v, ["the real pair's gradient"]),
    (check_grad_in_negative, lambda v, u: sigmoid(u @ v) * sigmoid(-(u @ v)) * v, ["σ(1 − σ) is σ'(s_k)"]),
    (check_grad_in_negative, lambda v, u: sigmoid(u @ v) * u, ["points along u_k"]),
    (check_grad_in_negative, lambda v, u: -sigmoid(u @ v) * v, ["sign flipped?"]),
    (check_grad_in_negative, lambda v, u: sigmoid(u @ v), ["has shape ()"]),
    (check_grad_in_negative, grad_by_finite_differences, ["the accuracy of finite differences"]),
    (check_grad_in_negative, lambda v, u: neg_sampling_loss_and_gradient(v, 0, np.vstack([v, u]), [1])[2][1],
     ["calls w2vlib's reference `neg_sampling_loss_and_gradient`"]),
    # the negative-sampling loss
    (check_neg_sampling_loss_and_gradient, lambda *a: neg_sampling_written_out(*a, assign=True),
     ["repeated negatives", "grad_outside_vectors is wrong", "a negative drawn twice only counted once",
      "use np.add.at instead of fancy-index assignment"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_unstable_log, ["loss is not finite", "near ±1000",
                                                                       "log_sigmoid"]),
    (check_neg_sampling_loss_and_gradient, lambda *a: (lambda r: (r[0], r[1], -r[2]))(neg_sampling_written_out(*a)),
     ["grad_outside_vectors is wrong", "sign flipped?"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_one_minus_sigma,
     ["grad_center_vec is wrong", "grad_outside_vectors is wrong", "1 − σ(u_k^T v_c)"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_row_o_overwritten,
     ["case 5 of 7", "it holds only the real pair's part", "set with `=` after the negatives"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_loss_over_the_vocabulary,
     ["loss is wrong", "for every word of the vocabulary", "the K drawn negatives only"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_log_typo,
     ["loss has shape (4,) = (K,) where () (a single number) was expected", "np.log(a, b) in your code"]),
    (check_neg_sampling_loss_and_gradient,
     lambda *a: (lambda r: (r[0], r[1], r[2][np.append(a[1], a[3])]))(neg_sampling_written_out(*a)),
     ["grad_outside_vectors has shape (5, 3)", "where (8, 3) = (n_words, d) was expected"]),
    (check_neg_sampling_loss_and_gradient, lambda *a: 1 / 0, ["your function raised ZeroDivisionError: division by zero"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_loss_and_gradient,
     ["this is w2vlib's own `neg_sampling_loss_and_gradient`"]),
]


test_a_wrong_answer_is_rejected_with_a_message_naming_the_mistake, test_each_checker_names_at_least_five_wrong_answers = \
    wrong_answer_tests(WRONG_ANSWERS)


def test_row_o_holding_only_the_negatives_part_is_not_called_a_repeated_negative():
    # Case 5 has o among the negatives and no negative drawn twice: the old hint said "a negative drawn twice".
    result = run_quietly(check_neg_sampling_loss_and_gradient, neg_sampling_negatives_assigned_over_row_o)
    assert_fails_with(result, "case 5 of 7", "the outside word among the negatives",
                      "it holds only the negatives' part: the real pair's contribution is gone")
    assert "drawn twice" not in result.message


def test_no_neg_sampling_hint_gives_the_line_to_write():
    message = run_quietly(check_neg_sampling_loss_and_gradient,
                          lambda *a: neg_sampling_written_out(*a, assign=True)).message
    assert "np.add.at(grad" not in message

