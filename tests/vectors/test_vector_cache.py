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


def test_protocol_vectors_of_another_seed_are_another_cache_entry_trained_with_that_seed(monkeypatch):
    seen = {}

    def fake_cached_vectors(name, settings, build):
        seen[name, settings["seed"]] = settings
        return None, True

    monkeypatch.setattr(vector_cache, "cached_vectors", fake_cached_vectors)
    for seed in (0, 2):
        vector_cache.protocol_vectors("fast", seed=seed)
    vector_cache.protocol_vectors("gensim")
    assert set(seen) == {("fast", 0), ("fast", 2), ("gensim", 0)}
    assert seen["fast", 0] == vector_cache.protocol_settings()        # seed 0: the entry notebook 06 always used
    assert {k: v for k, v in seen["fast", 2].items() if k != "seed"} == {
        k: v for k, v in seen["fast", 0].items() if k != "seed"}
    assert cache_path("fast", seen["fast", 2]) != cache_path("fast", seen["fast", 0])


@pytest.mark.parametrize("seed", [-1, 1.5, "1", True])
def test_a_bad_protocol_seed_is_named(seed):
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        vector_cache.protocol_settings(seed)
