"""The exercise checkers accept the reference implementations and diagnose plausible wrong answers."""
import warnings

import numpy as np
import pytest

from w2vlib import (log_sigmoid, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, sigmoid,
                    skipgram, softmax)
from w2vlib.course.checkers import (
    PUBLISHED_LABELS, CheckResult, check_grad_in_negative, check_naive_softmax_loss_and_gradient,
    check_neg_sampling_loss_and_gradient, check_outside_word_probabilities, check_sgd_step, check_sigmoid_derivative,
    check_skipgram, check_slips, check_softmax, check_window_naive_softmax)


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

def skipgram_with_reference_inside(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
    return skipgram(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn)


def naive_through_an_alias(center_vec, outside_idx, outside_vectors):
    import w2vlib
    return w2vlib.naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)


def window_written_out(center_vec, outside_indices, outside_vectors, n_factor=True, counts_once=False, minus_y=True,
                       mean=False, shift=True):
    scores = outside_vectors @ center_vec
    y_hat = (shifted_softmax if shift else unshifted_softmax)(scores)
    n = len(outside_indices)
    loss = -np.sum(np.log(y_hat[outside_indices])) if not shift else \
        -np.sum(scores[outside_indices]) + n * (np.max(scores) + np.log(np.sum(np.exp(scores - np.max(scores)))))
    counts = np.zeros_like(y_hat)
    if counts_once:
        counts[outside_indices] = 1.0
    else:
        np.add.at(counts, outside_indices, 1.0)
    coefficient = (n if n_factor else 1) * y_hat - (counts if minus_y else 0)
    result = (loss, outside_vectors.T @ coefficient, np.outer(coefficient, center_vec))
    return tuple(x / n for x in result) if mean else result


def window_calling_the_pair_reference(center_vec, outside_indices, outside_vectors):
    parts = [naive_softmax_loss_and_gradient(center_vec, o, outside_vectors) for o in outside_indices]
    return tuple(sum(p[i] for p in parts) for i in range(3))


def sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1 - s)


@pytest.mark.parametrize("checker, correct", [
    (check_outside_word_probabilities, lambda center_vec, outside_vectors: shifted_softmax(outside_vectors @ center_vec)),
    (check_softmax, shifted_softmax),
    (check_naive_softmax_loss_and_gradient, naive_written_out),
    (check_neg_sampling_loss_and_gradient, neg_sampling_written_out),
    (check_skipgram, skipgram_written_out),
    (check_sgd_step, lambda params, grad, step_size: params - step_size * grad),
    (check_sigmoid_derivative, sigmoid_prime),
    (check_grad_in_negative, lambda center_vec, u_k: sigmoid(u_k @ center_vec) * center_vec),
    (check_window_naive_softmax, window_written_out),
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


# ---------------------------------------------------------------- a checker cannot be passed with the library

@pytest.mark.parametrize("checker, cheat, called", [
    (check_outside_word_probabilities, lambda center_vec, outside_vectors: softmax(outside_vectors @ center_vec),
     "softmax"),
    (check_softmax, softmax, "softmax"),
    (check_softmax, lambda logits: softmax(logits), "softmax"),
    (check_naive_softmax_loss_and_gradient, naive_softmax_loss_and_gradient, "naive_softmax_loss_and_gradient"),
    (check_naive_softmax_loss_and_gradient, naive_through_an_alias, "naive_softmax_loss_and_gradient"),
    (check_naive_softmax_loss_and_gradient, lambda *args: naive_softmax_loss_and_gradient(*args),
     "naive_softmax_loss_and_gradient"),
    (check_neg_sampling_loss_and_gradient, neg_sampling_loss_and_gradient, "neg_sampling_loss_and_gradient"),
    (check_neg_sampling_loss_and_gradient, lambda *args: neg_sampling_loss_and_gradient(*args),
     "neg_sampling_loss_and_gradient"),
    (check_skipgram, skipgram, "skipgram"),
    (check_skipgram, skipgram_with_reference_inside, "skipgram"),
    (check_window_naive_softmax, window_calling_the_pair_reference, "naive_softmax_loss_and_gradient"),
])
def test_a_function_that_calls_the_reference_is_refused_politely(checker, cheat, called):
    result = run_quietly(checker, cheat)
    assert_fails_with(result, f"w2vlib's own `{called}`", "the function this exercise asks you to write",
                      "write the computation yourself")


def test_refusal_leaves_the_library_untouched():
    import w2vlib
    import w2vlib.losses.naive_softmax
    run_quietly(check_naive_softmax_loss_and_gradient, naive_through_an_alias)
    assert w2vlib.naive_softmax_loss_and_gradient is naive_softmax_loss_and_gradient
    assert w2vlib.losses.naive_softmax.naive_softmax_loss_and_gradient is naive_softmax_loss_and_gradient
    assert globals()["naive_softmax_loss_and_gradient"] is naive_softmax_loss_and_gradient


def test_the_student_edition_stub_is_reported_as_not_done():
    def stub(center_vec, outside_idx, outside_vectors):
        raise NotImplementedError("Exercise 1: my_naive_softmax_loss_and_gradient")
    result = run_quietly(check_naive_softmax_loss_and_gradient, stub)
    assert_fails_with(result, "not done yet", "NotImplementedError", "Exercise 1")


def test_in_a_notebook_a_failing_function_falls_back_on_the_reference():
    # A notebook's namespace is a module run as __main__; the checker rebinds the name there, and says so.
    namespace = {"__name__": "__main__", "check": check_naive_softmax_loss_and_gradient}
    exec("def my_loss(center_vec, outside_idx, outside_vectors):\n"
         "    raise NotImplementedError('Exercise 1')\n"
         "result = check(my_loss)\n", namespace)
    assert not namespace["result"].passed
    assert "the cells below use a reference version" in namespace["result"].message
    exec("value = my_loss(*args)", {**namespace, "args": (np.ones(3), 1, np.eye(4, 3))}, namespace)
    expected = naive_softmax_loss_and_gradient(np.ones(3), 1, np.eye(4, 3))
    assert namespace["value"][0] == expected[0]               # the cells below get the reference's answers


@pytest.mark.parametrize("checker, wrong", [
    ("check_sigmoid_derivative", "def f(x):\n    from w2vlib import sigmoid\n    return sigmoid(x) ** 2\n"),
    ("check_grad_in_negative", "def f(center_vec, u_k):\n    from w2vlib import sigmoid\n"
                               "    return (1 - sigmoid(u_k @ center_vec)) * center_vec\n"),
    ("check_sgd_step", "def f(params, grad, step_size):\n    return params + step_size * grad\n"),
], ids=["σ²", "(1 − σ) v_c", "p + αg"])
def test_re_running_only_the_checker_judges_the_students_code_again_not_the_fallback(checker, wrong):
    """Issue 23 item 3: the checker rebound the name to the reference, so a second run printed "✓ passed"."""
    from w2vlib.course import checkers

    namespace = {"__name__": "__main__", "check": getattr(checkers, checker)}
    exec(wrong + "first = check(f)\n", namespace)
    assert not namespace["first"].passed and "reference version" in namespace["first"].message
    exec("second = check(f)\nthird = check(f)\n", namespace)     # the checker cell run again, twice
    for again in ("second", "third"):
        assert not namespace[again].passed, namespace[again].message
        assert "passed" not in namespace[again].message


def test_outside_a_notebook_nothing_is_rebound():
    def my_stub(center_vec, outside_idx, outside_vectors):
        raise NotImplementedError("Exercise 1")
    result = run_quietly(check_naive_softmax_loss_and_gradient, my_stub)
    assert "reference version" not in result.message


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
    result = run_quietly(check_outside_word_probabilities, lambda v, u: shifted_softmax(u @ v)[None, :])
    assert_fails_with(result, "y_hat has shape (1, 5)", "where (5,) = (n_words,) was expected")


def test_outside_word_probabilities_using_columns_instead_of_rows():
    result = run_quietly(check_outside_word_probabilities, lambda v, u: shifted_softmax(u.T @ v))
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
    result = run_quietly(check_softmax, lambda logits: (shifted_softmax(logits), logits.sum()))
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
        return naive_written_out(center_vec, outside_idx, outside_vectors + 1.0)
    result = run_quietly(check_naive_softmax_loss_and_gradient, modifies)
    assert_fails_with(result, "changed its argument `outside_vectors` in place")


def test_naive_softmax_loss_as_array_has_wrong_shape():
    def loss_as_array(center_vec, outside_idx, outside_vectors):
        loss, g1, g2 = naive_written_out(center_vec, outside_idx, outside_vectors)
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
        return skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors,
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


# ---------------------------------------------------------------- every checker: at least five wrong answers, named

def neg_sampling_one_minus_sigma(center_vec, outside_idx, outside_vectors, neg_indices):
    loss = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)[0]
    u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
    coef_o, coef_neg = sigmoid(u_o @ center_vec) - 1.0, 1.0 - sigmoid(u_neg @ center_vec)   # the published slip
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] += coef_o * center_vec
    np.add.at(grad_outside_vectors, neg_indices, coef_neg[:, None] * center_vec)
    return loss, coef_o * u_o + coef_neg @ u_neg, grad_outside_vectors


def neg_sampling_row_o_overwritten(center_vec, outside_idx, outside_vectors, neg_indices):
    loss, grad_center_vec, _ = neg_sampling_written_out(center_vec, outside_idx, outside_vectors, neg_indices)
    u_o, u_neg = outside_vectors[outside_idx], outside_vectors[neg_indices]
    grad_outside_vectors = np.zeros_like(outside_vectors)
    np.add.at(grad_outside_vectors, neg_indices, sigmoid(u_neg @ center_vec)[:, None] * center_vec)
    grad_outside_vectors[outside_idx] = (sigmoid(u_o @ center_vec) - 1.0) * center_vec   # = after np.add.at
    return loss, grad_center_vec, grad_outside_vectors


def naive_without_y(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ y_hat, np.outer(y_hat - y, center_vec)


def naive_without_y_in_u(center_vec, outside_idx, outside_vectors):
    y_hat, y = naive_parts(center_vec, outside_idx, outside_vectors)
    return -np.log(y_hat[outside_idx]), outside_vectors.T @ (y_hat - y), np.outer(y_hat, center_vec)


def skipgram_averaged(*args):
    loss, grad_v, grad_u = skipgram_written_out(*args)
    n = len(args[1])
    return loss / n, grad_v / n, grad_u / n


def skipgram_loss_assigned(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn):
    loss, grad_v, grad_u = skipgram_written_out(center_word, window_words, word2ind, center_vectors, outside_vectors,
                                                loss_fn)
    last = loss_fn(center_vectors[word2ind[center_word]], word2ind[window_words[-1]], outside_vectors)[0]
    return last, grad_v, grad_u    # loss = pair_loss instead of loss += pair_loss


WRONG_ANSWERS = [
    # checker, wrong answer, phrases the message must contain
    (check_outside_word_probabilities, lambda v, u: unshifted_softmax(u @ v), ["did you subtract the max"]),
    (check_outside_word_probabilities, lambda v, u: np.exp(u @ v), ["do not sum to 1"]),
    (check_outside_word_probabilities, lambda v, u: shifted_softmax(u @ v)[None, :], ["has shape (1, 5)"]),
    (check_outside_word_probabilities, lambda v, u: shifted_softmax(u.T @ v), ["raised ValueError"]),
    (check_outside_word_probabilities, lambda v, u: softmax(u @ v), ["w2vlib's own `softmax`"]),
    (check_outside_word_probabilities, lambda v, u: -shifted_softmax(u @ v), ["sign flipped?"]),
    (check_softmax, unshifted_softmax, ["did you subtract the max"]),
    (check_softmax, lambda z: np.exp(z - np.max(z)) / np.sum(np.exp(z - np.max(z))), ["each row must sum to 1"]),
    (check_softmax, lambda z: (shifted_softmax(z), z.sum()), ["returned 2 values"]),
    (check_softmax, raise_value_error, ["raised ValueError"]),
    (check_softmax, softmax, ["w2vlib's own `softmax`"]),
    (check_naive_softmax_loss_and_gradient, naive_sign_flipped, ["sign flipped?"]),
    (check_naive_softmax_loss_and_gradient, naive_missing_transpose, ["missing transpose?"]),
    (check_naive_softmax_loss_and_gradient, naive_unshifted, ["did you subtract the max"]),
    (check_naive_softmax_loss_and_gradient, naive_without_y, ["grad_center_vec is wrong", "the −y part is missing"]),
    (check_naive_softmax_loss_and_gradient, naive_without_y_in_u, ["grad_outside_vectors is wrong",
                                                                   "row o (the true outside word) lacks the −y part"]),
    (check_naive_softmax_loss_and_gradient, naive_through_an_alias, ["w2vlib's own"]),
    (check_sigmoid_derivative, sigmoid, ["σ(x) itself"]),
    (check_sigmoid_derivative, lambda x: 1 - sigmoid(x), ["1 − σ(x) = σ(−x)"]),
    (check_sigmoid_derivative, lambda x: sigmoid(x) ** 2, ["σ(x)²"]),
    (check_sigmoid_derivative, lambda x: sigmoid(x) * (1 + sigmoid(x)), ["check the sign inside the second factor"]),
    (check_sigmoid_derivative, lambda x: -sigmoid_prime(x), ["sign flipped?"]),
    (check_sigmoid_derivative, lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2, ["x = ±1000", "in terms of sigmoid(x)"]),
    (check_grad_in_negative, lambda v, u: (1 - sigmoid(u @ v)) * v, ["1 − σ(u_k^T v_c)", "published solution"]),
    (check_grad_in_negative, lambda v, u: (sigmoid(u @ v) - 1) * v, ["the real pair's gradient"]),
    (check_grad_in_negative, lambda v, u: sigmoid_prime(u @ v) * v, ["σ(1 − σ) is σ'(s_k)"]),
    (check_grad_in_negative, lambda v, u: sigmoid(u @ v) * u, ["points along u_k"]),
    (check_grad_in_negative, lambda v, u: -sigmoid(u @ v) * v, ["sign flipped?"]),
    (check_grad_in_negative, lambda v, u: sigmoid(u @ v), ["has shape ()"]),
    (check_neg_sampling_loss_and_gradient, lambda *a: neg_sampling_written_out(*a, assign=True), ["np.add.at"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_unstable_log, ["log_sigmoid"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_sign_flipped, ["sign flipped?"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_one_minus_sigma, ["grad_center_vec is wrong",
                                                                          "1 − σ(u_k^T v_c)"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_row_o_overwritten, ["row o", "set with `=` after np.add.at"]),
    (check_neg_sampling_loss_and_gradient, neg_sampling_loss_and_gradient, ["w2vlib's own"]),
    (check_skipgram, lambda *args: skipgram_written_out(*args, overwrite=True),
     ["grad_center_vectors is wrong", "`=` instead of `+=`"]),
    (check_skipgram, skipgram_loss_assigned, ["loss is wrong", "`=` instead of `+=`"]),
    (check_skipgram, skipgram_averaged, ["not their mean"]),
    (check_skipgram, lambda *args: tuple(-x for x in skipgram_written_out(*args)), ["sign flipped?"]),
    (check_skipgram, skipgram_with_reference_inside, ["w2vlib's own `skipgram`"]),
    (check_sgd_step, lambda p, g, a: p + a * g, ["sign flipped?"]),
    (check_sgd_step, lambda p, g, a: p - g, ["step size was not used"]),
    (check_sgd_step, lambda p, g, a: -a * g, ["returned only the step"]),
    (check_sgd_step, lambda p, g, a: p - g / a, ["divided the gradient by the step size"]),
    (check_sgd_step, lambda p, g, a: (p - a * g).T, ["missing transpose?"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, mean=True), ["not their mean"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, n_factor=False), ["count n times"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, counts_once=True), ["must count twice"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, minus_y=False), ["−Σ_j y_j part is missing"]),
    (check_window_naive_softmax, lambda *a: window_written_out(*a, shift=False), ["is not finite"]),
    (check_window_naive_softmax, window_calling_the_pair_reference, ["w2vlib's own"]),
]


@pytest.mark.parametrize("checker, wrong, phrases", WRONG_ANSWERS,
                         ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(WRONG_ANSWERS)])
def test_wrong_answer_is_rejected_with_a_message_naming_the_problem(checker, wrong, phrases):
    assert_fails_with(run_quietly(checker, wrong), *phrases)


def test_every_checker_rejects_at_least_five_plausible_wrong_answers():
    counts = {}
    for checker, _, _ in WRONG_ANSWERS:
        counts[checker.__name__] = counts.get(checker.__name__, 0) + 1
    checkers = {"check_outside_word_probabilities", "check_softmax", "check_naive_softmax_loss_and_gradient",
                "check_sigmoid_derivative", "check_grad_in_negative", "check_neg_sampling_loss_and_gradient",
                "check_skipgram", "check_sgd_step", "check_window_naive_softmax"}
    assert {name: n for name, n in counts.items() if n < 5} == {}
    assert set(counts) == checkers


@pytest.mark.parametrize("wrong, answer_text", [
    (lambda p, g, a: p + a * g, "params - step_size * grad"),
    (lambda p, g, a: -a * g, "params minus step_size * grad"),
])
def test_no_hint_prints_the_answer(wrong, answer_text):
    message = run_quietly(check_sgd_step, wrong).message
    assert answer_text not in message
    assert "step_size * grad" not in message


def test_no_neg_sampling_hint_gives_the_line_to_write():
    message = run_quietly(check_neg_sampling_loss_and_gradient,
                          lambda *a: neg_sampling_written_out(*a, assign=True)).message
    assert "np.add.at(grad" not in message


@pytest.mark.parametrize("slips, phrases", [
    (set(), ["you flagged no line"]),
    (set(PUBLISHED_LABELS), ["agree with finite differences"]),
    ({"d3"}, ["you found 1 of the 3 slips", "in part (e)"]),
    ({"d3", "e-loss", "e-u_k", "d1"}, ["1 of the lines you flagged agrees"]),
    ("d3, e-loss", ["must be a set of labels"]),
    ({"d3", "e-u_k", "line 5"}, ["unknown label(s) ['line 5']"]),
])
def test_slips_checker_rejects_wrong_sets_without_listing_the_answer(slips, phrases):
    result = check_slips(slips)
    assert_fails_with(result, *phrases)
    assert "e-loss" not in result.message or "the labels are" in result.message


def test_slips_checker_accepts_the_three_slips_in_any_container():
    assert check_slips({"d3", "e-loss", "e-u_k"}).passed
    assert check_slips(["e-u_k", "d3", "e-loss"]).passed


def _never_returns(*args):
    while True:
        try:
            pass
        except Exception:          # a student's blanket except must not swallow the checker's interruption
            pass


@pytest.mark.parametrize("checker", [
    "check_outside_word_probabilities", "check_softmax", "check_naive_softmax_loss_and_gradient",
    "check_sigmoid_derivative", "check_grad_in_negative", "check_neg_sampling_loss_and_gradient", "check_slips",
    "check_sgd_step", "check_skipgram", "check_window_naive_softmax"])
def test_a_function_that_never_returns_is_stopped_with_a_sentence(checker, monkeypatch, capsys):
    """Before: the checker waited forever (issue 29 item 4)."""
    import time

    from w2vlib.course import checkers
    from w2vlib.course.checkers import engine

    monkeypatch.setattr(engine, "STUDENT_TIME_LIMIT", 0.3)
    start = time.perf_counter()
    result = getattr(checkers, checker)(_never_returns)
    assert time.perf_counter() - start < 10
    assert not result.passed
    assert "did not return within 0.3 s" in result.message and "loop" in result.message


ROUTES = {
    "module attribute": "import w2vlib\ndef f(v, o, U):\n    return w2vlib.naive_softmax_loss_and_gradient(v, o, U)\n",
    "submodule attribute": "import w2vlib.losses.naive_softmax as ns\ndef f(v, o, U):\n"
                           "    return ns.naive_softmax_loss_and_gradient(v, o, U)\n",
    "imported alias": "from w2vlib import naive_softmax_loss_and_gradient as mine\ndef f(v, o, U):\n"
                      "    return mine(v, o, U)\n",
    "default argument": "import w2vlib\ndef f(v, o, U, _ref=w2vlib.naive_softmax_loss_and_gradient):\n"
                        "    return _ref(v, o, U)\n",
    "functools.partial": "import functools, w2vlib\n"
                         "f = functools.partial(w2vlib.naive_softmax_loss_and_gradient)\n",
    "kept in a list": "import w2vlib\nTOOLS = [w2vlib.naive_softmax_loss_and_gradient]\n"
                      "def f(v, o, U):\n    return TOOLS[0](v, o, U)\n",
    "kept in a dict": "import w2vlib\nTOOLS = {'loss': w2vlib.naive_softmax_loss_and_gradient}\n"
                      "def f(v, o, U):\n    return TOOLS['loss'](v, o, U)\n",
    "a lambda": "import w2vlib\nf = lambda *args: w2vlib.naive_softmax_loss_and_gradient(*args)\n",
}


@pytest.mark.parametrize("route", ROUTES)
def test_a_call_to_the_reference_is_refused_by_any_route(route):
    """Issue 23 item 4: detected by the reference's code running, not by names the checker can patch."""
    namespace = {}
    exec(ROUTES[route], namespace)
    result = run_quietly(check_naive_softmax_loss_and_gradient, namespace["f"])
    assert not result.passed
    assert "your function calls w2vlib's own `naive_softmax_loss_and_gradient`" in result.message
    assert "your function is w2vlib" not in result.message


def test_other_w2vlib_helpers_are_allowed_in_a_correct_answer():
    from w2vlib import softmax

    def f(center_vec, outside_idx, outside_vectors):
        y_hat = softmax(outside_vectors @ center_vec)          # w2vlib's softmax: allowed in this exercise
        loss = -np.log(y_hat[outside_idx])
        delta = y_hat.copy()
        delta[outside_idx] -= 1
        return loss, outside_vectors.T @ delta, np.outer(delta, center_vec)

    assert run_quietly(check_naive_softmax_loss_and_gradient, f).passed
