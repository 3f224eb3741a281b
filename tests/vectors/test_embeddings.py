"""Embeddings: gensim's names and file formats, exact round trips, atomic saves, clear errors."""
import os

import numpy as np
import pytest
from gensim.models import KeyedVectors
from gensim.test.utils import datapath
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from w2vlib.vectors import embeddings as embeddings_module
from w2vlib.vectors.embeddings import Embeddings

WORDS = ["paris", "france", "rome", "italy", "berlin", "germany", "cat", "dog", "café", "naïve"] + [f"w{i}" for i in range(190)]


@pytest.fixture
def emb(rng):
    return Embeddings(rng.standard_normal((len(WORDS), 16)), WORDS)


def gensim_twin(emb):
    kv = KeyedVectors(emb.vector_size)
    kv.add_vectors(emb.index_to_key, emb.vectors)
    return kv


# ----- files ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("binary", [False, True])
def test_gensim_loads_our_files_with_identical_keys_and_vectors(emb, tmp_path, binary):
    path = emb.save_word2vec_format(tmp_path / "vectors.w2v", binary=binary)
    kv = KeyedVectors.load_word2vec_format(str(path), binary=binary)
    assert kv.index_to_key == WORDS
    assert np.array_equal(kv.vectors, emb.vectors)


@pytest.mark.parametrize("binary", [False, True])
def test_we_load_gensim_written_files_exactly(emb, tmp_path, binary):
    path = tmp_path / "gensim.w2v"
    gensim_twin(emb).save_word2vec_format(str(path), binary=binary)
    for guess in (binary, None):  # told, and guessed from the content
        loaded = Embeddings.load_word2vec_format(path, binary=guess)
        assert loaded.index_to_key == WORDS
        assert np.array_equal(loaded.vectors, emb.vectors)


def test_we_load_a_c_tool_text_file_with_trailing_spaces_like_gensim():
    kv = KeyedVectors.load_word2vec_format(datapath("toy-model.vec"))
    loaded = Embeddings.load_word2vec_format(datapath("toy-model.vec"))
    assert loaded.index_to_key == kv.index_to_key
    assert np.array_equal(loaded.vectors, kv.vectors)


finite_float32 = st.floats(width=32, allow_nan=False, allow_infinity=False)


@given(values=hnp.arrays(np.float32, hnp.array_shapes(min_dims=2, max_dims=2, max_side=6), elements=finite_float32),
       binary=st.booleans())
def test_save_then_load_round_trips_bit_exactly(tmp_path_factory, values, binary):
    keys = [f"word{i}" for i in range(values.shape[0])]
    path = tmp_path_factory.mktemp("rt") / "v.w2v"
    Embeddings(values, keys).save_word2vec_format(path, binary=binary)
    loaded = Embeddings.load_word2vec_format(path)
    assert loaded.index_to_key == keys
    assert loaded.vectors.tobytes() == values.tobytes()  # bit-exact, -0.0 and subnormals included


def test_text_format_is_header_then_word_and_values(tmp_path):
    path = Embeddings(np.array([[0.5, -2.0], [1e-3, 3.25]]), ["a", "b"]).save_word2vec_format(tmp_path / "v.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "2 2"
    assert [line.split(" ")[0] for line in lines[1:]] == ["a", "b"]
    assert [float(x) for x in lines[1].split(" ")[1:]] == [0.5, -2.0]


def test_binary_format_is_word_space_little_endian_float32_newline(tmp_path):
    values = np.array([[0.5, -2.0], [1e-3, 3.25]], dtype=np.float32)
    path = Embeddings(values, ["a", "bb"]).save_word2vec_format(tmp_path / "v.bin", binary=True)
    expected = b"2 2\n" + b"a " + values[0].astype("<f4").tobytes() + b"\n" + b"bb " + values[1].astype("<f4").tobytes() + b"\n"
    assert path.read_bytes() == expected


@pytest.mark.parametrize("writer", ["_write_text_rows", "_write_binary_rows"])
@pytest.mark.parametrize("exception", [RuntimeError, KeyboardInterrupt])
def test_interrupted_save_keeps_the_existing_file_and_leaves_no_temp_file(emb, tmp_path, monkeypatch, writer, exception):
    path = tmp_path / "vectors.w2v"
    path.write_bytes(b"the old file\n")
    real_writer = getattr(embeddings_module, writer)

    def write_half_then_fail(stream, keys, vectors):
        real_writer(stream, keys[: len(keys) // 2], vectors[: len(keys) // 2])
        stream.flush()
        raise exception("interrupted")

    monkeypatch.setattr(embeddings_module, writer, write_half_then_fail)
    with pytest.raises(exception):
        emb.save_word2vec_format(path, binary=writer == "_write_binary_rows")
    assert path.read_bytes() == b"the old file\n"
    assert os.listdir(tmp_path) == ["vectors.w2v"]


def test_saving_into_a_missing_folder_is_a_clear_error(emb, tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        emb.save_word2vec_format(tmp_path / "no_such_folder" / "v.txt")


def test_projector_tsv_holds_the_vectors_and_the_words_in_order(emb, tmp_path):
    vectors_path, metadata_path = emb.save_projector_tsv(tmp_path / "projector")
    assert np.array_equal(np.loadtxt(vectors_path, delimiter="\t", dtype=np.float32), emb.vectors)
    assert metadata_path.read_text(encoding="utf-8").splitlines() == WORDS
    assert sorted(os.listdir(tmp_path / "projector")) == ["metadata.tsv", "vectors.tsv"]


MALFORMED = [
    ("bad header", b"three 2\na 1 2\n", "line 1"),
    ("too few values", b"2 3\na 1 2 3\nb 1 2\n", "line 3"),
    ("not a number", b"2 2\na 1 2\nb 1 x2\n", "line 3"),
    ("truncated text", b"3 2\na 1 2\nb 1 2\n", "promises 3"),
    ("truncated text, long lines", b"3 2\na 1.000 2.000\nb 1.000 2.000\n", "promises 3 words"),
    ("repeated word", b"2 2\na 1 2\na 3 4\n", "appears twice"),
    ("truncated binary", b"2 2\na " + np.ones(2, "<f4").tobytes() + b"\nb " + b"\x00\x00", "truncated"),
]


@pytest.mark.parametrize("content, expected", [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_file_gives_a_value_error_naming_the_file_and_the_place(tmp_path, content, expected):
    path = tmp_path / "broken.w2v"
    path.write_bytes(content)
    with pytest.raises(ValueError) as info:
        Embeddings.load_word2vec_format(path)
    assert str(path) in str(info.value) and expected in str(info.value)


# ----- lookups and similarity -----------------------------------------------------------------------------
def test_lookup_names_match_gensim(emb):
    kv = gensim_twin(emb)
    assert len(emb) == len(kv) and emb.vector_size == kv.vector_size == 16
    assert emb.key_to_index == kv.key_to_index
    assert np.array_equal(emb["rome"], kv["rome"])
    assert np.array_equal(emb[["rome", "cat"]], kv[["rome", "cat"]]) and emb[["rome", "cat"]].shape == (2, 16)
    assert "rome" in emb and "tokyo" not in emb and 3 not in emb


QUERIES = [
    dict(positive="paris"),
    dict(positive=["cat"], topn=3),
    dict(positive=["rome", "france"], negative=["paris"]),       # paris : france :: rome : ?
    dict(positive=["berlin", "italy"], negative=["rome"], topn=25),
    dict(positive=["cat", "dog", "café"], negative=["naïve", "w3"]),
    dict(negative=["paris"], topn=4),
    dict(positive=["w1"], topn=500),                               # more than the vocabulary
]


@pytest.mark.parametrize("query", QUERIES, ids=[str(q) for q in QUERIES])
def test_most_similar_agrees_with_gensim(emb, query):
    ours = emb.most_similar(**query)
    theirs = gensim_twin(emb).most_similar(**query)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    assert np.allclose([c for _, c in ours], [c for _, c in theirs], atol=1e-6, rtol=0)


def test_most_similar_leaves_out_the_query_words_and_sorts_by_cosine(emb):
    result = emb.most_similar(positive=["rome", "france"], negative=["paris"], topn=20)
    assert len(result) == 20 and not {"rome", "france", "paris"} & {w for w, _ in result}
    cosines = [c for _, c in result]
    assert cosines == sorted(cosines, reverse=True)


def test_similarity_agrees_with_gensim_and_with_the_cosine_formula(emb):
    kv = gensim_twin(emb)
    for w1, w2 in [("paris", "rome"), ("cat", "cat"), ("café", "w7")]:
        u1, u2 = emb[w1].astype(float), emb[w2].astype(float)
        assert emb.similarity(w1, w2) == pytest.approx(u1 @ u2 / np.linalg.norm(u1) / np.linalg.norm(u2), abs=1e-6)
        assert emb.similarity(w1, w2) == pytest.approx(float(kv.similarity(w1, w2)), abs=1e-6)


def test_doesnt_match_agrees_with_gensim(emb, rng):
    kv = gensim_twin(emb)
    for _ in range(30):
        words = list(rng.choice(WORDS, size=int(rng.integers(2, 7)), replace=False))
        assert emb.doesnt_match(words) == kv.doesnt_match(words)


def test_doesnt_match_finds_the_planted_odd_one_out():
    vectors = np.array([[1.0, 0.1, 0], [1.0, -0.1, 0], [0.9, 0, 0.1], [0, 0, 1.0]])
    assert Embeddings(vectors, ["cat", "dog", "cow", "paris"]).doesnt_match(["cat", "paris", "dog", "cow"]) == "paris"


def test_unknown_word_is_a_key_error_naming_a_close_match(emb):
    for call in (lambda: emb["pariss"], lambda: emb.most_similar("pariss"), lambda: emb.similarity("pariss", "rome"),
                 lambda: emb[["rome", "pariss"]], lambda: emb.doesnt_match(["rome", "pariss"])):
        with pytest.raises(KeyError) as info:
            call()
        message = info.value.args[0]
        assert "'pariss'" in message and "Close matches:" in message
        assert "paris" in message.split("Close matches:")[1].replace(".", "").replace(",", " ").split()


BAD_ARGUMENTS = [
    ("vectors", "2-D", lambda: Embeddings(np.ones(3), ["a", "b", "c"])),
    ("index_to_key", "one row per word", lambda: Embeddings(np.ones((3, 2)), ["a", "b"])),
    ("index_to_key", "twice", lambda: Embeddings(np.ones((3, 2)), ["a", "b", "a"])),
    ("index_to_key", "string", lambda: Embeddings(np.ones((2, 2)), ["a", 7])),
    ("index_to_key", "list of words", lambda: Embeddings(np.ones((2, 2)), "ab")),
    ("vectors", "non-finite", lambda: Embeddings(np.array([[1.0, np.nan]]), ["a"])),
    ("counts", "one count per word", lambda: Embeddings(np.ones((2, 2)), ["a", "b"], counts=[1, 2, 3])),
    ("topn", ">= 1", lambda: Embeddings(np.ones((2, 2)), ["a", "b"]).most_similar("a", topn=0)),
    ("topn", ">= 1", lambda: Embeddings(np.ones((2, 2)), ["a", "b"]).most_similar("a", topn=2.5)),
    ("positive or negative", "at least one", lambda: Embeddings(np.ones((2, 2)), ["a", "b"]).most_similar()),
    ("words", "empty", lambda: Embeddings(np.ones((2, 2)), ["a", "b"]).doesnt_match([])),
]


@pytest.mark.parametrize("argument, problem, call", BAD_ARGUMENTS, ids=[f"{a}:{p}" for a, p, _ in BAD_ARGUMENTS])
def test_bad_arguments_raise_value_errors_naming_the_argument(argument, problem, call):
    with pytest.raises(ValueError) as info:
        call()
    assert argument in str(info.value) and problem in str(info.value)


def test_words_with_spaces_cannot_be_saved(tmp_path):
    with pytest.raises(ValueError, match="whitespace"):
        Embeddings(np.ones((1, 2)), ["new york"]).save_word2vec_format(tmp_path / "v.txt")
    assert os.listdir(tmp_path) == []


def test_from_keyed_vectors_keeps_gensims_vectors_words_and_counts():
    from gensim.models import Word2Vec

    sentences = [["a", "b", "a", "c"], ["b", "a", "d"]] * 20
    wv = Word2Vec(sentences, vector_size=5, min_count=1, workers=1, seed=1, epochs=1).wv
    emb = Embeddings.from_keyed_vectors(wv)
    assert emb.index_to_key == list(wv.index_to_key) and np.array_equal(emb.vectors, wv.vectors)
    assert dict(zip(emb.index_to_key, emb.counts)) == {"a": 60, "b": 40, "c": 20, "d": 20}
    bare = KeyedVectors(vector_size=3)
    bare.add_vectors(["x", "y"], np.ones((2, 3)))                 # vectors without counts: none are made up
    assert Embeddings.from_keyed_vectors(bare).counts is None and Embeddings.from_keyed_vectors(bare)["y"].shape == (3,)
    with pytest.raises(ValueError, match="keyed_vectors must be gensim KeyedVectors"):
        Embeddings.from_keyed_vectors(np.zeros((3, 2)))
