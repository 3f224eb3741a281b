"""The checkers' shared engine: the stand-in for a failing function is never what a checker judges, a call to the
reference is refused by any route, a function that never returns is stopped, an exception is shown at the student's
own line, and every wrong output of a case is reported."""
import functools
import importlib
import inspect
import os
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import w2vlib
from checker_helpers import (assert_fails_with, assert_passes, in_a_notebook, run_quietly,
                             students_helper_with_an_assert)
from w2vlib import log_sigmoid, naive_softmax_loss_and_gradient, sigmoid
from w2vlib import skipgram as window_loss   # an imported alias of the reference
from w2vlib.course.checkers import (check_grad_in_negative, check_naive_softmax_loss_and_gradient,
                             check_neg_sampling_loss_and_gradient, check_sgd_step, check_sigmoid,
                             check_sigmoid_derivative, check_skipgram, check_slips, check_softmax)
from w2vlib.course import checkers
from w2vlib.course.checkers import running
from w2vlib.course.checkers.engine import STAND_IN_ATTRIBUTE

skipgram_module = importlib.import_module("w2vlib.losses.skipgram")   # the module (w2vlib.skipgram is the function)


# ---------------------------------------------------------------- item 3: the stand-in is never what is judged

WRONG_CELLS = [   # (checker, a cell defining the student's wrong function, its name, arguments to call it with)
    (check_sigmoid_derivative, "def sigmoid_derivative(x):\n    return sigmoid(x) ** 2\n", "sigmoid_derivative",
     (np.array([0.0, 1.0]),)),
    (check_grad_in_negative,
     "def grad_in_negative(center_vec, u_k):\n    return (1 - sigmoid(u_k @ center_vec)) * center_vec\n",
     "grad_in_negative", (np.array([1.0, 2.0]), np.array([0.5, -0.5]))),
    (check_sgd_step, "def sgd_step(params, grad, step_size):\n    return params + step_size * grad\n", "sgd_step",
     (np.ones(3), np.arange(3.0), 0.5)),
]


@pytest.mark.parametrize("checker, cell, name, args", WRONG_CELLS, ids=lambda x: getattr(x, "__name__", None))
def test_running_only_the_checker_cell_again_judges_the_students_function_not_the_reference(checker, cell, name,
                                                                                             args, capsys):
    namespace = in_a_notebook(cell + f"first = check({name})\n", check=checker, sigmoid=sigmoid, np=np)
    first, stand_in = namespace["first"], namespace[name]
    assert not first.passed and "the cells below use a reference version" in first.message
    assert getattr(stand_in, STAND_IN_ATTRIBUTE).__name__ == name      # later cells get the stand-in ...
    exec(f"second = check({name})\nthird = check({name})", namespace)   # the student runs the checker cell again
    for again in (namespace["second"], namespace["third"]):
        assert not again.passed, again.message
        assert "largest error 0" not in again.message
        assert again.message.split("\n")[:3] == first.message.split("\n")[:3]   # the same verdict, same function
        assert f"this checked your own `{name}`" in again.message


def test_the_stand_in_runs_the_reference_so_later_cells_work():
    namespace = in_a_notebook("def sgd_step(params, grad, step_size):\n    raise NotImplementedError('Exercise 1')\n"
                              "check(sgd_step)\nafter = sgd_step(np.ones(2), np.array([1.0, 2.0]), 0.5)\n",
                              check=check_sgd_step, np=np)
    assert np.array_equal(namespace["after"], [0.5, 0.0])


def test_a_fixed_function_passes_and_a_stand_in_whose_function_now_passes_gives_the_name_back():
    namespace = in_a_notebook(
        "def scale(step_size):\n    return 2 * step_size\n"
        "def sgd_step(params, grad, step_size):\n    return params - scale(step_size) * grad\n"
        "first = check(sgd_step)\n", check=check_sgd_step)
    original = getattr(namespace["sgd_step"], STAND_IN_ATTRIBUTE)
    exec("def scale(step_size):\n    return step_size\nsecond = check(sgd_step)\n", namespace)  # only a helper fixed
    assert not namespace["first"].passed
    assert namespace["second"].passed, namespace["second"].message
    assert "names your own function again" in namespace["second"].message
    assert namespace["sgd_step"] is original


def test_outside_a_notebook_nothing_is_rebound():
    def my_stub(center_vec, outside_idx, outside_vectors):
        raise NotImplementedError("Exercise 1")
    result = run_quietly(check_naive_softmax_loss_and_gradient, my_stub)
    assert_fails_with(result, "not done yet", "NotImplementedError", "Exercise 1")
    assert "reference version" not in result.message


# ---------------------------------------------------------------- item 4: the reference refused by any route

def via_module_attribute(*args):
    return w2vlib.skipgram(*args)


def via_submodule_attribute(*args):
    return skipgram_module.skipgram(*args)


def via_an_imported_alias(*args):
    return window_loss(*args)


def via_a_default_argument(*args, _ref=w2vlib.skipgram):
    return _ref(*args)


def via_partial_inside(center_word, *rest):
    return functools.partial(w2vlib.skipgram, center_word)(*rest)


HELPERS_LIST = [w2vlib.skipgram]
HELPERS_DICT = {"window loss": w2vlib.skipgram}


def via_a_list(*args):
    return HELPERS_LIST[0](*args)


def via_a_dict(*args):
    return HELPERS_DICT["window loss"](*args)


def _closure():
    reference = w2vlib.skipgram

    def via_a_closure(*args):
        return reference(*args)
    return via_a_closure


def via_getattr_of_a_built_name(*args):
    return getattr(w2vlib, "skip" + "gram")(*args)


via_a_lambda = lambda *args: w2vlib.skipgram(*args)   # noqa: E731


@pytest.mark.parametrize("route", [via_a_lambda, via_module_attribute, via_submodule_attribute, via_an_imported_alias,
                                   via_a_default_argument, functools.partial(w2vlib.skipgram), via_partial_inside,
                                   via_a_list, via_a_dict, _closure(), via_getattr_of_a_built_name],
                         ids=lambda f: getattr(f, "__name__", "functools.partial"))
def test_a_call_of_the_reference_is_refused_by_any_route(route):
    result = run_quietly(check_skipgram, route)
    assert_fails_with(result, "your function calls w2vlib's reference `skipgram`",
                      "this exercise asks you to write that computation yourself")
    assert "w2vlib's own" not in result.message and "is w2vlib" not in result.message


def test_the_reference_itself_is_named_as_such():
    assert_fails_with(run_quietly(check_skipgram, w2vlib.skipgram), "this is w2vlib's own `skipgram`")


def test_a_refusal_names_the_w2vlib_function_through_which_the_reference_ran():
    def softmax_through_the_pair_loss(logits):
        logits = np.asarray(logits, dtype=float)
        grad_rows = naive_softmax_loss_and_gradient(np.ones(1), 0, logits[:, None])[2][:, 0]   # ŷ − y
        return grad_rows + (np.arange(len(logits)) == 0)
    assert_fails_with(run_quietly(check_softmax, softmax_through_the_pair_loss),
                      "w2vlib's `naive_softmax_loss_and_gradient`, which runs w2vlib's reference `log_softmax`")


def test_calling_the_stand_in_of_the_same_exercise_is_refused_and_explained():
    namespace = in_a_notebook(
        "def my_loss(center_vec, outside_idx, outside_vectors):\n    raise NotImplementedError('Exercise 1')\n"
        "check(my_loss)\n"
        "def my_second_try(center_vec, outside_idx, outside_vectors):\n"
        "    return my_loss(center_vec, outside_idx, outside_vectors)\n"
        "result = check(my_second_try)\n", check=check_naive_softmax_loss_and_gradient)
    assert_fails_with(namespace["result"], "your function calls `my_loss`, which is not your code at the moment",
                      "Run the cell that defines `my_loss` again")


def test_helpers_that_are_not_this_exercises_reference_are_fine():
    def neg_sampling_with_helpers(center_vec, outside_idx, outside_vectors, neg_indices):
        u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
        loss = -w2vlib.log_sigmoid(u_o @ center_vec) - np.sum(log_sigmoid(-u_neg @ center_vec))
        grad_outside_vectors = np.zeros_like(outside_vectors)
        grad_outside_vectors[outside_idx] += (w2vlib.sigmoid(u_o @ center_vec) - 1) * center_vec
        np.add.at(grad_outside_vectors, neg_indices, sigmoid(u_neg @ center_vec)[:, None] * center_vec)
        grad_center_vec = (sigmoid(u_o @ center_vec) - 1) * u_o + sigmoid(u_neg @ center_vec) @ u_neg
        return loss, grad_center_vec, grad_outside_vectors
    assert_passes(run_quietly(check_neg_sampling_loss_and_gradient, neg_sampling_with_helpers),
                  "check_neg_sampling_loss_and_gradient")
    assert_passes(run_quietly(check_sigmoid_derivative, lambda x: w2vlib.sigmoid(x) * w2vlib.sigmoid(-x)),
                  "check_sigmoid_derivative")


def test_refusal_leaves_the_library_untouched():
    run_quietly(check_skipgram, via_module_attribute)
    assert w2vlib.skipgram is skipgram_module.skipgram is window_loss
    assert sys.getprofile() is None


# ---------------------------------------------------------------- a function that never returns

@pytest.fixture
def short_time_limit(monkeypatch):
    monkeypatch.setattr(running, "TIME_LIMIT_S", 0.3)
    monkeypatch.setattr(running, "STOP_WAIT_S", 0.2)


def _checker_threads():
    return [t for t in threading.enumerate() if t.name.startswith("w2vlib checker")]


def test_a_function_that_never_returns_is_stopped_with_a_message(short_time_limit):
    def forever(x):
        while True:
            x = x + 1
    started = time.perf_counter()
    result = run_quietly(check_sigmoid, forever)
    assert time.perf_counter() - started < 2.0
    assert_fails_with(result, "your function did not return within 0.3 s on case 1 of 5", "an infinite loop?")
    assert "still runs" not in result.message
    assert _checker_threads() == []     # the loop was stopped, not left running


def _never_returns(*args):
    while True:
        try:
            pass
        except Exception:          # a student's blanket except must not swallow the checker's interruption
            pass


@pytest.mark.parametrize("checker", [check for check in vars(checkers).values()
                                     if callable(check) and getattr(check, "__name__", "").startswith("check_")])
def test_every_checker_stops_a_function_that_never_returns(checker, monkeypatch):
    monkeypatch.setattr(running, "TIME_LIMIT_S", 0.1)
    result = checker(_never_returns)
    assert_fails_with(result, "did not return within 0.1 s", "an infinite loop?")
    assert _checker_threads() == []


def test_a_function_that_cannot_be_stopped_is_reported_as_still_running(short_time_limit):
    result = run_quietly(check_sgd_step, lambda params, grad, step_size: time.sleep(1.0))
    assert_fails_with(result, "did not return within 0.3 s", "still runs in the background")


def test_the_slips_checker_has_the_time_limit_too(short_time_limit):
    def forever():
        while True:
            pass
    assert_fails_with(check_slips(forever), "did not return within 0.3 s")


# ---------------------------------------------------------------- an exception shown at the student's own line

def raises_in_a_helper(params, grad, step_size):
    return students_helper_with_an_assert(params, grad.T) - step_size * grad


def test_an_exception_is_shown_with_the_students_file_line_and_source():
    # The assert is in a module pytest does not rewrite, so it fails as it would in a notebook: without a message.
    result = run_quietly(check_sgd_step, raises_in_a_helper)
    line = inspect.getsourcelines(students_helper_with_an_assert)[1] + 2
    path = os.path.relpath(inspect.getsourcefile(students_helper_with_an_assert))
    assert_fails_with(result, "your function raised AssertionError: an assert statement failed",
                      f"at {path}, line {line}, in students_helper_with_an_assert: assert params.shape == other.shape")
    assert "Traceback" not in result.message


def test_in_a_notebook_the_exception_names_the_cell_it_came_from():
    script = textwrap.dedent("""
        from IPython.core.interactiveshell import InteractiveShell
        from w2vlib.course.checkers import check_naive_softmax_loss_and_gradient
        shell = InteractiveShell.instance()
        shell.run_cell("import numpy as np", store_history=True)
        shell.run_cell("def my_loss(center_vec, outside_idx, outside_vectors):\\n"
                       "    scores = center_vec @ outside_vectors\\n"
                       "    return scores", store_history=True)
        check_naive_softmax_loss_and_gradient(shell.user_ns["my_loss"])
    """)
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120).stdout
    assert "at cell In[2], line 2, in my_loss: scores = center_vec @ outside_vectors" in printed, printed
    assert "one ROW per word" in printed   # and the hint for U used as (d, n_words)


# ---------------------------------------------------------------- every wrong output of a case

def test_every_wrong_output_of_the_failing_case_is_reported():
    def one_minus_sigma_everywhere(center_vec, outside_idx, outside_vectors, neg_indices):
        u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
        noise = 1 - sigmoid(u_neg @ center_vec)                       # the slip, in the loss too
        loss = -log_sigmoid(u_o @ center_vec) - np.sum(np.log(noise + 1.0))
        grad_outside_vectors = np.zeros_like(outside_vectors)
        grad_outside_vectors[outside_idx] += (sigmoid(u_o @ center_vec) - 1) * center_vec
        np.add.at(grad_outside_vectors, neg_indices, noise[:, None] * center_vec)
        return loss, (sigmoid(u_o @ center_vec) - 1) * u_o + noise @ u_neg, grad_outside_vectors
    result = run_quietly(check_neg_sampling_loss_and_gradient, one_minus_sigma_everywhere)
    assert_fails_with(result, "loss is wrong", "grad_center_vec is wrong", "grad_outside_vectors is wrong",
                      "1 − σ(u_k^T v_c)")
    assert result.message.count("1 − σ(u_k^T v_c)") == 1   # the same hint for two outputs is said once


def test_an_argument_changed_in_place_is_reported_with_the_wrong_outputs():
    def modifies(center_vec, outside_idx, outside_vectors):
        outside_vectors *= 2.0
        return 0.0, center_vec, outside_vectors
    assert_fails_with(run_quietly(check_naive_softmax_loss_and_gradient, modifies), "loss is wrong",
                      "changed its argument `outside_vectors` in place")


def test_a_result_instead_of_a_function_is_explained():
    assert_fails_with(run_quietly(check_sgd_step, np.ones(3)), "expected a function, got ndarray",
                      "no parentheses after its name")


def test_checkers_are_deterministic_and_print_their_verdict(capsys):
    wrong = lambda params, grad, step_size: params + step_size * grad   # noqa: E731
    first, second = check_sgd_step(wrong), check_sgd_step(wrong)
    assert first.message == second.message
    assert capsys.readouterr().out == first.message + "\n" + second.message + "\n"
    assert first._ipython_display_() is None and str(first) == first.message
