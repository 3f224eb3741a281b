"""How the handout trainer chooses the step size α at each step: four rules.

    "fixed"                   α_t = α, halved every ``anneal_every`` steps if that is given (CS224N's sgd.py).
    "linear"                  α_t = α (1 − t / n_steps), never below α · 10⁻⁴ (word2vec's schedule).
    "adagrad"                 per entry i of the parameters, G_i ← G_i + g_i² and θ_i ← θ_i − α g_i / (√G_i + ε):
                              entries that have had large gradients take smaller steps ("adaptive gradient").
    "halve_unless_decreased"  "Explain The Idea"'s rule: every ``check_every`` steps, J is measured on a fixed
                              held-out batch of windows; if it really decreased since the last check the steps
                              are kept, otherwise they are undone (θ goes back to the last kept state) and α is
                              halved.

A rule is an object with ``step_size(step)``, ``apply(params, grads, step)`` (moves the parameters in place), ``start(params)``
and ``after_step(step, params)`` (the checks of the last rule; nothing for the others).
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..validation import check_positive_int

STEP_RULES = ("fixed", "linear", "adagrad", "halve_unless_decreased")
LINEAR_FLOOR = 1e-4      # "linear" never goes below this fraction of α, as in word2vec
ADAGRAD_EPSILON = 1e-8   # ε in AdaGrad's denominator


class FixedStep:
    """α_t = α, or α · 0.5^(t // anneal_every) when ``anneal_every`` is given."""

    def __init__(self, step_size: float, anneal_every: int | None = None):
        self.initial, self.anneal_every = float(step_size), anneal_every

    def step_size(self, step: int) -> float:
        return self.initial * 0.5 ** (step // self.anneal_every) if self.anneal_every else self.initial

    def apply(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray], step: int) -> None:
        """θ ← θ − α_t ∂J/∂θ for every parameter array (in place)."""
        alpha = self.step_size(step)
        for param, grad in zip(params, grads):
            param -= alpha * grad

    def start(self, params: Sequence[np.ndarray]) -> None:
        """Called once before the first step (or a resumed run's first step)."""

    def after_step(self, step: int, params: Sequence[np.ndarray]) -> None:
        """Called after each step, ``step`` counting the steps done; nothing to check for a fixed schedule."""


class LinearDecay(FixedStep):
    """α_t = α (1 − t / n_steps), floored at α · 10⁻⁴."""

    def __init__(self, step_size: float, n_steps: int):
        super().__init__(step_size)
        self.n_steps = n_steps

    def step_size(self, step: int) -> float:
        return self.initial * max(1.0 - step / self.n_steps, LINEAR_FLOOR)


class AdaGrad(FixedStep):
    """θ_i ← θ_i − α g_i / (√G_i + ε) with G_i the sum of g_i² over all steps so far (per entry)."""

    def __init__(self, step_size: float):
        super().__init__(step_size)
        self.squared_sums: list[np.ndarray] | None = None

    def apply(self, params, grads, step) -> None:
        if self.squared_sums is None:
            self.squared_sums = [np.zeros_like(param) for param in params]
        for param, grad, squared_sum in zip(params, grads, self.squared_sums):
            squared_sum += grad * grad
            param -= self.initial * grad / (np.sqrt(squared_sum) + ADAGRAD_EPSILON)


class HalveUnlessDecreased(FixedStep):
    """Keep the steps of the last ``check_every`` steps only if the held-out J decreased; otherwise undo, halve α.

    held_out_loss: ``held_out_loss(params) -> J``, deterministic (the same windows and negatives every call).
    history:       list of ``(step, J measured, α before the check, kept)`` for every check.
    """

    def __init__(self, step_size: float, check_every: int, held_out_loss: Callable[[Sequence[np.ndarray]], float]):
        super().__init__(step_size)
        self.alpha, self.check_every, self.held_out_loss = float(step_size), check_every, held_out_loss
        self.kept_params: list[np.ndarray] | None = None
        self.kept_loss = np.inf
        self.history: list[tuple[int, float, float, bool]] = []

    def step_size(self, step: int) -> float:
        return self.alpha

    def start(self, params) -> None:
        """The starting point is the first kept state."""
        self.kept_params = [param.copy() for param in params]
        self.kept_loss = self.held_out_loss(self.kept_params)
        self.history.append((0, float(self.kept_loss), self.alpha, True))

    def after_step(self, step: int, params) -> None:
        if step % self.check_every:
            return
        with np.errstate(all="ignore"):  # a step that overflowed gives J = inf: not a decrease, so undone
            loss = self.held_out_loss(params)
        kept = bool(np.isfinite(loss) and loss < self.kept_loss)
        self.history.append((step, float(loss), self.alpha, kept))
        if kept:
            self.kept_loss = loss
            for saved, param in zip(self.kept_params, params):
                saved[...] = param
        else:
            self.reject(params)

    def reject(self, params) -> None:
        """Undo the steps since the last kept state and halve α (also called when a step overflowed)."""
        for saved, param in zip(self.kept_params, params):
            param[...] = saved
        self.alpha /= 2


def check_step_rule(step_rule, check_every, anneal_every=None) -> tuple[str, int | None]:
    """Validate ``step_rule``, ``check_every`` and that ``anneal_every`` goes only with "fixed"; return
    ``(step_rule, check_every)``, ``check_every`` defaulting to 500 for the halving rule."""
    if step_rule not in STEP_RULES:
        raise ValueError(f"step_rule must be one of {', '.join(map(repr, STEP_RULES))}, got {step_rule!r}.")
    check_every = check_positive_int(check_every, "check_every", allow_none=True,
                                     hint=" (steps between two checks of the held-out J)")
    if check_every is not None and step_rule != "halve_unless_decreased":
        raise ValueError(f"check_every is only used by step_rule='halve_unless_decreased', not by {step_rule!r}; "
                         "leave it out.")
    if step_rule != "fixed" and anneal_every is not None:
        raise ValueError(f"anneal_every belongs to step_rule='fixed'; step_rule={step_rule!r} sets α itself. "
                         "Leave anneal_every out.")
    if step_rule == "halve_unless_decreased" and check_every is None:
        check_every = 500
    return step_rule, check_every


def make_step_rule(step_rule: str, step_size: float, n_steps: int, anneal_every: int | None = None,
                   check_every: int | None = None, held_out_loss=None):
    """The rule object for ``step_rule`` (one of :data:`STEP_RULES`), starting at α = ``step_size``."""
    step_rule, check_every = check_step_rule(step_rule, check_every, anneal_every)
    if step_rule == "fixed":
        return FixedStep(step_size, anneal_every)
    if step_rule == "linear":
        return LinearDecay(step_size, n_steps)
    if step_rule == "adagrad":
        return AdaGrad(step_size)
    return HalveUnlessDecreased(step_size, check_every, held_out_loss)
