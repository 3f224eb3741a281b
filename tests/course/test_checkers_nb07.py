"""Notebook 07's checker: one pair's loss and gradient when each word has one vector (the factor 2 of u_c^T u_c)."""
import numpy as np
import pytest

from checker_helpers import assert_fails_with, assert_passes, run_quietly
from w2vlib.losses.activations import log_sigmoid, sigmoid
from w2vlib.course.checkers import check_tied_pair_gradient
from w2vlib.losses.tied_vectors import tied_neg_sampling_loss_and_gradient


def _tied_pair(vectors, c, o, neg, overwrite=False):
    """A student's one-matrix pair gradient, written out (notebook 07's solution); ``overwrite`` makes the classic
    slip of assigning the outside word's row instead of adding to it, which loses u_c's second role when o = c."""
    u_c, u_o, u_neg = vectors[c], vectors[o], vectors[neg]
    s_o, s_neg = u_o @ u_c, u_neg @ u_c
    loss = -log_sigmoid(s_o) - np.sum(log_sigmoid(-s_neg))
    grad = np.zeros_like(vectors)
    grad[c] += (sigmoid(s_o) - 1) * u_o + sigmoid(s_neg) @ u_neg
    if overwrite:
        grad[o] = (sigmoid(s_o) - 1) * u_c
    else:
        grad[o] += (sigmoid(s_o) - 1) * u_c
    np.add.at(grad, neg, sigmoid(s_neg)[:, None] * u_c)
    return loss, grad


def _tied_pair_in_loops(vectors, c, o, neg):
    terms = [(o, 1.0)] + [(w, -1.0) for w in neg]     # (word, label sign): the real pair and the noise pairs
    loss, grad = 0.0, np.zeros_like(vectors)
    for w, sign in terms:
        score = vectors[w] @ vectors[c]
        loss -= log_sigmoid(sign * score)
        factor = -sign * sigmoid(-sign * score)        # d/ds of −log σ(sign · s)
        grad[c] = grad[c] + factor * vectors[w]
        grad[w] = grad[w] + factor * vectors[c]
    return loss, grad


@pytest.mark.parametrize("correct", [_tied_pair, _tied_pair_in_loops])
def test_a_correct_answer_written_differently_is_accepted(correct, capsys):
    assert_passes(run_quietly(check_tied_pair_gradient, correct), "check_tied_pair_gradient")
    assert "✓" in capsys.readouterr().out.splitlines()[0]


@pytest.mark.parametrize("wrong, phrases", [
    (lambda vectors, c, o, neg: _tied_pair(vectors, c, o, neg, overwrite=True), ["o = c", "2 u_c"]),
    (lambda vectors, c, o, neg: (lambda r: (-r[0], r[1]))(_tied_pair(vectors, c, o, neg)),
     ["loss is wrong", "sign flipped?"]),
    (lambda vectors, c, o, neg: (0.0, _tied_pair(vectors, c, o, neg)[1]), ["yours is 0 everywhere"]),
    (lambda vectors, c, o, neg: _tied_pair(vectors.T, c, o, neg), ["one ROW per word"]),
    (tied_neg_sampling_loss_and_gradient, ["this is w2vlib's own `tied_neg_sampling_loss_and_gradient`"]),
    (lambda vectors, c, o, neg: tied_neg_sampling_loss_and_gradient(vectors, c, o, neg),
     ["your function calls w2vlib's reference `tied_neg_sampling_loss_and_gradient`",
      "write that computation yourself"]),
])
def test_a_wrong_answer_is_rejected_with_a_message_naming_the_mistake(wrong, phrases):
    assert_fails_with(run_quietly(check_tied_pair_gradient, wrong), *phrases)
