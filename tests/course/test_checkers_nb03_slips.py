"""Notebook 03's "spot the error" checker: the four slips of the published solution, each with a reason; a guessed
set of labels cannot pass, and the feedback does not tell which guessed label is a slip."""
import itertools

import numpy as np
import pytest

from checker_helpers import assert_fails_with
from w2vlib import gradcheck, log_sigmoid, neg_sampling_loss_and_gradient, sigmoid
from w2vlib.course.checkers import PUBLISHED_LABELS, check_slips

ANSWER = {"d2": "that is σ(x) itself, not its derivative",
          "d4": "sign: 1 + e^{-x} - 1 is e^{-x}, not -1",
          "e-loss": "the negatives' sum uses u_o where u_{w_k} belongs",
          "e-u_k": "1 - σ(s_k) instead of σ(s_k): the chain rule through -s_k was dropped"}


def test_the_published_slips_are_the_lines_finite_differences_reject():
    # The published lines as the source states them (notebook 03, section 10), judged here by gradcheck.
    e = lambda x: np.exp(-x)   # noqa: E731
    part_d = {"d1": lambda x: e(x) / (1 + e(x)) ** 2, "d2": lambda x: 1 / (1 + e(x)),
              "d3": lambda x: (1 + e(x) - 1) / (1 + e(x)) / (1 + e(x)), "d4": lambda x: -1 / (1 + e(x)) / (1 + e(x)),
              "d5": lambda x: (1 - sigmoid(x)) * sigmoid(x)}
    x = np.linspace(-3, 3, 7)
    wrong = {label for label, line in part_d.items()
             if gradcheck(lambda z: (np.sum(sigmoid(z)), line(z)), x.copy()).max_rel_error > 1e-6}
    rng = np.random.default_rng(0)
    v, U, o, neg = rng.normal(size=3), rng.normal(size=(6, 3)), 1, np.array([2, 4, 5])
    s_o = U[o] @ v
    if abs(-log_sigmoid(s_o) - len(neg) * log_sigmoid(-s_o) - neg_sampling_loss_and_gradient(v, o, U, neg)[0]) > 1e-6:
        wrong.add("e-loss")
    published_u_k = (1 - sigmoid(U[neg] @ v))[:, None] * v
    if not np.allclose(published_u_k, neg_sampling_loss_and_gradient(v, o, U, neg)[2][neg]):
        wrong.add("e-u_k")
    assert wrong == {"d2", "d4", "e-loss", "e-u_k"}
    assert set(PUBLISHED_LABELS) == {*part_d, "e-loss", "e-v_c", "e-u_o", "e-u_k"}


@pytest.mark.parametrize("answer", [
    ANSWER,
    {"d2": "it equals the sigmoid, the derivative was never taken", "d4": "the numerator should be e^{-x}",
     "e-loss": "wrong vector: u_o in the noise terms", "e-u_k": "it should be σ(u_k^T v_c), label 0 not 1"},
    {"d2": "just σ", "d4": "wrong sign", "e-loss": "index o instead of w_k", "e-u_k": "1 − σ"},
])
def test_the_four_slips_with_a_reason_each_pass(answer, capsys):
    result = check_slips(answer)
    assert result.passed, result.message
    assert result.message == "✓ check_slips passed: you found all 4 slips, and said what is wrong in each."
    assert check_slips(lambda: answer).passed


def test_a_set_of_labels_alone_is_refused_even_when_it_is_right():
    assert_fails_with(check_slips({"d2", "d4", "e-loss", "e-u_k"}), "give each slip with a short reason",
                      "could be found by guessing")


def test_the_feedback_does_not_tell_which_guessed_label_is_a_slip():
    # With reasons that say nothing, every set of labels gets a message that depends on its size only.
    messages = {}
    for size in range(1, len(PUBLISHED_LABELS) + 1):
        for labels in itertools.combinations(PUBLISHED_LABELS, size):
            result = check_slips({label: "this line is wrong" for label in labels})
            assert not result.passed
            messages.setdefault(size, set()).add(result.message)
    assert all(len(texts) == 1 for texts in messages.values())


def test_a_reason_that_names_every_slip_at_once_is_not_accepted():
    kitchen_sink = "σ itself, a sign, u_o instead of u_k, 1 − σ"
    result = check_slips({label: kitchen_sink for label in ANSWER})
    assert_fails_with(result, "0 of your 4 entries are accepted")


def test_the_published_part_d_line_diag_sigma_is_a_slip():
    without_it = {label: reason for label, reason in ANSWER.items() if label != "d2"}
    assert_fails_with(check_slips(without_it), "3 of your 3 entries are accepted", "4 slips; 1 still to find",
                      "in part (d)")


@pytest.mark.parametrize("slips, phrases", [
    ({}, ["you flagged no line", "4 slips"]),
    ({**ANSWER, "d1": "the exponent"}, ["4 of your 5 entries are accepted", "1 is not"]),
    ("d2, e-loss", ["slips must be a dict of label -> reason", "got str"]),
    ({"d2": "σ itself", "line 5": "?"}, ["unknown label(s) ['line 5']", "the labels are d1, d2"]),
    ({"d2": 2}, ["the reason for 'd2' must be a short text"]),
    ({"d2": "σ " * 100}, ["the reason for 'd2' must be a short text", "160 characters"]),
])
def test_wrong_answers_are_explained(slips, phrases):
    result = check_slips(slips)
    assert_fails_with(result, *phrases)
    for label in ("d4", "e-loss", "e-u_k"):
        assert label not in result.message.split("the labels are")[0]


def test_a_function_not_done_yet_or_failing_is_reported():
    def stub():
        raise NotImplementedError("Exercise 5: find_slips")
    assert_fails_with(check_slips(stub), "not done yet", "Exercise 5: find_slips")
    assert_fails_with(check_slips(lambda: {"d2": undefined_name}), "raised NameError")   # noqa: F821
