"""Huge logits stay finite and silent; bad input gets a sentence about the argument, not a NumPy traceback."""
import numpy as np
import pytest

from w2vlib import NegativeSampler, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, skipgram


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_logits_of_plus_minus_1000_give_finite_losses_and_gradients(sign, no_warnings):
    center_vec = np.array([sign * 1000.0, 0.0])
    outside_vectors = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]])
    for outside_idx in range(3):
        results = [naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors),
                   neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, np.array([0, 1, 1, 2]))]
        for loss, grad_center, grad_outside in results:
            assert np.isfinite(loss)
            assert np.all(np.isfinite(grad_center)) and np.all(np.isfinite(grad_outside))
    # the word the center points away from has probability exp(-2000): its loss is exactly 2000, not inf
    assert naive_softmax_loss_and_gradient(center_vec, 1 if sign > 0 else 0, outside_vectors)[0] == pytest.approx(2000.0)


V2 = np.ones(2)
U3 = np.ones((3, 2))
W2I = {"banking": 0, "crises": 1, "turning": 2}

BAD_CALLS = [
    ("center_vec", "shape", lambda: naive_softmax_loss_and_gradient(np.ones(3), 0, U3)),
    ("center_vec", "1-D", lambda: naive_softmax_loss_and_gradient(U3, 0, U3)),
    ("outside_vectors", "2-D", lambda: naive_softmax_loss_and_gradient(V2, 0, np.ones(2))),
    ("outside_idx", "out of range", lambda: naive_softmax_loss_and_gradient(V2, 3, U3)),
    ("outside_idx", "out of range", lambda: naive_softmax_loss_and_gradient(V2, -1, U3)),
    ("outside_idx", "integer", lambda: naive_softmax_loss_and_gradient(V2, 1.0, U3)),
    ("center_vec", "non-finite", lambda: naive_softmax_loss_and_gradient(np.array([np.nan, 0]), 0, U3)),
    ("outside_vectors", "non-finite", lambda: naive_softmax_loss_and_gradient(V2, 0, np.full((3, 2), np.inf))),
    ("neg_indices", "K >= 1", lambda: neg_sampling_loss_and_gradient(V2, 0, U3, np.array([], dtype=int))),
    ("neg_indices", "out of range", lambda: neg_sampling_loss_and_gradient(V2, 0, U3, np.array([0, 7]))),
    ("neg_indices", "integer", lambda: neg_sampling_loss_and_gradient(V2, 0, U3, np.array([0.5]))),
    ("u_o", "non-finite", lambda: neg_sampling_loss_and_gradient(V2, 0, np.array([[np.nan, 0], [1, 1], [1, 1]]), [1])),
    ("window_words", "empty", lambda: skipgram("banking", [], W2I, U3, U3, naive_softmax_loss_and_gradient)),
    ("window_words", "list", lambda: skipgram("banking", "crises", W2I, U3, U3, naive_softmax_loss_and_gradient)),
    ("center_vectors", "shape", lambda: skipgram("banking", ["crises"], W2I, np.ones((3, 4)), U3, naive_softmax_loss_and_gradient)),
    ("n_negatives", ">= 1", lambda: __import__("w2vlib").make_neg_sampling_loss(NegativeSampler([1, 1]), 0)),
    ("counts", "non-negative", lambda: NegativeSampler([1, -1])),
    ("counts", "all zero", lambda: NegativeSampler([0, 0])),
    ("power", ">= 0", lambda: NegativeSampler([1, 1], power=-1)),
    ("size", ">= 1", lambda: NegativeSampler([1, 1]).sample(0)),
]


@pytest.mark.parametrize("argument, problem, call", BAD_CALLS, ids=[f"{a}:{p}" for a, p, _ in BAD_CALLS])
def test_bad_input_names_the_argument_and_the_problem(argument, problem, call):
    with pytest.raises(ValueError) as info:
        call()
    assert argument in str(info.value) and problem in str(info.value)


def test_unknown_word_is_a_key_error_with_close_matches():
    with pytest.raises(KeyError) as info:
        skipgram("bankng", ["crises"], W2I, U3, U3, naive_softmax_loss_and_gradient)
    assert "center_word" in str(info.value) and "banking" in str(info.value)
    with pytest.raises(KeyError) as info:
        skipgram("banking", ["crisis"], W2I, U3, U3, naive_softmax_loss_and_gradient)
    assert "crises" in str(info.value)
