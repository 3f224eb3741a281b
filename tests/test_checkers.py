"""The exercise checkers accept the reference implementations and diagnose plausible wrong answers."""
import warnings

import numpy as np
import pytest

from w2vlib import (log_sigmoid, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, sigmoid,
                    skipgram, softmax)
from w2vlib.checkers import (CheckResult, check_naive_softmax_loss_and_gradient, check_neg_sampling_loss_and_gradient,
                             check_outside_word_probabilities, check_sgd_step, check_skipgram, check_softmax)


def run_quietly(checker, fn):
    """Run a checker with every warning turned into an error: no RuntimeWarning may escape a checker."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return checker(fn)


def assert_fails_with(result, *phrases):
    assert isinstance(result, CheckResult)
    assert not result.passed, result.message
    assert result.message.startswith("✗")
    for phrase in phrases:
        assert phrase in result.message, f"{phrase!r} not in:\n{result.message}"


# ---------------------------------------------------------------- written-out student answers (plausible bugs)

def unshifted_softmax(logits):
    exps = np.exp(logits)
    return exps / np.sum(exps, axis=-1, keepdims=True)


def shifted_softmax(logits):  # a correct answer written independently of w2vlib.softmax
    exps = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)


def naive_parts(center_vec, outside_idx, outside_vectors, softmax_fn=shifted_softmax):
    y_hat = softmax_fn(outside_vectors @ center_vec)
    y = np.zeros_like(y_hat)
    y[outside_idx] = 1.0
    return y_hat, y


def naive_written_out(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def naive_sign_flipped(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y - y_hat), np.outer(y_hat - y, center_vec)


def naive_missing_transpose(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(center_vec, y_hat - y)


def naive_unshifted(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors, unshifted_softmax)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices, assign=False):
    u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
    loss = -log_sigmoid(u_o @ center_vec) - np.sum(log_sigmoid(-u_neg @ center_vec))
    coef_o, coef_neg = sigmoid(u_o @ center_vec) - 1.0, sigmoid(u_neg @ center_vec)
    grad_center_vec = coef_o * u_o + coef_neg @ u_neg
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] += coef_o * center_vec
    if assign:  # the classic bug: a repeated index keeps only one contribution
        grad_outside_vectors[neg_indices] += coef_neg[:, None] * center_vec
    else:
        np.add.at(grad_outside_vectors, neg_indices, coef_neg[:, None] * center_vec)
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_unstable_log(center_vec, outside_idx, outside_vectors, neg_indices):
    _, grad_center_vec, grad_outside_vectors = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)
    naive_sigmoid = lambda x: 1.0 / (1.0 + np.exp(-x))
    loss = (-np.log(naive_sigmoid(outside_vectors[outside_idx] @ center_vec))
            - np.sum(np.log(naive_sigmoid(-outside_vectors[neg_indices] @ center_vec))))
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_sign_flipped(center_vec, outside_idx, outside_vectors, neg_indices):
    loss, grad_center_vec, grad_outside_vectors = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)
    return loss, grad_center_vec, -grad_outside_vectors


def skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn, overwrite=False):
    c = word2ind[center_word]
    loss, grad_center_vectors, grad_outside_vectors = 0.0, np.zeros_like(center_vectors), np.zeros_like(outside_vectors)
    for word in window_words:
        pair_loss, grad_center_vec, grad_outside = loss_fn(center_vectors[c], word2ind[word], outside_vectors)
        loss += pair_loss
        if overwrite:
            grad_center_vectors[c] = grad_center_vec
        else:
            grad_center_vectors[c] += grad_center_vec
        grad_outside_vectors += grad_outside
    return loss, grad_center_vectors, grad_outside_vectors


def raise_value_error(*args):
    raise ValueError("shapes (5,3) and (5,) not aligned")


# ---------------------------------------------------------------- every checker accepts correct answers

@pytest.mark.parametrize("checker, correct", [
    (check_outside_word_probabilities, lambda center_vec, outside_vectors: softmax(outside_vectors @ center_vec)),
    (check_outside_word_probabilities, lambda center_vec, outside_vectors: shifted_softmax(outside_vectors @ center_vec)),
    (check_softmax, softmax),
    (check_softmax, shifted_softmax),
    (check_naive_softmax_loss_and_gradient, naive_softmax_loss_and_gradient),
    (check_naive_softmax_loss_and_gradient, naive_written_out),
    (check_neg_sampling_loss_and_gradient, neg_sampling_loss_and_gradient),
    (check_neg_sampling_loss_and_gradient, neg_sampling_written_out),
    (check_skipgram, skipgram),
    (check_skipgram, skipgram_written_out),
    (check_sgd_step, lambda params, grad, step_size: params - step_size * grad),
])
def test_checker_accepts_a_correct_answer(checker, correct, capsys):
    result = run_quietly(checker, correct)
    assert result.passed, result.message
    assert result.message.startswith(f"✓ {checker.__name__} passed: ")
    assert "random cases, largest error" in result.message
    assert capsys.readouterr().out.strip() == result.message  # printed, so a notebook cell shows it


def test_sgd_step_may_update_params_in_place():
    def in_place(params, grad, step_size):
        params -= step_size * grad
        return params
    assert run_quietly(check_sgd_step, in_place).passed


def test_checkers_are_deterministic(capsys):
    assert check_naive_softmax_loss_and_gradient(naive_sign_flipped).message == \
        check_naive_softmax_loss_and_gradient(naive_sign_flipped).message


def test_result_does_not_display_twice_in_a_notebook():
    # The checker prints; ending a cell with the call must not show the result object a second time.
    result = check_softmax(softmax)
    assert result._ipython_display_() is None
    assert str(result) == result.message


# ---------------------------------------------------------------- wrong answers and their diagnoses

def test_outside_word_probabilities_without_max_shift():
    result = run_quietly(check_outside_word_probabilities, lambda v, u: unshifted_softmax(u @ v))
    assert_fails_with(result, "y_hat is not finite", "near +1000", "did you subtract the max before exp?")


def test_outside_word_probabilities_not_normalised():
    result = run_quietly(check_outside_word_probabilities, lambda v, u: np.exp(u @ v))
    assert_fails_with(result, "y_hat is wrong", "do not sum to 1")


def test_outside_word_probabilities_wrong_shape():
    result = run_quietly(check_outside_word_probabilities, lambda v, u: softmax(u @ v)[None, :])
    assert_fails_with(result, "y_hat has shape (1, 5)", "where (5,) = (n_words,) was expected")


def test_outside_word_probabilities_using_columns_instead_of_rows():
    result = run_quietly(check_outside_word_probabilities, lambda v, u: softmax(u.T @ v))
    assert_fails_with(result, "your function raised ValueError:")


def test_softmax_without_max_shift_fails_on_large_logits():
    result = run_quietly(check_softmax, unshifted_softmax)
    assert_fails_with(result, "not finite for large logits: did you subtract the max before exp?")


def test_softmax_shifted_by_the_global_max_fails_on_rows_far_apart():
    def global_shift(logits):
        exps = np.exp(logits - np.max(logits))
        return exps / np.sum(exps, axis=-1, keepdims=True)
    result = run_quietly(check_softmax, global_shift)
    assert_fails_with(result, "a row near +1000 and a row near -1000", "each row's own max")


def test_softmax_normalised_over_the_whole_matrix():
    def whole_matrix(logits):
        exps = np.exp(logits - np.max(logits))
        return exps / np.sum(exps)
    result = run_quietly(check_softmax, whole_matrix)
    assert_fails_with(result, "(3, 7)", "each row must sum to 1")


def test_softmax_returning_two_values():
    result = run_quietly(check_softmax, lambda logits: (softmax(logits), logits.sum()))
    assert_fails_with(result, "returned 2 values; it should return 1")


def test_softmax_raising():
    result = run_quietly(check_softmax, raise_value_error)
    assert_fails_with(result, "your function raised ValueError: shapes (5,3) and (5,) not aligned")
    assert "Traceback" not in result.message


def test_naive_softmax_sign_error():
    result = run_quietly(check_naive_softmax_loss_and_gradient, naive_sign_flipped)
    assert_fails_with(result, "grad_center_vec is wrong", "largest error", "at index", "sign flipped?")


def test_naive_softmax_missing_transpose():
    result = run_quietly(check_naive_softmax_loss_and_gradient, naive_missing_transpose)
    assert_fails_with(result, "grad_outside_vectors has shape (3, 5) = (d, n_words) where (5, 3) = (n_words, d)",
                      "missing transpose?")


def test_naive_softmax_without_max_shift():
    result = run_quietly(check_naive_softmax_loss_and_gradient, naive_unshifted)
    assert_fails_with(result, "is not finite", "did you subtract the max before exp?")


def test_naive_softmax_wrong_number_of_outputs():
    result = run_quietly(check_naive_softmax_loss_and_gradient, lambda *args: naive_written_out(*args)[:2])
    assert_fails_with(result, "returned 2 values; it should return 3: (loss, grad_center_vec, grad_outside_vectors)")


def test_naive_softmax_returning_none():
    result = run_quietly(check_naive_softmax_loss_and_gradient, lambda *args: None)
    assert_fails_with(result, "returned None", "return")


def test_naive_softmax_modifying_its_input():
    def modifies(center_vec, outside_idx, outside_vectors):
        outside_vectors -= 1.0  # changes the caller's matrix
        return naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors + 1.0)
    result = run_quietly(check_naive_softmax_loss_and_gradient, modifies)
    assert_fails_with(result, "changed its argument `outside_vectors` in place")


def test_naive_softmax_loss_as_array_has_wrong_shape():
    def loss_as_array(center_vec, outside_idx, outside_vectors):
        loss, g1, g2 = naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)
        return np.array([loss]), g1, g2
    result = run_quietly(check_naive_softmax_loss_and_gradient, loss_as_array)
    assert_fails_with(result, "loss has shape (1,)", "() (a single number) was expected")


def test_naive_softmax_called_with_a_result_instead_of_a_function():
    result = run_quietly(check_naive_softmax_loss_and_gradient, naive_written_out(np.ones(2), 0, np.ones((3, 2))))
    assert_fails_with(result, "expected a function, got tuple")


def test_neg_sampling_repeated_negatives_overwritten():
    result = run_quietly(check_neg_sampling_loss_and_gradient,
                         lambda *args: neg_sampling_written_out(*args, assign=True))
    assert_fails_with(result, "repeated negatives", "grad_outside_vectors is wrong",
                      "a negative drawn twice only counted once: use np.add.at instead of fancy-index assignment")


def test_neg_sampling_unstable_log_sigmoid():
    result = run_quietly(check_neg_sampling_loss_and_gradient, neg_sampling_unstable_log)
    assert_fails_with(result, "loss is not finite", "near ±1000", "log_sigmoid")


def test_neg_sampling_sign_error():
    result = run_quietly(check_neg_sampling_loss_and_gradient, neg_sampling_sign_flipped)
    assert_fails_with(result, "grad_outside_vectors is wrong", "sign flipped?")


def test_neg_sampling_returning_only_the_used_rows():
    def used_rows_only(center_vec, outside_idx, outside_vectors, neg_indices):
        loss, g1, g2 = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)
        return loss, g1, g2[np.append(outside_idx, neg_indices)]
    result = run_quietly(check_neg_sampling_loss_and_gradient, used_rows_only)
    assert_fails_with(result, "grad_outside_vectors has shape (5, 3)", "where (8, 3) = (n_words, d) was expected")


def test_neg_sampling_raising():
    result = run_quietly(check_neg_sampling_loss_and_gradient, lambda *args: 1 / 0)
    assert_fails_with(result, "your function raised ZeroDivisionError: division by zero")


def test_skipgram_center_gradient_overwritten_instead_of_added():
    result = run_quietly(check_skipgram, lambda *args: skipgram_written_out(*args, overwrite=True))
    assert_fails_with(result, "grad_center_vectors is wrong", "largest error")


def test_skipgram_sign_error():
    result = run_quietly(check_skipgram, lambda *args: tuple(-x for x in skipgram_written_out(*args)))
    assert_fails_with(result, "loss is wrong", "sign flipped?")


def test_skipgram_returning_one_row_instead_of_the_matrix():
    def one_row(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
        loss, grad_v, grad_u = skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn)
        return loss, grad_v[word2ind[center_word]], grad_u
    result = run_quietly(check_skipgram, one_row)
    assert_fails_with(result, "grad_center_vectors has shape (3,) = (d,) where (7, 3) = (n_words, d) was expected")


def test_skipgram_checks_negative_sampling_too():
    def naive_only(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
        return skipgram(center_word, window_words, word2ind, center_vectors, outside_vectors,
                        naive_softmax_loss_and_gradient)
    result = run_quietly(check_skipgram, naive_only)
    assert_fails_with(result, "negative sampling, K = 4")


def test_skipgram_raising():
    result = run_quietly(check_skipgram, raise_value_error)
    assert_fails_with(result, "your function raised ValueError")


def test_sgd_step_sign_error():
    result = run_quietly(check_sgd_step, lambda params, grad, step_size: params + step_size * grad)
    assert_fails_with(result, "new params is wrong", "sign flipped?")


def test_sgd_step_without_step_size():
    result = run_quietly(check_sgd_step, lambda params, grad, step_size: params - grad)
    assert_fails_with(result, "step size was not used")


def test_sgd_step_returning_only_the_step():
    result = run_quietly(check_sgd_step, lambda params, grad, step_size: -step_size * grad)
    assert_fails_with(result, "returned only the step")


def test_sgd_step_forgetting_return():
    def no_return(params, grad, step_size):
        params -= step_size * grad
    assert_fails_with(run_quietly(check_sgd_step, no_return), "returned None")


def test_sgd_step_transposed():
    result = run_quietly(check_sgd_step, lambda params, grad, step_size: (params - step_size * grad).T)
    assert_fails_with(result, "missing transpose?")
