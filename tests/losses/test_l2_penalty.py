"""The L2 term n D u^T u: its value, its gradient 2 n D u against finite differences, and bad weights."""
import numpy as np
import pytest

from w2vlib import gradcheck
from w2vlib.losses.l2_penalty import l2_penalty_and_gradient


def test_value_and_gradient():
    vectors = np.random.default_rng(1).normal(size=(5, 3))
    penalty, grad = l2_penalty_and_gradient(vectors, 2, 4, 0.3)
    assert np.isclose(penalty, 4 * 0.3 * sum(x * x for x in vectors[2]))
    assert np.flatnonzero(np.any(grad != 0, axis=1)).tolist() == [2]
    result = gradcheck(lambda W: l2_penalty_and_gradient(W, 2, 4, 0.3), vectors.copy())
    assert result.max_rel_error < 1e-8, str(result)


def test_zero_weight_adds_nothing():
    penalty, grad = l2_penalty_and_gradient(np.ones((3, 2)), 0, 3, 0.0)
    assert penalty == 0 and not grad.any()


@pytest.mark.parametrize("weight", [-0.1, float("nan"), "0.1", True])
def test_bad_weights_name_the_argument(weight):
    with pytest.raises(ValueError, match=r"l2_weight \(D\)"):
        l2_penalty_and_gradient(np.ones((3, 2)), 0, 1, weight)
