"""Exercise checkers for the notebooks: compare a student's function with the w2vlib reference.

Each ``check_*`` function calls the student's function and the reference on the same seeded inputs (including the
awkward ones: logits near ±1000, a negative drawn twice, the outside word among the negatives), prints one line if
everything agrees, or says what is wrong (every wrong output of the first case that fails, the largest error and
where, and a hint when the error looks like a known mistake, or the exception with the student's own line), and
returns a :class:`CheckResult`. A wrong answer never raises: the checker reports it.

Checkers cannot be passed without doing the exercise: while the student's function runs, the checker watches for
the *code* of the reference it re-implements (by any route: a module attribute, an alias, a default argument,
``functools.partial``, a list), and refuses it, politely. The derivative exercises also refuse finite differences.
A student's function gets :data:`w2vlib.course.checkers.running.TIME_LIMIT_S` seconds per case. Hints say what looks wrong,
never the line to write.

In a notebook, when the student's function fails (for instance the student edition's ``raise NotImplementedError``),
the checker also binds the student's function name to a stand-in that runs a reference version, with a visible note,
so that later cells that need the function still run (:func:`is_stand_in` tells it apart). Given that stand-in, a
checker judges the student's own function again, never the reference.

    check_outside_word_probabilities  notebook 01   fn(center_vec, outside_vectors) -> ŷ
    check_softmax                     (any)         fn(logits) -> softmax(logits), row-wise
    check_naive_softmax_loss_and_gradient   02      same signature as w2vlib.naive_softmax_loss_and_gradient
    check_sigmoid                     notebook 03   fn(x) -> σ(x), integers too, no overflow at ±1000
    check_sigmoid_derivative          notebook 03   fn(x) -> σ'(x), judged by finite differences
    check_grad_in_negative            notebook 03   fn(center_vec, u_k) -> ∂J_neg-sample/∂u_{w_k}, by finite differences
    check_neg_sampling_loss_and_gradient    03      same signature as w2vlib.neg_sampling_loss_and_gradient
    check_slips                       notebook 03   the wrong lines of a published derivation, a reason each
    check_sgd_step                    notebook 04   fn(params, grad, step_size) -> θ − α ∇J
    check_skipgram                    notebook 04   same signature as w2vlib.skipgram, with both loss functions
    check_window_naive_softmax        notebook 04   fn(center_vec, outside_indices, outside_vectors), one softmax
    check_expected_kept               notebook 05   fn(counts, sample) -> count(w) · P_keep(w), word2vec's sub-sampling
    check_bootstrap_interval          notebook 06   fn(gold, model, picks, confidence) -> (low, high), by percentiles
    check_tied_pair_gradient          notebook 07   fn(vectors, center_idx, outside_idx, neg_indices) -> (loss, grad)
    check_nearest_by_cosine           notebook 08   fn(vectors, word_index, topn) -> (neighbours, cosines)

Modules: :mod:`.engine` (the comparison every checker shares), :mod:`.running` (time limit, reference watch,
where an exception happened), :mod:`.cases` and :mod:`.hints` (cases, mistakes, shared hints), and one module per
notebook (``nb01`` … ``nb08``).
"""
from .cases import TOLERANCE, CheckResult
from .engine import is_stand_in
from .nb01 import check_outside_word_probabilities
from .nb02 import check_naive_softmax_loss_and_gradient, check_softmax
from .nb03 import check_neg_sampling_loss_and_gradient
from .nb03_derivatives import check_grad_in_negative, check_sigmoid, check_sigmoid_derivative
from .nb03_slips import PUBLISHED_LABELS, check_slips
from .nb04 import check_sgd_step, check_skipgram, check_window_naive_softmax
from .nb05 import check_expected_kept
from .nb06 import check_bootstrap_interval
from .nb07 import check_tied_pair_gradient
from .nb08 import check_nearest_by_cosine

__all__ = ["CheckResult", "PUBLISHED_LABELS", "TOLERANCE", "check_bootstrap_interval", "check_expected_kept",
           "check_grad_in_negative", "check_nearest_by_cosine",
           "check_naive_softmax_loss_and_gradient", "check_neg_sampling_loss_and_gradient",
           "check_outside_word_probabilities", "check_sgd_step", "check_sigmoid", "check_sigmoid_derivative",
           "check_skipgram", "check_slips", "check_softmax", "check_tied_pair_gradient", "check_window_naive_softmax",
           "is_stand_in"]
