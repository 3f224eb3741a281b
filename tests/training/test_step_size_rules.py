"""The four step-size rules: α per step, AdaGrad's per-entry steps, and the keep-or-undo check of the halving rule."""
import numpy as np
import pytest

from w2vlib.training.step_size_rules import check_step_rule, make_step_rule


def test_fixed_and_annealed():
    rule = make_step_rule("fixed", 0.4, 100, anneal_every=10)
    assert [rule.step_size(t) for t in (0, 9, 10, 25)] == [0.4, 0.4, 0.2, 0.1]
    assert make_step_rule("fixed", 0.4, 100).step_size(99) == 0.4


def test_linear_falls_to_the_floor():
    rule = make_step_rule("linear", 0.5, 100)
    assert rule.step_size(0) == 0.5 and np.isclose(rule.step_size(50), 0.25)
    assert np.isclose(rule.step_size(100), 0.5e-4)


def test_adagrad_divides_each_entry_by_the_root_of_its_summed_squared_gradients():
    rule = make_step_rule("adagrad", 0.1, 10)
    param = np.array([1.0, 1.0, 1.0])
    g1, g2 = np.array([2.0, 0.5, 0.0]), np.array([1.0, 0.5, 3.0])
    rule.apply([param], [g1], 0)
    rule.apply([param], [g2], 1)
    expected = np.ones(3)
    expected -= 0.1 * g1 / (np.abs(g1) + 1e-8)
    expected -= 0.1 * g2 / (np.sqrt(g1 ** 2 + g2 ** 2) + 1e-8)
    assert np.allclose(param, expected)
    assert np.isclose(param[0], 1 - 0.1 - 0.1 / np.sqrt(5))  # written out for the first entry


def test_halving_rule_keeps_decreasing_steps_and_undoes_the_others():
    losses = iter([10.0, 9.0, 9.5, 8.0])  # start, check 1 (kept), check 2 (undone), check 3 (kept)
    rule = make_step_rule("halve_unless_decreased", 1.0, 100, check_every=2, held_out_loss=lambda params: next(losses))
    param = np.zeros(2)
    rule.start([param])
    for step in range(1, 7):
        rule.apply([param], [np.array([-1.0, 0.0])], step - 1)   # each step adds α to entry 0
        rule.after_step(step, [param])
        if step == 2:
            assert param[0] == 2.0                                  # two steps of α = 1, kept
        if step == 4:
            assert param[0] == 2.0 and rule.step_size(step) == 0.5  # undone, α halved
    assert param[0] == 3.0                                          # two steps of α = 0.5, kept
    assert [kept for *_, kept in rule.history] == [True, True, False, True]


@pytest.mark.parametrize("args, fragment", [
    (("bold driver", None), "step_rule must be one of"),
    (("fixed", 10), "check_every is only used"),
    (("halve_unless_decreased", 0), "check_every"),
    (("adagrad", None, 100), "anneal_every belongs"),
])
def test_bad_rules_are_named(args, fragment):
    with pytest.raises(ValueError, match=fragment):
        check_step_rule(*args)


def test_the_halving_rule_checks_every_500_steps_by_default():
    assert check_step_rule("halve_unless_decreased", None) == ("halve_unless_decreased", 500)
