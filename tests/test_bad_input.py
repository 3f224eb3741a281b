"""Bad input found by a hostile probe (issue 10): each gets a clear error naming the argument and what to do.

Every test here asserts three things about the message: the argument (or file) it names, the problem, and a
hint of what to do instead; and, where the input was a user's array or file, that it was left as it was.
"""
import re

import numpy as np
import pytest

import w2vlib
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
    from w2vlib.text.negative_table import NegativeTable

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
    from w2vlib.training.fast_trainer import train

    with pytest.raises(ValueError) as info:
        train([["a", "b", "c", "a"]] * 20, min_count=1, epochs=1, dim=4, progress=False, neg_power=1e6)
    assert "neg_power" in str(info.value) and "too large" in str(info.value) and "between 0 and 1" in str(info.value)


# ----- Embeddings: non-finite values, zero and cancelling queries ------------------------------------------------
def _embeddings():
    from w2vlib.vectors.embeddings import Embeddings

    return Embeddings(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), ["zero", "east", "north", "ne"])


@pytest.mark.parametrize("vectors, said", [
    (np.array([[1.0, np.nan]]), "vectors contains non-finite values"),
    (np.array([[1.0, np.inf]]), "vectors contains non-finite values"),
    (np.array([[1.0, 1e300]]), "too large for float32"),
])
def test_embeddings_refuse_non_finite_values_including_float32_overflow(vectors, said):
    from w2vlib.vectors.embeddings import Embeddings

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
    from w2vlib.vectors.evaluation import nearest_neighbours_table

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
    from w2vlib.vectors.embeddings import Embeddings

    path = tmp_path / "vectors.txt"
    path.write_bytes(content)
    emb = Embeddings.load_word2vec_format(path)
    assert emb.index_to_key == ["king", "queen"]
    assert np.array_equal(emb.vectors, [[1, 2], [3, 4]])


def test_a_word_with_a_non_breaking_space_stays_one_word(tmp_path):
    from w2vlib.vectors.embeddings import Embeddings

    path = tmp_path / "vectors.txt"
    path.write_bytes("1 2\nnew\u00a0york 1 2\n".encode("utf-8"))
    assert Embeddings.load_word2vec_format(path).index_to_key == ["new\u00a0york"]


@pytest.mark.parametrize("content", [
    b"999999999999 999999999\nking 1 2\n",
    b"1000000 300\nking 1 2\n",
    b"3 1000000000\nking " + b"\x00" * 40,
])
def test_an_absurd_header_is_checked_against_the_file_size_before_anything_is_allocated(tmp_path, content, monkeypatch):
    from w2vlib.vectors.embeddings import Embeddings

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
    from w2vlib.vectors.embeddings import Embeddings

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


# ----- corpus files that are not what their source says -------------------------------------------------------------
@pytest.fixture
def corpus_files(tmp_path, monkeypatch):
    """A private cache folder, and a helper that writes a file into tmp_path."""
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path / "cache"))

    def write(name, content):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


def _zip_bytes(member, content):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
    return buffer.getvalue()


TEXT8_WORDS = b" anarchism originated as a term of abuse" * 200


def _damaged_zip_bytes():
    data = bytearray(_zip_bytes("text8", TEXT8_WORDS))
    data[60] ^= 0xFF  # a byte of the compressed data: the CRC (or the inflater) catches it
    return bytes(data)


BAD_TEXT8 = {
    "binary with NUL bytes": (bytes(range(256)) * 40, "is not text8: it holds binary data (a control byte at byte 0)"),
    "bytes that are not UTF-8": (b" word " + bytes(range(128, 256)) * 40, "bytes that are not UTF-8 text (at byte 6)"),
    "a truncated zip archive": (_zip_bytes("text8", TEXT8_WORDS)[:120], "starts like a zip archive but is damaged"),
    "a corrupt zip archive": (_damaged_zip_bytes(), "is damaged"),
    "a gzip file": (__import__("gzip").compress(TEXT8_WORDS), "is a gzip-compressed file, not text8"),
}


@pytest.mark.parametrize("content, said", BAD_TEXT8.values(), ids=BAD_TEXT8.keys())
def test_a_text8_path_holding_something_else_is_named_never_decoded(corpus_files, content, said):
    from w2vlib.text.corpora import load_corpus

    path = corpus_files("text8.zip" if content.startswith(b"PK") else "text8", content)
    with pytest.raises(ValueError) as info:
        load_corpus(f"text8:{path}")
    message = str(info.value)
    assert str(path) in message and said in message
    assert "download text8.zip again" in message or "decompress it first" in message


def test_a_good_text8_still_reads_after_the_checks(corpus_files):
    from w2vlib.text.corpora import load_corpus

    path = corpus_files("text8.zip", _zip_bytes("text8", TEXT8_WORDS))
    assert load_corpus(f"text8:{path}").n_words == 7 * 200


def _wiki_dump_bytes():
    from w2vlib.text.corpora import WIKI_FILE, _gensim_data

    return _gensim_data(WIKI_FILE).read_bytes()  # 1.7 MB; only its first bz2 block is decompressed to recognise it


BAD_PLAIN_TEXT = {
    "a bz2 Wikipedia dump": ("enwiki.bz2", _wiki_dump_bytes, "is a MediaWiki XML dump, not plain text", "'wiki:"),
    "an uncompressed dump": ("enwiki.xml", lambda: b'<?xml version="1.0"?>\n<mediawiki xmlns="x">', "MediaWiki XML dump",
                             "compress it with bzip2"),
    "gzip named .txt": ("story.txt", lambda: __import__("gzip").compress(b"the cat sat\n"), "is a gzip-compressed file",
                        "rename it to end in .gz"),
    "bz2 named .txt": ("story.txt", lambda: __import__("bz2").compress(b"the cat sat\n"), "is a bz2-compressed file",
                       "rename it to end in .bz2"),
    "a zip archive": ("text8.zip", lambda: _zip_bytes("text8", TEXT8_WORDS), "is a zip archive, not plain text",
                      "unzip it"),
    "binary data": ("vectors.bin", lambda: b"2 2\na \x00\x00\x80?\x00\x00\x00@\n", "binary data", "pass a UTF-8 text file"),
    "a NumPy array": ("x.npy", lambda: b"\x93NUMPY\x01\x00v\x00{'descr': '<f8'}", "a NumPy .npy array",
                      "pass a UTF-8 text file"),
    "plain text named .gz": ("story.txt.gz", lambda: b"the cat sat\n", "is named like a gzip-compressed file (.gz) but "
                             "holds plain text", "rename it"),
    "a NUL byte late in the file": ("late.txt", lambda: b"the cat sat\n" * 10_000 + b"on \x00 mat\n",
                                    "a NUL byte on line 10001", "pass a UTF-8 text file"),
    "UTF-16 text": ("utf16.txt", lambda: "the cat sat\n".encode("utf-16"), "is UTF-16 text", "convert it to UTF-8 first"),
    "Latin-1 text": ("latin.txt", lambda: "caf\xe9 au lait\n".encode("latin-1"), "is not UTF-8 text",
                     "convert it to UTF-8 first"),
}


@pytest.mark.parametrize("name, content, said, hint", BAD_PLAIN_TEXT.values(), ids=BAD_PLAIN_TEXT.keys())
def test_a_plain_text_path_holding_something_else_is_named_with_what_to_do(corpus_files, name, content, said, hint):
    from w2vlib.text.corpora import load_corpus

    path = corpus_files(name, content())
    with pytest.raises(ValueError) as info:
        load_corpus(str(path))
    assert str(path) in str(info.value) and said in str(info.value) and hint in str(info.value)


def test_a_binary_file_in_a_corpus_folder_is_named(corpus_files, tmp_path):
    from w2vlib.text.corpora import load_corpus

    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("the cat sat\n", encoding="utf-8")
    (folder / "b.gz").write_bytes(__import__("gzip").compress(bytes(range(256))))
    with pytest.raises(ValueError) as info:
        load_corpus(folder)
    assert str(folder / "b.gz") in str(info.value) and "binary data" in str(info.value)


BAD_WIKI = {
    "plain text": (b"the cat sat on the mat\n", "is plain text, not a bz2-compressed MediaWiki XML dump",
                   "without 'wiki:'"),
    "bz2 plain text": (__import__("bz2").compress(b"the cat sat\n"), "is a bz2-compressed file but not a MediaWiki",
                       "without 'wiki:'"),
    "gzip": (__import__("gzip").compress(b"<mediawiki>"), "is a gzip-compressed file, not a bz2-compressed MediaWiki",
             "pass a pages-articles .xml.bz2 file"),
    "uncompressed dump": (b"<mediawiki xmlns='x'>", "is an uncompressed MediaWiki XML dump", "compress it with bzip2"),
}


@pytest.mark.parametrize("content, said, hint", BAD_WIKI.values(), ids=BAD_WIKI.keys())
def test_a_wiki_path_holding_something_else_is_named_with_what_to_do(corpus_files, content, said, hint):
    from w2vlib.text.corpora import load_corpus

    path = corpus_files("dump.xml.bz2", content)
    with pytest.raises(ValueError) as info:
        load_corpus(f"wiki:{path}")
    assert str(path) in str(info.value) and said in str(info.value) and hint in str(info.value)


# ----- tokens that are not strings: refused when the corpus is built, before training ------------------------------
@pytest.mark.parametrize("sentences, said", [
    ([["the", "cat"], ["sat", 3]], "sentence 1 holds 3 (of type int) as a word"),
    ([["the", "cat"], [], ["sat", None]], "sentence 2 holds None (of type NoneType) as a word"),
    ([["the", b"cat"]], "sentence 0 holds b'cat' (of type bytes) as a word"),
    ([["the", ["nested"]]], "sentence 0 holds ['nested'] (of type list) as a word"),
    ([["the", 1.5, "cat"]], "sentence 0 holds 1.5 (of type float) as a word"),
    ([["the", ""]], "sentence 0 holds an empty string as a word"),
    (iter([["a", "b"]] * 4 + [["c", 7]]), "sentence 4 holds 7 (of type int) as a word"),
])
def test_non_string_tokens_are_rejected_when_the_corpus_is_built(sentences, said):
    from w2vlib.text.corpora import Corpus

    with pytest.raises(ValueError) as info:
        Corpus.from_sentences(sentences)
    assert said in str(info.value) and "convert the tokens to strings first" in str(info.value)


def test_a_sentence_that_is_not_a_list_of_words_is_named():
    from w2vlib.text.corpora import Corpus

    with pytest.raises(ValueError, match=r"sentence 1 is 5 \(int\), but each sentence must be a list of word strings"):
        Corpus.from_sentences([["a", "b"], 5])


def test_train_rejects_non_string_tokens_before_training(monkeypatch):
    from w2vlib.training import fast_trainer

    def no_training(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(fast_trainer, "sgns_minibatch_step", no_training)
    with pytest.raises(ValueError, match="sentence 1 holds 42 .* as a word"):
        fast_trainer.train([["a", "b", "c"], ["b", "c", 42]] * 10, min_count=1, epochs=1, dim=4, progress=False)


# ----- the command line: exit 2, a message naming the option, nothing written --------------------------------------
def _run(argv, capsys):
    from w2vlib.__main__ import main

    status = main(argv)
    return status, capsys.readouterr().err


@pytest.mark.parametrize("name, content, said", [
    ("corpus.bin", bytes(range(256)) * 10, "binary data"),
    ("enwiki.bz2", None, "is a MediaWiki XML dump"),
    ("story.txt", __import__("gzip").compress(b"the cat sat\n" * 100), "rename it to end in .gz"),
])
def test_the_command_line_refuses_a_corpus_file_that_is_not_text_with_exit_2(corpus_files, tmp_path, capsys, name,
                                                                              content, said):
    path = corpus_files(name, _wiki_dump_bytes() if content is None else content)
    out = tmp_path / "out"
    out.mkdir()
    status, err = _run(["train", "--corpus", str(path), "--out", str(out / "v.txt"), "--no-progress"], capsys)
    assert status == 2 and err.startswith("error: argument --corpus: ") and said in err and err.count("\n") == 1
    assert list(out.iterdir()) == []


def test_the_command_line_refuses_a_damaged_text8_zip_with_exit_2(corpus_files, tmp_path, capsys):
    path = corpus_files("text8.zip", _zip_bytes("text8", TEXT8_WORDS)[:120])
    out = tmp_path / "out"
    out.mkdir()
    status, err = _run(["train", "--corpus", f"text8:{path}", "--out", str(out / "v.txt"), "--no-progress"], capsys)
    assert status == 2 and "argument --corpus" in err and "damaged" in err and "download text8.zip again" in err
    assert list(out.iterdir()) == []


def test_a_value_error_from_training_exits_2_with_its_message_and_writes_nothing(tmp_path, capsys):
    corpus = tmp_path / "tiny.txt"
    corpus.write_text("the cat sat\n", encoding="utf-8")
    out = tmp_path / "v.txt"
    status, err = _run(["train", "--corpus", str(corpus), "--out", str(out), "--min-count", "5", "--no-progress"], capsys)
    assert status == 2 and err.startswith("error: ") and "min_count" in err and "Traceback" not in err
    assert not out.exists()


def test_the_command_line_checks_that_out_can_be_written_before_training(tmp_path, capsys, monkeypatch):
    import tempfile

    from w2vlib.training import fast_trainer

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    def no_training(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(fast_trainer, "train", no_training)
    with pytest.raises(SystemExit) as info:
        _run(["train", "--corpus", "toy", "--out", str(tmp_path / "v.txt")], capsys)
    err = capsys.readouterr().err
    assert info.value.code == 2 and "error: argument --out: " in err and str(tmp_path / "v.txt") in err
    assert "Permission denied" in err and "choose a folder you may write to" in err and ".tmp-" not in err


# ----- resuming the handout trainer from a damaged or foreign checkpoint --------------------------------------------
CHECKPOINT_SENTENCES = [["the", "cat", "sat", "on", "the", "mat"], ["a", "dog", "sat", "on", "a", "log"]] * 5
CHECKPOINT_RUN = dict(dim=4, window=2, seed=0, epochs=1)


@pytest.fixture(scope="module")
def good_checkpoint(tmp_path_factory):
    """The arrays of a real checkpoint, as a dict, to be damaged one at a time."""
    from w2vlib.training.handout_trainer import train_handout

    path = tmp_path_factory.mktemp("checkpoint") / "run.npz"
    train_handout(CHECKPOINT_SENTENCES, checkpoint_path=path, checkpoint_every=10, **CHECKPOINT_RUN)
    with np.load(path) as saved:
        return {key: saved[key] for key in saved.files}


def _pickle_bytes():
    import pickle

    return pickle.dumps({"center_vectors": [[0.0]]})


def _with(good, **changes):
    arrays = dict(good)
    arrays.update(changes)
    return {key: value for key, value in arrays.items() if value is not None}


DAMAGED_CHECKPOINTS = {
    "a pickle": (lambda good: _pickle_bytes(), "cannot be read as a train_handout checkpoint"),
    "random bytes": (lambda good: bytes(range(256)) * 4, "cannot be read as a train_handout checkpoint"),
    "an empty file": (lambda good: b"", "cannot be read as a train_handout checkpoint"),
    "a truncated checkpoint": ("truncated", "cannot be read as a train_handout checkpoint"),
    "a single .npy array": ("npy", "holds a single array (.npy)"),
    "an .npz of other arrays": (lambda good: {"weights": np.zeros(3)}, "is not a checkpoint written by train_handout"),
    "an object array": (lambda good: _with(good, config=np.array([{"dim": 4}], dtype=object)),
                        "cannot be read as a train_handout checkpoint"),
    "config that is not JSON": (lambda good: _with(good, config=np.array("{dim: 4")), "config is not valid JSON"),
    "config that is a list": (lambda good: _with(good, config=np.array("[4]")), "config is not a JSON object"),
    "a negative step": (lambda good: _with(good, step=np.array(-3)), "step is not a whole number >= 0"),
    "a step that is a float": (lambda good: _with(good, step=np.array(3.5)), "step is not a whole number >= 0"),
    "vectors of the wrong shape": (lambda good: _with(good, center_vectors=np.zeros((3, 4))),
                                   "center_vectors has shape (3, 4)"),
    "vectors holding nan": (lambda good: _with(good, outside_vectors=good["outside_vectors"] * np.nan),
                            "outside_vectors holds nan or inf"),
    "a bad random state": (lambda good: _with(good, rng_state=np.array('{"bit_generator": "MT19937"}')),
                           "its random-number state cannot be restored"),
    "a missing entry": (lambda good: _with(good, rng_state=None), "it lacks rng_state"),
}


@pytest.mark.parametrize("make, said", DAMAGED_CHECKPOINTS.values(), ids=DAMAGED_CHECKPOINTS.keys())
def test_resuming_from_a_damaged_or_foreign_checkpoint_is_a_clear_error_never_a_pickle_hint(tmp_path, good_checkpoint,
                                                                                            make, said):
    from w2vlib.training.handout_trainer import train_handout

    path = tmp_path / "run.npz"
    if make == "truncated":
        import io

        buffer = io.BytesIO()
        np.savez(buffer, **good_checkpoint)
        path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    elif make == "npy":
        with open(path, "wb") as stream:
            np.save(stream, np.zeros(3))
    else:
        content = make(good_checkpoint)
        if isinstance(content, dict):
            np.savez(path, **content)
        else:
            path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(ValueError) as info:
        train_handout(CHECKPOINT_SENTENCES, checkpoint_path=path, resume=True, **CHECKPOINT_RUN)
    message = str(info.value)
    assert str(path) in message and said in message
    assert "delete it or pass another checkpoint_path to start afresh" in message
    assert "allow_pickle" not in message and "unsafe" not in message  # never a suggestion to load pickles
    assert path.read_bytes() == before  # the file is left for the user to inspect


def test_a_good_checkpoint_still_resumes(tmp_path, good_checkpoint):
    from w2vlib.training.handout_trainer import train_handout

    path = tmp_path / "run.npz"
    np.savez(path, **good_checkpoint)
    resumed = train_handout(CHECKPOINT_SENTENCES, checkpoint_path=path, resume=True, **CHECKPOINT_RUN)
    fresh = train_handout(CHECKPOINT_SENTENCES, **CHECKPOINT_RUN)
    assert np.array_equal(resumed.center_vectors, fresh.center_vectors)


# ----- smaller traps: the corpus as --out, a file as the projector folder, repeated words, other tools' pair files --
def test_the_command_line_refuses_to_write_the_vectors_over_the_corpus(tmp_path, capsys):
    from w2vlib.__main__ import main

    corpus = tmp_path / "corpus.txt"
    corpus.write_text("the cat sat\n" * 10, encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["train", "--corpus", str(corpus), "--out", str(corpus)])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "argument --out" in err and "is the corpus file itself" in err
    assert "give another file name" in err and corpus.read_text(encoding="utf-8") == "the cat sat\n" * 10


def test_the_projector_folder_must_not_be_a_file(tmp_path):
    path = tmp_path / "projector"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="is a file, but the projector needs a folder.*pass the name of a folder"):
        _embeddings().save_projector_tsv(path)
    assert path.read_text(encoding="utf-8") == "mine"


def test_a_vocabulary_with_a_repeated_word_is_an_error():
    from w2vlib.text.vocabulary import Vocabulary

    with pytest.raises(ValueError, match="index_to_key holds 'cat' twice; every word needs exactly one row"):
        Vocabulary(["cat", "dog", "cat"], [3, 2, 1])


def test_word_pair_files_with_a_byte_order_mark_or_spaces_are_read(tmp_path):
    from w2vlib.vectors.evaluation import read_analogies, read_word_pairs

    pairs = tmp_path / "pairs.txt"
    pairs.write_bytes(b"\xef\xbb\xbfking\tqueen\t8.5\ncat dog 7\n")
    assert read_word_pairs(pairs) == [("king", "queen", 8.5), ("cat", "dog", 7.0)]
    analogies = tmp_path / "analogies.txt"
    analogies.write_bytes(b"\xef\xbb\xbf: capitals\nathens greece paris france\n")
    assert read_analogies(analogies) == [("capitals", [("athens", "greece", "paris", "france")])]


def test_complex_numbers_are_refused_where_real_vectors_are_expected():
    from w2vlib import naive_softmax_loss_and_gradient

    with pytest.raises(ValueError, match="center_vec must hold real numbers, got dtype complex128; pass a NumPy array"):
        naive_softmax_loss_and_gradient(np.ones(2) * 1j, 0, np.ones((3, 2)))


def test_a_negative_table_of_absurd_size_is_refused_before_allocating():
    from w2vlib.text.negative_table import NegativeTable

    with pytest.raises(ValueError, match=r"table_size=1,000,000,000,000 would take 3,725 GiB; use at most"):
        NegativeTable([3, 2, 1], table_size=10**12)


def test_build_vocabulary_of_something_that_is_not_a_corpus_says_how_to_make_one():
    from w2vlib.text.vocabulary import build_vocabulary

    with pytest.raises(ValueError, match=r"corpus must be a w2vlib Corpus .* Corpus.from_sentences\(sentences\)"):
        build_vocabulary([["the", "cat"]])


# ----- issue 29 item 5: clear words everywhere else ---------------------------------------------------------------
@pytest.mark.parametrize("change, phrase", [
    ({"neg_power": 5}, "neg_power=5 is not one of the explorer's noise powers β: choose 0, 0.75, 1"),
    ({"corpus": "nonsense"}, "corpus='nonsense' is not one of the explorer's corpora: choose 'toy', 'toy-runon', 'wiki'"),
    ({"window": 50}, "window=50 is outside the explorer's slider (1 to 10)"),
])
def test_explorer_settings_the_controls_cannot_show_are_named(change, phrase):
    """Before: ipywidgets' raw TraitError ('Invalid selection: value not found'), or a silently clamped slider."""
    from w2vlib.widgets import Explorer, ExplorerSettings

    with pytest.raises(ValueError) as info:
        Explorer(ExplorerSettings(**change), train=False)
    assert phrase in str(info.value)


@pytest.mark.parametrize("kwargs, phrase", [
    ({"max_window": 0}, "max_window must be a whole number of at least 1"),
    ({"window": 0}, "window must be a whole number of at least 1"),
    ({"window": 6, "max_window": 4}, "window=6 is larger than max_window=4"),
])
def test_the_window_widget_names_a_bad_window(kwargs, phrase):
    """Before: TraitError 'setting min > max'."""
    from w2vlib.widgets import window_widget

    with pytest.raises(ValueError, match=re.escape(phrase)):
        window_widget(**kwargs)


@pytest.mark.parametrize("value", [["a"], "abc", [None]])
def test_sigmoid_of_something_that_is_not_numbers_names_x(value):
    """Before: NumPy's 'could not convert string to float'."""
    with pytest.raises(TypeError, match=r"x must be a number or an array of numbers, got"):
        w2vlib.sigmoid(value)


def test_export_projector_into_a_file_says_it_needs_a_folder(tmp_path):
    """Before: FileExistsError [Errno 17]."""
    target = tmp_path / "vectors.txt"
    target.write_text("mine")
    kv = w2vlib.Embeddings(np.eye(3, dtype=np.float32), ["a", "b", "c"])
    with pytest.raises(ValueError, match=r"is a file; export_projector writes two files .* into a folder"):
        w2vlib.export_projector(kv, target)
    assert target.read_text() == "mine"


def test_a_value_beyond_float32_is_not_called_a_diverged_run(tmp_path):
    file = tmp_path / "big.txt"
    file.write_text("2 2\na 1e50 1\nb 1 1\n")
    with pytest.raises(ValueError) as info:
        w2vlib.Embeddings.load_word2vec_format(file)
    assert "line 2 holds a value beyond float32's range" in str(info.value) and "1e50" in str(info.value)
    assert "diverged" not in str(info.value)


def test_a_text_file_loaded_as_binary_is_not_called_truncated(tmp_path):
    file = tmp_path / "vectors.txt"
    w2vlib.Embeddings(np.eye(3, dtype=np.float32), ["a", "b", "c"]).save_word2vec_format(file)
    with pytest.raises(ValueError) as info:
        w2vlib.Embeddings.load_word2vec_format(file, binary=True)
    assert str(file) in str(info.value) and "binary=True, but this is the text format" in str(info.value)
    assert "truncated" not in str(info.value)


def test_a_binary_file_with_an_empty_word_names_the_file(tmp_path):
    file = tmp_path / "vectors.bin"
    record = np.ones(2, dtype="<f4").tobytes()
    file.write_bytes(b"2 2\n" + b" " + record + b"\nb " + record + b"\n")
    with pytest.raises(ValueError) as info:
        w2vlib.Embeddings.load_word2vec_format(file, binary=True)
    assert str(file) in str(info.value) and "vector 1 has an empty word" in str(info.value)


def test_the_command_line_names_an_empty_neighbours_option(tmp_path, capsys):
    from w2vlib.__main__ import main

    file = tmp_path / "v.txt"
    w2vlib.Embeddings(np.eye(3, dtype=np.float32), ["a", "b", "c"]).save_word2vec_format(file)
    with pytest.raises(SystemExit) as info:
        main(["evaluate", str(file), "--neighbours", ",,,"])
    assert info.value.code == 2
    assert "argument --neighbours: needs at least one word" in capsys.readouterr().err
