"""One minibatch step for CBOW and for the hierarchical softmax: many binary logistic regressions at once.

Skip-gram and CBOW, with negative sampling or the hierarchical softmax, all train the same kind of unit: an input
vector x, an output row u (of U, or an inner node of the Huffman tree) and a label y ∈ {1, 0}, with the loss
−log σ(u^T x) for y = 1 and −log σ(−u^T x) for y = 0, whose SGD step is

    u ← u + α (y − σ(u^T x)) x,        x ← x + α (y − σ(u^T x)) u.

What differs is where x comes from and which (u, y) go with it:

    model      x (one per "group")                  loss          the (u, y) of a group
    skip-gram  v_c of one (center, outside) pair    neg_sampling  (u_o, 1) and (u_{w_k}, 0) for k = 1..K
    skip-gram  v_c of one (center, outside) pair    hierarchical  (u_n, y_n) for the inner nodes n on o's path
    CBOW       v̂, the mean of the context's v_w    neg_sampling  (u_c, 1) and (u_{w_k}, 0)
    CBOW       v̂, the mean of the context's v_w    hierarchical  (u_n, y_n) on c's path

A minibatch therefore holds G groups, given by the rows of V that form each x (``input_rows``, cut at
``input_starts``), and N binary examples (``output_rows``, ``output_group``, ``signs``: +1 for y = 1, −1 for y = 0,
0 for an example to skip, such as a negative equal to the word to predict). As in
:func:`w2vlib.training.fast_trainer.sgns_minibatch_step`, every example sees the vectors as they were before the minibatch.

**The CBOW update of a context vector.** The gradient of J(v̂) in a context vector v_w is (1/n) ∂J/∂v̂ for a context of
n words (:mod:`w2vlib.losses.cbow`). word2vec and gensim do not apply that: with the mean (``cbow_mean=1``) they add
the whole step α ∂J/∂v̂ to every context vector (gensim's ``word2vec_inner.pyx``: the error vector ``work`` is scaled
by 1/n only for the *sum*). So their context vectors move n times as far as plain SGD on J would move them: in
effect a step size n·α for V. ``context_update="word2vec"`` (the trainer's choice) does the same; ``"gradient"``
applies the exact gradient.
"""
from __future__ import annotations

import numpy as np

from .minibatch_stream import repeat_caps
from .scatter_add import scatter_add_rows

CONTEXT_UPDATES = ("word2vec", "gradient")


def logistic_minibatch_step(center_vectors: np.ndarray, outside_vectors: np.ndarray, input_rows: np.ndarray,
                            input_starts: np.ndarray | None, output_rows: np.ndarray, output_group: np.ndarray,
                            signs: np.ndarray, step_size: float, *, context_update: str = "word2vec",
                            logit_shift: np.ndarray | None = None,
                            max_repeats: int | None = 64) -> tuple[float, float]:
    """One SGD step on a minibatch of G groups and N binary examples, updating both matrices in place.

    center_vectors:  shape (n_words, d) [rows v_w], float32 (or float64).
    outside_vectors: shape (n_rows, d) [rows u_w, or the inner nodes' u_n], same dtype.
    input_rows:      shape (P,), int32: the rows of V that make the groups' inputs x_g.
    input_starts:    shape (G + 1,), int64: group g's input rows are ``input_rows[input_starts[g]:input_starts[g+1]]``
                     and x_g is their mean (CBOW); None when every group has one input row, x_g = v_{input_rows[g]}
                     (skip-gram, P = G).
    output_rows:     shape (N,), int32: the row u of each example.
    output_group:    shape (N,), int32: the group g of each example.
    signs:           shape (N,), same dtype as the vectors: +1 (y = 1), −1 (y = 0) or 0 (skip the example).
    step_size:       α.
    context_update:  "word2vec": each of a group's n input rows gets the whole step on x_g; "gradient": 1/n of it
                     (the exact gradient of the mean). Identical for skip-gram (n = 1).
    logit_shift:     shape (N,) or None: b subtracted from every score, σ(u^T x − b) (NCE's log(K P_n(w))).
    max_repeats:     R of :func:`w2vlib.training.minibatch_stream.repeat_caps`: a row of U (V) that occurs r > R times among
                     ``output_rows`` (``input_rows``) gets its summed update scaled by R / r. None: never scaled.
    Returns ``(loss, score_sum)``: the summed loss of the examples (−log σ(±(u^T x − b))) and the sum of all
    scores u^T x (nan or inf if a vector was not finite: how the caller notices divergence).
    """
    if context_update not in CONTEXT_UPDATES:
        raise ValueError(f"context_update must be 'word2vec' or 'gradient', got {context_update!r}.")
    dtype = center_vectors.dtype.type
    inputs = np.take(center_vectors, input_rows, axis=0)                  # (P, d)
    if input_starts is None:
        x = inputs                                                        # (G, d): skip-gram, x_g = v_c
        share = None
    else:
        sizes = np.diff(input_starts)                                     # n_g, the context size of every group
        input_group = np.repeat(np.arange(sizes.shape[0], dtype=np.int32), sizes)       # (P,)
        inverse_size = np.take((1 / sizes).astype(center_vectors.dtype), input_group)[:, None]   # (P, 1): 1/n_g
        x = np.zeros((sizes.shape[0], inputs.shape[1]), dtype=center_vectors.dtype)
        scatter_add_rows(x, input_group[:, None], inverse_size, inputs)  # (G, d): v̂ = the mean of the group's rows
        share = None if context_update == "word2vec" else inverse_size[:, 0]
    u = np.take(outside_vectors, output_rows, axis=0)                     # (N, d)
    x_of_example = np.take(x, output_group, axis=0)                       # (N, d)
    scores = np.einsum("nd,nd->n", u, x_of_example)                       # u^T x
    score_sum = float(scores.sum())
    if logit_shift is not None:
        scores = scores - logit_shift
    # With y = −sign · score, every loss term is softplus(y) = −log σ(−y) = max(y, 0) + log(1 + e^{−|y|}) and the
    # step coefficient α (label − σ(score)) is α · sign · σ(y): no exponent is ever positive.
    y = scores * -signs
    e = np.exp(-np.abs(y))
    loss = float(((np.maximum(y, 0) + np.log1p(e)) * np.abs(signs)).sum())
    coefs = np.where(y >= 0, dtype(1), e) / (1 + e) * signs * dtype(step_size)   # (N,)
    outside_scale, center_scale = repeat_caps(input_rows, output_rows[:, None], max_repeats)
    outside_coefs = coefs[:, None] if outside_scale is None else coefs[:, None] * outside_scale
    group_steps = np.zeros_like(x)                                        # (G, d): Σ_e coef_e u_e per group
    scatter_add_rows(group_steps, output_group[:, None], coefs[:, None], u)
    scatter_add_rows(outside_vectors, output_rows[:, None], outside_coefs, x_of_example)   # u += coef · x
    if input_starts is None:
        steps_of_inputs = group_steps
    else:
        steps_of_inputs = np.take(group_steps, input_group, axis=0)                        # (P, d)
    input_coefs = np.ones((input_rows.shape[0], 1), dtype=center_vectors.dtype) if share is None else share[:, None]
    if center_scale is not None:
        input_coefs = input_coefs * center_scale
    scatter_add_rows(center_vectors, input_rows[:, None], input_coefs, steps_of_inputs)   # v_w += the group's step
    return loss, score_sum
