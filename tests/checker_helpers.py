"""Helpers for the checker tests: run a checker strictly, assert what its message says, run code as a notebook cell."""
import warnings

from w2vlib.checkers import CheckResult


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
