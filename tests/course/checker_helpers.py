"""Helpers for the checker tests: run a checker strictly, assert what its message says, run code as a notebook cell,
and the two tests every table of written-out wrong answers gets."""
import warnings
from collections import Counter

import pytest

from w2vlib.course.checkers import CheckResult


def run_quietly(checker, fn):
    """Run a checker with every warning turned into an error: no warning may escape a checker."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return checker(fn)


def assert_fails_with(result, *phrases):
    assert isinstance(result, CheckResult)
    assert not result.passed, result.message
    assert result.message.startswith("✗")
    for phrase in phrases:
        assert phrase in result.message, f"{phrase!r} not in:\n{result.message}"


def assert_passes(result, checker_name):
    assert isinstance(result, CheckResult)
    assert result.passed, result.message
    assert result.message.startswith(f"✓ {checker_name} passed: ")
    assert "random cases, largest error" in result.message


def in_a_notebook(source: str, **names) -> dict:
    """Run ``source`` the way a notebook runs a cell: in a namespace named __main__ (where a checker's stand-in
    goes); ``names`` are put in the namespace first. Returns the namespace."""
    namespace = {"__name__": "__main__", **names}
    exec(compile(source, "<notebook cell>", "exec"), namespace)
    return namespace


def students_helper_with_an_assert(params, other):
    """A student's helper with a bare assert (here, outside the test modules, pytest does not rewrite it)."""
    assert params.shape == other.shape
    return params


def wrong_answer_tests(table):
    """For a table of (checker, a wrong answer written out as a student would, phrases its message must contain):
    a test that each is rejected with those phrases, and one that each checker has at least five."""
    @pytest.mark.parametrize("checker, wrong, phrases", table,
                             ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(table)])
    def test_a_wrong_answer_is_rejected_with_a_message_naming_the_mistake(checker, wrong, phrases):
        assert_fails_with(run_quietly(checker, wrong), *phrases)

    def test_each_checker_names_at_least_five_wrong_answers():
        assert min(Counter(checker.__name__ for checker, _, _ in table).values()) >= 5
    return test_a_wrong_answer_is_rejected_with_a_message_naming_the_mistake, \
        test_each_checker_names_at_least_five_wrong_answers
