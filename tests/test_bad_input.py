"""Bad input found by a hostile probe (issue 10): each gets a clear error naming the argument and what to do.

Every test here asserts three things about the message: the argument (or file) it names, the problem, and a
hint of what to do instead; and, where the input was a user's array or file, that it was left as it was.
"""
import numpy as np
import pytest

from w2vlib import gradcheck


# ----- gradcheck ----------------------------------------------------------------------------------------------
def _square(x):
    return float(np.sum(x ** 2)), 2 * x


def _doubles_its_input(x):
    x *= 2
    return float(np.sum(x ** 2)), 2 * x


def _changes_x_only_when_perturbed(x):
    value = float(np.sum(x ** 2))
    if np.any(x != 1.0):
        x[0] = 0.0
    return value, 2 * x


@pytest.mark.parametrize("f", [_doubles_its_input, _changes_x_only_when_perturbed])
def test_gradcheck_detects_an_f_that_changes_its_input_and_restores_x(f):
    x = np.ones(3)
    with pytest.raises(ValueError) as info:
        gradcheck(f, x)
    message = str(info.value)
    assert "f changed its input x in place" in message and "restored" in message and "copy" in message
    assert np.array_equal(x, np.ones(3))  # restored


def test_gradcheck_restores_x_when_f_raises_half_way():
    x = np.arange(1.0, 5.0)
    calls = []

    def fails_on_the_fifth_call(x):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("boom")
        return _square(x)

    with pytest.raises(RuntimeError):
        gradcheck(fails_on_the_fifth_call, x)
    assert np.array_equal(x, np.arange(1.0, 5.0))


def test_gradcheck_of_an_empty_x_is_an_error_not_a_vacuous_pass():
    with pytest.raises(ValueError) as info:
        gradcheck(_square, np.zeros((0, 3)))
    assert "x is empty" in str(info.value) and "no check could pass or fail" in str(info.value)
    assert "pass the (non-empty) point" in str(info.value)


@pytest.mark.parametrize("f, said", [
    (lambda x: None, "f returned None"),
    (lambda x: float(np.sum(x ** 2)), "f returned only the value"),
    (lambda x: (float(np.sum(x ** 2)), 2 * x, 2 * x), "f returned 3 values"),
    (lambda x: (1.0,), "f returned 1 values"),
    (lambda x: 2 * x, "f returned a ndarray of shape (3,)"),
    (lambda x: (2 * x, 2 * x), "f must return a scalar value first"),
    (lambda x: ("one", 2 * x), "not a number"),
    (lambda x: (1.0, ["a", "b", "c"]), "gradient that is not an array of numbers"),
])
def test_gradcheck_says_what_f_must_return(f, said):
    with pytest.raises(ValueError) as info:
        gradcheck(f, np.ones(3))
    assert said in str(info.value) and "f must return a pair (value, gradient)" in str(info.value)


def test_gradcheck_tells_how_to_check_a_three_value_w2vlib_loss():
    from w2vlib import naive_softmax_loss_and_gradient

    outside_vectors = np.ones((4, 3))
    with pytest.raises(ValueError, match=r"naive_softmax_loss_and_gradient\(v, o, U\)\[:2\]"):
        gradcheck(lambda v: naive_softmax_loss_and_gradient(v, 1, outside_vectors), np.ones(3))


@pytest.mark.parametrize("h", [0, 0.0, -1e-5, float("nan"), float("inf"), "1e-5", None, True])
def test_gradcheck_step_h_must_be_a_positive_finite_number(h):
    with pytest.raises(ValueError) as info:
        gradcheck(_square, np.ones(3), h=h)
    assert str(info.value).startswith("h must be a finite number > 0") and "e.g. 1e-5" in str(info.value)


@pytest.mark.parametrize("x, said", [
    (np.array([1.0, np.nan]), "x contains nan or inf"),
    ([1.0, 2.0], "x must be a float64 NumPy array"),
])
def test_gradcheck_refuses_a_point_it_cannot_perturb(x, said):
    with pytest.raises(ValueError, match=said):
        gradcheck(_square, x)


def test_gradcheck_refuses_a_read_only_x_and_a_non_function():
    x = np.ones(3)
    x.setflags(write=False)
    with pytest.raises(ValueError, match=r"x is read-only.*pass x.copy\(\)"):
        gradcheck(_square, x)
    with pytest.raises(ValueError, match="f must be a function of x"):
        gradcheck(3.0, np.ones(3))


# ----- softmax ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("logits, said", [
    (np.array([]), "logits is empty (shape (0,))"),
    (np.zeros((3, 0)), "logits is empty (shape (3, 0))"),
    (np.float64(2.0), "logits is a single number"),
    (np.array([1.0, np.nan]), "logits holds nan at index (1,)"),
    (np.array([[0.0, 1.0], [np.inf, 0.0]]), "logits holds inf at index (1, 0)"),
    (np.array([[0.0, 1.0], [-np.inf, -np.inf]]), "a row of only -inf"),
    (np.array(["a", "b"]), "logits must hold real numbers"),
])
@pytest.mark.parametrize("function", ["softmax", "log_softmax"])
def test_softmax_of_an_empty_or_non_finite_input_is_a_clear_error(function, logits, said):
    import w2vlib

    with pytest.raises(ValueError) as info:
        getattr(w2vlib, function)(logits)
    assert said in str(info.value)
    assert "pass shape (n,) or (batch, n)" in str(info.value) or "pass scores of shape" in str(info.value) \
        or "smaller step size" in str(info.value)


def test_softmax_still_masks_a_word_out_with_minus_infinity():
    from w2vlib import log_softmax, softmax

    assert np.array_equal(softmax(np.array([-np.inf, 0.0, 0.0])), [0.0, 0.5, 0.5])
    assert log_softmax(np.array([-np.inf, 0.0]))[0] == -np.inf


# ----- NegativeSampler, NegativeTable and train(neg_power=...) -----------------------------------------------------
def _sampler(**kwargs):
    from w2vlib import NegativeSampler

    return NegativeSampler([5, 3, 2], **kwargs)


@pytest.mark.parametrize("call, said, hint", [
    (lambda: _sampler(seed=-1), "seed must be an integer >= 0 or a numpy.random.Generator, got -1", "e.g. seed=0"),
    (lambda: _sampler(seed=1.5), "seed must be an integer >= 0", "e.g. seed=0"),
    (lambda: _sampler(seed="a"), "seed must be an integer >= 0", "e.g. seed=0"),
    (lambda: _sampler().sample(2.5), "size must be K (an integer >= 1) or a shape", "got 2.5"),
    (lambda: _sampler().sample((4, -1)), "size must be K (an integer >= 1) or a shape", "(a tuple of integers >= 0)"),
    (lambda: _sampler().sample([4, 2]), "size must be K (an integer >= 1) or a shape", "such as (batch, K)"),
    (lambda: _sampler().sample(0), "size (the number of negatives K) must be >= 1", "got 0"),
    (lambda: _sampler().sample(4, exclude=3), "exclude=3 is out of range", "valid word indices are 0..2"),
    (lambda: _sampler().sample(4, exclude=-1), "exclude=-1 is out of range", "valid word indices are 0..2"),
    (lambda: _sampler().sample((2, 4), exclude=np.array([[0], [7]])), "exclude holds 7, out of range",
     "valid word indices are 0..2"),
    (lambda: _sampler().sample(4, exclude=1.0), "exclude must be None, a word index", "pass integers in 0..2"),
    (lambda: _sampler().sample((2, 4), exclude=np.zeros((3, 1), dtype=int)), "does not broadcast to size (2, 4)",
     "shape (batch, 1)"),
    (lambda: _sampler().sample(4, exclude=np.zeros((2, 4), dtype=int)), "larger than size (4,)", "shape (batch, 1)"),
])
def test_negative_sampler_arguments_out_of_range_are_clear_errors(call, said, hint):
    with pytest.raises(ValueError) as info:
        call()
    assert said in str(info.value) and hint in str(info.value)


@pytest.mark.parametrize("counts, power", [([1e10, 2.0], 1e3), ([100.0, 2.0], 1e6), ([1.0, 1e-200], 2.0)])
def test_a_noise_exponent_too_large_names_neg_power_in_sampler_and_table(counts, power):
    from w2vlib import NegativeSampler
    from w2vlib.negative_table import NegativeTable

    for make in (lambda: NegativeSampler(counts, power=power), lambda: NegativeTable(counts, power=power, table_size=10)):
        with pytest.raises(ValueError) as info:
            make()
        message = str(info.value)
        assert "neg_power" in message and f"= {power:g} is too large" in message
        assert "Use a β between 0 and 1" in message


def test_large_but_workable_noise_exponents_still_give_a_distribution():
    from w2vlib import NegativeSampler

    probabilities = NegativeSampler([100, 10, 1], power=10).probabilities
    assert np.all(probabilities > 0) and probabilities.sum() == pytest.approx(1.0)
    assert probabilities[0] == pytest.approx(1 / (1 + 1e-10 + 1e-20))


def test_train_with_a_noise_exponent_too_large_stops_before_training():
    from w2vlib.fast_trainer import train

    with pytest.raises(ValueError) as info:
        train([["a", "b", "c", "a"]] * 20, min_count=1, epochs=1, dim=4, progress=False, neg_power=1e6)
    assert "neg_power" in str(info.value) and "too large" in str(info.value) and "between 0 and 1" in str(info.value)


# ----- Embeddings: non-finite values, zero and cancelling queries ------------------------------------------------
def _embeddings():
    from w2vlib.embeddings import Embeddings

    return Embeddings(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), ["zero", "east", "north", "ne"])


@pytest.mark.parametrize("vectors, said", [
    (np.array([[1.0, np.nan]]), "vectors contains non-finite values"),
    (np.array([[1.0, np.inf]]), "vectors contains non-finite values"),
    (np.array([[1.0, 1e300]]), "too large for float32"),
])
def test_embeddings_refuse_non_finite_values_including_float32_overflow(vectors, said):
    from w2vlib.embeddings import Embeddings

    with pytest.raises(ValueError) as info:
        Embeddings(vectors, ["word"])
    assert said in str(info.value) and "smaller step size" in str(info.value)


@pytest.mark.parametrize("kwargs, said, hint", [
    ({"positive": "zero"}, "the word 'zero' in positive has a zero vector", "leave it out"),
    ({"positive": ["east"], "negative": ["zero"]}, "the word 'zero' in negative has a zero vector", "leave it out"),
    ({"positive": [np.zeros(2)]}, "a vector in positive is a zero vector", "leave it out"),
    ({"positive": ["east"], "negative": ["east"]}, "positive=['east'] and negative=['east'] cancel out",
     "Give different words"),
    ({"positive": ["east", "north"], "negative": ["north", "east"]}, "cancel out", "Give different words"),
    ({"positive": [np.array([1.0, 0.0])], "negative": ["east"]}, "positive=['(a vector)'] and negative=['east']",
     "Give different words"),
])
def test_most_similar_with_a_zero_or_cancelling_query_is_an_error_not_arbitrary_neighbours(kwargs, said, hint):
    with pytest.raises(ValueError) as info:
        _embeddings().most_similar(**kwargs)
    assert said in str(info.value) and hint in str(info.value)


def test_doesnt_match_and_the_neighbours_table_handle_a_zero_vector():
    from w2vlib.evaluation import nearest_neighbours_table

    emb = _embeddings()
    with pytest.raises(ValueError, match="the word 'zero' in words has a zero vector.*leave it out"):
        emb.doesnt_match(["east", "zero", "north"])
    table = nearest_neighbours_table(emb, ["zero", "east"], topn=2)
    assert "zero  (a zero vector: no direction, so no neighbours)" in table
    assert table.splitlines()[3].split()[:2] == ["east", "ne"]


# ----- word2vec files written by other tools, and absurd headers --------------------------------------------------
FOREIGN_FILES = {
    "tab after the word": b"2 2\nking\t1 2\nqueen\t3 4\n",
    "tabs everywhere": b"2\t2\nking\t1\t2\nqueen\t3\t4\n",
    "byte-order mark": b"\xef\xbb\xbf2 2\nking 1 2\nqueen 3 4\n",
    "double spaces": b"2  2\nking  1  2\nqueen  3   4\n",
    "windows line endings and trailing blanks": b"2 2\r\nking 1 2 \r\nqueen 3 4\t\r\n",
    "no newline at the end": b"2 2\nking 1 2\nqueen 3 4",
}


@pytest.mark.parametrize("content", FOREIGN_FILES.values(), ids=FOREIGN_FILES.keys())
def test_word2vec_text_files_written_by_other_tools_are_read(tmp_path, content):
    from w2vlib.embeddings import Embeddings

    path = tmp_path / "vectors.txt"
    path.write_bytes(content)
    emb = Embeddings.load_word2vec_format(path)
    assert emb.index_to_key == ["king", "queen"]
    assert np.array_equal(emb.vectors, [[1, 2], [3, 4]])


def test_a_word_with_a_non_breaking_space_stays_one_word(tmp_path):
    from w2vlib.embeddings import Embeddings

    path = tmp_path / "vectors.txt"
    path.write_bytes("1 2\nnew\u00a0york 1 2\n".encode("utf-8"))
    assert Embeddings.load_word2vec_format(path).index_to_key == ["new\u00a0york"]


@pytest.mark.parametrize("content", [
    b"999999999999 999999999\nking 1 2\n",
    b"1000000 300\nking 1 2\n",
    b"3 1000000000\nking " + b"\x00" * 40,
])
def test_an_absurd_header_is_checked_against_the_file_size_before_anything_is_allocated(tmp_path, content, monkeypatch):
    from w2vlib.embeddings import Embeddings

    path = tmp_path / "vectors.bin"
    path.write_bytes(content)

    def no_allocation(*args, **kwargs):
        raise AssertionError("an array was allocated for the header's promise")

    monkeypatch.setattr(np, "empty", no_allocation)
    with pytest.raises(ValueError) as info:
        Embeddings.load_word2vec_format(path)
    message = str(info.value)
    assert str(path) in message and "the header promises" in message and "which needs at least" in message
    assert "the header is wrong or the file is truncated" in message


def test_a_file_without_a_header_says_how_to_add_one(tmp_path):
    from w2vlib.embeddings import Embeddings

    path = tmp_path / "glove.txt"
    path.write_bytes(b"the 0.1 0.2 0.3\ncat 0.3 0.4 0.5\n")
    with pytest.raises(ValueError) as info:
        Embeddings.load_word2vec_format(path)
    assert "line 1 must be the header 'n_words d'" in str(info.value) and "Add the line '2 3' at the top" in str(info.value)


def test_the_command_line_evaluates_a_tab_separated_file_with_a_byte_order_mark(tmp_path, capsys):
    from w2vlib.__main__ import main

    path = tmp_path / "vectors.txt"
    path.write_bytes(b"\xef\xbb\xbf3 2\nking\t1\t2\nqueen\t1\t2.5\ncat\t-3\t1\n")
    assert main(["evaluate", str(path), "--neighbours", "king"]) == 0
    out = capsys.readouterr().out
    assert "3 words × d = 2" in out and any(line.split()[:2] == ["king", "queen"] for line in out.splitlines())
