"""Notebook 09's checkers: they pass written-out solutions, name the known mistakes, show the student's own line,
refuse the reference by any route, and never pass wrong code."""
import numpy as np
import pytest

import w2vlib.losses.cbow as cbow_module
from w2vlib import log_sigmoid, naive_softmax_loss_and_gradient, sigmoid
from w2vlib.course.checkers_nb09 import check_cbow_loss_and_gradient, check_hs_path_loss_and_gradient
from w2vlib.losses.hierarchical_softmax import hs_path_loss_and_gradient


def said(capsys) -> str:
    """What the checker printed, its wrapped lines joined (printed lines wrap at 100 characters)."""
    return " ".join(capsys.readouterr().out.split())


def cbow_solution(context_indices, center_idx, center_vectors, outside_vectors, share=None, add=True):
    v_hat = center_vectors[context_indices].mean(axis=0)
    loss, grad_v_hat, grad_outside = naive_softmax_loss_and_gradient(v_hat, center_idx, outside_vectors)
    grad_center = np.zeros_like(center_vectors)
    part = grad_v_hat / len(context_indices) if share is None else share * grad_v_hat
    if add:
        np.add.at(grad_center, context_indices, part)
    else:
        grad_center[context_indices] = part
    return loss, grad_center, grad_outside


def hs_solution(center_vec, path_vectors, signs, coefficient=None):
    scores = path_vectors @ center_vec
    coefs = (sigmoid(signs * scores) - 1) * signs if coefficient is None else coefficient(scores, signs)
    return -np.sum(log_sigmoid(signs * scores)), coefs @ path_vectors, coefs[:, None] * center_vec


def test_written_out_solutions_pass(capsys):
    assert check_cbow_loss_and_gradient(cbow_solution).passed
    assert check_hs_path_loss_and_gradient(hs_solution).passed
    out = said(capsys)
    assert "✓ check_cbow_loss_and_gradient passed: 6 cases" in out and "a context word twice" in out
    assert "✓ check_hs_path_loss_and_gradient passed" in out and "a path of length 1" in out


@pytest.mark.parametrize("wrong, hint", [
    (lambda c, i, V, U: cbow_solution(c, i, V, U, share=1.0), "1/n factor is missing"),
    (lambda c, i, V, U: cbow_solution(c, i, V, U, add=False), "np.add.at"),
    (lambda c, i, V, U: tuple(-x for x in cbow_solution(c, i, V, U)), "sign is flipped"),
])
def test_cbow_mistakes_are_named(wrong, hint, capsys):
    assert not check_cbow_loss_and_gradient(wrong).passed
    out = said(capsys)
    assert hint in out and "✗" in out


def one_row_only(c, i, V, U):
    loss, grad_center, grad_outside = cbow_solution(c, i, V, U)
    kept = np.zeros_like(grad_center)
    kept[c[0]] = naive_softmax_loss_and_gradient(V[c].mean(axis=0), i, U)[1] / len(c)
    return loss, kept, grad_outside


def summed_context(c, i, V, U):
    loss, grad_v, grad_outside = naive_softmax_loss_and_gradient(V[c].sum(axis=0), i, U)
    grad_center = np.zeros_like(V)
    np.add.at(grad_center, c, grad_v)
    return loss, grad_center, grad_outside


@pytest.mark.parametrize("wrong, hint", [(one_row_only, "only one context vector"), (summed_context, "sum")])
def test_more_cbow_mistakes_are_named(wrong, hint, capsys):
    assert not check_cbow_loss_and_gradient(wrong).passed
    assert hint in said(capsys)


@pytest.mark.parametrize("wrong, hint", [
    (lambda v, p, t: hs_solution(v, p, -t), "signs look flipped"),
    (lambda v, p, t: hs_solution(v, p, t, lambda s, t: sigmoid(t * s) - 1), "lacks the sign"),
    (lambda v, p, t: hs_solution(v, p, t, lambda s, t: sigmoid(s) - t), "(1 + t_j)/2"),
    (lambda v, p, t: hs_solution(v, p, t, lambda s, t: sigmoid(s) - 1), "first child"),
    (lambda v, p, t: (np.sum(-np.log(sigmoid(t * (p @ v)))), *hs_solution(v, p, t)[1:]), "log_sigmoid"),
])
def test_hs_mistakes_are_named(wrong, hint, capsys):
    assert not check_hs_path_loss_and_gradient(wrong).passed
    assert hint in said(capsys)


def test_an_exception_shows_the_students_own_line(capsys):
    def broken(center_vec, path_vectors, signs):
        scores = path_vectors @ center_vec
        return scores.reshape(3, -1)          # the line that raises

    assert not check_hs_path_loss_and_gradient(broken).passed
    out = said(capsys)
    assert "raised ValueError" in out and "return scores.reshape(3, -1)" in out and "your line" in out


def test_not_done_yet_and_other_slips(capsys):
    def unsolved(*args):
        raise NotImplementedError("Exercise 2")

    assert not check_hs_path_loss_and_gradient(unsolved).passed
    assert "not done yet" in said(capsys)
    assert not check_hs_path_loss_and_gradient(lambda v, p, t: None).passed
    assert "return" in said(capsys)

    def changes_its_input(c, i, V, U):
        V *= 1.0 + 1e-3
        return cbow_solution(c, i, V, U)

    assert not check_cbow_loss_and_gradient(changes_its_input).passed
    assert "in place" in said(capsys)


alias = hs_path_loss_and_gradient


@pytest.mark.parametrize("route", [
    lambda v, p, t: hs_path_loss_and_gradient(v, p, t),
    lambda v, p, t: alias(v, p, t),
    lambda v, p, t: getattr(__import__("w2vlib.losses.hierarchical_softmax", fromlist=["x"]),
                            "hs_" + "path_loss_and_gradient")(v, p, t),
    hs_path_loss_and_gradient,
])
def test_the_hs_reference_is_refused_by_any_route(route, capsys):
    assert not check_hs_path_loss_and_gradient(route).passed
    out = said(capsys)
    assert "does not accept it" in out and "passed" not in out


@pytest.mark.parametrize("route", [
    lambda c, i, V, U: cbow_module.cbow_loss_and_gradient(c, i, V, U, naive_softmax_loss_and_gradient),
    lambda c, i, V, U: (lambda f: f(c, i, V, U, naive_softmax_loss_and_gradient))(vars(cbow_module)["cbow_loss_and_gradient"]),
    lambda c, i, V, U: cbow_solution(c, i, V, U) if cbow_module.context_vector(V, c) is not None else None,
])
def test_the_cbow_reference_is_refused_by_any_route(route, capsys):
    assert not check_cbow_loss_and_gradient(route).passed
    assert "does not accept it" in said(capsys)


@pytest.mark.parametrize("noise", [1e-4, -1e-3, 1e-2])
def test_wrong_answers_never_pass(noise, capsys):
    def slightly_off(c, i, V, U):
        loss, grad_center, grad_outside = cbow_solution(c, i, V, U)
        return loss, grad_center + noise * (grad_center != 0), grad_outside

    assert not check_cbow_loss_and_gradient(slightly_off).passed
    assert not check_hs_path_loss_and_gradient(lambda v, p, t: (hs_solution(v, p, t)[0] + noise,
                                                                *hs_solution(v, p, t)[1:])).passed
    assert "passed" not in said(capsys)


def test_printed_lines_fit_a_projector(capsys):
    check_cbow_loss_and_gradient(cbow_solution)
    check_cbow_loss_and_gradient(lambda c, i, V, U: cbow_solution(c, i, V, U, add=False))
    check_hs_path_loss_and_gradient(hs_path_loss_and_gradient)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 6 and max(len(line) for line in lines) <= 100


def test_in_a_notebook_a_failed_function_is_replaced_by_a_stand_in_that_is_judged_as_the_students(capsys):
    notebook = {"__name__": "__main__", "np": np, "check": check_hs_path_loss_and_gradient, "hs_solution": hs_solution}
    exec("def mine(v, p, t):\n    return hs_solution(v, p, -t)\n\nfirst = check(mine)", notebook)
    assert not notebook["first"].passed and notebook["mine"].student_function.__code__.co_name == "mine"
    v, p, t = np.ones(3), np.ones((2, 3)), np.array([1.0, -1.0])
    assert np.allclose(notebook["mine"](v, p, t)[1], hs_path_loss_and_gradient(v, p, t)[1])   # the cells below run
    exec("again = check(mine)", notebook)                         # the checker cell run again, alone
    assert not notebook["again"].passed
    out = said(capsys)
    assert "signs look flipped" in out and "does not accept" not in out and "passed" not in out
