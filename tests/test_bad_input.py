"""Bad input found by a hostile probe (issue 10): each gets a clear error naming the argument and what to do.

Every test here asserts three things about the message: the argument (or file) it names, the problem, and a
hint of what to do instead; and, where the input was a user's array or file, that it was left as it was.
"""
import numpy as np
import pytest

from w2vlib import gradcheck


# ----- gradcheck ----------------------------------------------------------------------------------------------
def _square(x):
    return float(np.sum(x ** 2)), 2 * x


def _doubles_its_input(x):
    x *= 2
    return float(np.sum(x ** 2)), 2 * x


def _changes_x_only_when_perturbed(x):
    value = float(np.sum(x ** 2))
    if np.any(x != 1.0):
        x[0] = 0.0
    return value, 2 * x


@pytest.mark.parametrize("f", [_doubles_its_input, _changes_x_only_when_perturbed])
def test_gradcheck_detects_an_f_that_changes_its_input_and_restores_x(f):
    x = np.ones(3)
    with pytest.raises(ValueError) as info:
        gradcheck(f, x)
    message = str(info.value)
    assert "f changed its input x in place" in message and "restored" in message and "copy" in message
    assert np.array_equal(x, np.ones(3))  # restored


def test_gradcheck_restores_x_when_f_raises_half_way():
    x = np.arange(1.0, 5.0)
    calls = []

    def fails_on_the_fifth_call(x):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("boom")
        return _square(x)

    with pytest.raises(RuntimeError):
        gradcheck(fails_on_the_fifth_call, x)
    assert np.array_equal(x, np.arange(1.0, 5.0))


def test_gradcheck_of_an_empty_x_is_an_error_not_a_vacuous_pass():
    with pytest.raises(ValueError) as info:
        gradcheck(_square, np.zeros((0, 3)))
    assert "x is empty" in str(info.value) and "no check could pass or fail" in str(info.value)
    assert "pass the (non-empty) point" in str(info.value)


@pytest.mark.parametrize("f, said", [
    (lambda x: None, "f returned None"),
    (lambda x: float(np.sum(x ** 2)), "f returned only the value"),
    (lambda x: (float(np.sum(x ** 2)), 2 * x, 2 * x), "f returned 3 values"),
    (lambda x: (1.0,), "f returned 1 values"),
    (lambda x: 2 * x, "f returned a ndarray of shape (3,)"),
    (lambda x: (2 * x, 2 * x), "f must return a scalar value first"),
    (lambda x: ("one", 2 * x), "not a number"),
    (lambda x: (1.0, ["a", "b", "c"]), "gradient that is not an array of numbers"),
])
def test_gradcheck_says_what_f_must_return(f, said):
    with pytest.raises(ValueError) as info:
        gradcheck(f, np.ones(3))
    assert said in str(info.value) and "f must return a pair (value, gradient)" in str(info.value)


def test_gradcheck_tells_how_to_check_a_three_value_w2vlib_loss():
    from w2vlib import naive_softmax_loss_and_gradient

    outside_vectors = np.ones((4, 3))
    with pytest.raises(ValueError, match=r"naive_softmax_loss_and_gradient\(v, o, U\)\[:2\]"):
        gradcheck(lambda v: naive_softmax_loss_and_gradient(v, 1, outside_vectors), np.ones(3))


@pytest.mark.parametrize("h", [0, 0.0, -1e-5, float("nan"), float("inf"), "1e-5", None, True])
def test_gradcheck_step_h_must_be_a_positive_finite_number(h):
    with pytest.raises(ValueError) as info:
        gradcheck(_square, np.ones(3), h=h)
    assert str(info.value).startswith("h must be a finite number > 0") and "e.g. 1e-5" in str(info.value)


@pytest.mark.parametrize("x, said", [
    (np.array([1.0, np.nan]), "x contains nan or inf"),
    ([1.0, 2.0], "x must be a float64 NumPy array"),
])
def test_gradcheck_refuses_a_point_it_cannot_perturb(x, said):
    with pytest.raises(ValueError, match=said):
        gradcheck(_square, x)


def test_gradcheck_refuses_a_read_only_x_and_a_non_function():
    x = np.ones(3)
    x.setflags(write=False)
    with pytest.raises(ValueError, match=r"x is read-only.*pass x.copy\(\)"):
        gradcheck(_square, x)
    with pytest.raises(ValueError, match="f must be a function of x"):
        gradcheck(3.0, np.ones(3))
