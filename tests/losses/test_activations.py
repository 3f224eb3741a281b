import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from w2vlib import log_sigmoid, log_softmax, sigmoid, softmax

moderate = st.floats(-30, 30, allow_nan=False)


@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 9)), elements=moderate))
def test_softmax_rows_match_the_definition(logits):
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert np.allclose(softmax(logits), expected, rtol=1e-12, atol=1e-15)
    assert np.allclose(softmax(logits).sum(axis=1), 1.0)


@given(arrays(np.float64, st.integers(1, 9), elements=moderate), st.floats(-1e3, 1e3))
def test_softmax_is_unchanged_by_adding_a_constant(logits, shift):
    assert np.allclose(softmax(logits + shift), softmax(logits), atol=1e-12)


@pytest.mark.parametrize("scale", [1e3, 1e4])
def test_softmax_and_log_softmax_are_stable_for_huge_logits(scale, no_warnings):
    logits = np.array([[scale, -scale, 0.0], [-scale, -scale, -scale]])
    probs = softmax(logits)
    assert np.all(np.isfinite(probs))
    assert probs[0, 0] == 1.0 and np.allclose(probs[1], 1 / 3)
    log_probs = log_softmax(logits)
    assert np.all(np.isfinite(log_probs))
    assert log_probs[0, 1] == pytest.approx(-2 * scale)  # exact in log space, although softmax gives 0.0


def test_softmax_accepts_integers():
    assert np.allclose(softmax(np.array([0, 0])), [0.5, 0.5])


@given(arrays(np.float64, st.integers(1, 20), elements=moderate))
def test_sigmoid_matches_definition_and_symmetry(x):
    assert np.allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-12)
    assert np.allclose(sigmoid(-x), 1 - sigmoid(x), atol=1e-15)
    assert np.allclose(log_sigmoid(x), np.log(1 / (1 + np.exp(-x))), rtol=1e-10)


def test_sigmoid_and_log_sigmoid_are_stable_at_plus_minus_1e4(no_warnings):
    x = np.array([-1e4, -1000.0, 0.0, 1000.0, 1e4])
    assert np.array_equal(sigmoid(x), [0.0, 0.0, 0.5, 1.0, 1.0])
    assert np.allclose(log_sigmoid(x), [-1e4, -1000.0, -np.log(2), 0.0, 0.0])
    assert isinstance(sigmoid(0.0), float)
