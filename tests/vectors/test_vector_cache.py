"""The vector cache: a hit returns exactly what was built, any change of settings or code trains again."""
import numpy as np
import pytest

from w2vlib.vectors import vector_cache
from w2vlib.vectors.embeddings import Embeddings
from w2vlib.vectors.vector_cache import cache_path, cached_vectors


def make_builder(calls, seed=0):
    def build():
        calls.append(seed)
        rng = np.random.default_rng(seed)
        return Embeddings(rng.standard_normal((4, 3)), ["the", "of", "café", "x"], counts=[9, 5, 2, 1])
    return build


def test_second_call_is_a_hit_with_identical_vectors_words_and_counts(tmp_path):
    calls = []
    first, hit1 = cached_vectors("fast", {"epochs": 10}, make_builder(calls), cache_dir=tmp_path)
    second, hit2 = cached_vectors("fast", {"epochs": 10}, make_builder(calls), cache_dir=tmp_path)
    assert (hit1, hit2, len(calls)) == (False, True, 1)
    assert np.array_equal(first.vectors, second.vectors)
    assert second.index_to_key == ["the", "of", "café", "x"] and list(second.counts) == [9, 5, 2, 1]


def test_other_settings_name_or_code_miss(tmp_path, monkeypatch):
    calls = []
    cached_vectors("fast", {"epochs": 10}, make_builder(calls), cache_dir=tmp_path)
    cached_vectors("fast", {"epochs": 5}, make_builder(calls), cache_dir=tmp_path)
    cached_vectors("gensim", {"epochs": 10}, make_builder(calls), cache_dir=tmp_path)
    monkeypatch.setattr(vector_cache, "library_fingerprint", lambda: "changed code")
    cached_vectors("fast", {"epochs": 10}, make_builder(calls), cache_dir=tmp_path)
    assert len(calls) == 4


def test_a_damaged_entry_is_rebuilt(tmp_path):
    calls = []
    cache_path("fast", {}, tmp_path).write_bytes(b"not an npz file")
    embeddings, hit = cached_vectors("fast", {}, make_builder(calls), cache_dir=tmp_path)
    assert not hit and len(calls) == 1 and embeddings.vectors.shape == (4, 3)
    assert cached_vectors("fast", {}, make_builder(calls), cache_dir=tmp_path)[1]


def test_bad_arguments_are_named(tmp_path):
    with pytest.raises(ValueError, match="name"):
        cache_path("../evil", {}, tmp_path)
    with pytest.raises(ValueError, match="settings"):
        cache_path("fast", {"f": object()}, tmp_path)
    with pytest.raises(ValueError, match="Embeddings"):
        cached_vectors("fast", {}, lambda: np.zeros((2, 2)), cache_dir=tmp_path)


def test_the_fingerprint_covers_the_trainer_and_what_it_imports():
    names = {path.name for path in vector_cache.training_sources()}
    assert {"fast_trainer.py", "scatter_add.py", "subsampling.py", "negative_table.py", "corpora.py",
            "embeddings.py"} <= names
    assert "score_uncertainty.py" not in names  # editing the notebooks' other helpers keeps the cache
