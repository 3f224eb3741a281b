"""Embedding Projector files: a round trip gives back the vectors and labels; saves are atomic; errors are clear."""
import numpy as np
import pytest

from w2vlib.vectors import projector_export
from w2vlib.vectors.embeddings import Embeddings
from w2vlib.vectors.projector_export import export_projector, load_projector_tsv

WORDS = ["paris", "france", "rome", "italy", "june", "july", "cat", "café"]


@pytest.fixture
def emb(rng):
    return Embeddings(rng.standard_normal((len(WORDS), 6)), WORDS, counts=np.arange(80, 0, -10))


def test_round_trip_of_all_words_with_one_label_column(emb, tmp_path):
    export_projector(emb, tmp_path / "out")
    vectors, labels = load_projector_tsv(tmp_path / "out")
    assert np.array_equal(vectors, emb.vectors)
    assert [row["word"] for row in labels] == WORDS
    assert (tmp_path / "out" / "metadata.tsv").read_text(encoding="utf-8").splitlines()[0] == "paris"


def test_round_trip_of_groups_keeps_order_group_and_count(emb, tmp_path):
    groups = {"capitals": ["paris", "rome"], "months": ["june", "july"]}
    export_projector(emb, tmp_path, words=["cat", "paris"], groups=groups)
    vectors, labels = load_projector_tsv(tmp_path)
    assert [row["word"] for row in labels] == ["cat", "paris", "rome", "june", "july"]
    assert [row["group"] for row in labels] == ["other", "capitals", "capitals", "months", "months"]
    assert [int(row["count"]) for row in labels] == [20, 80, 60, 40, 30]
    assert np.array_equal(vectors, emb[["cat", "paris", "rome", "june", "july"]])
    header = (tmp_path / "metadata.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "word\tgroup\tcount"


def test_an_interrupted_export_leaves_the_old_files(emb, tmp_path, monkeypatch):
    export_projector(emb, tmp_path, words=["paris"])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(projector_export, "atomic_write", broken)
    with pytest.raises(RuntimeError):
        export_projector(emb, tmp_path, words=["rome"], groups={"capitals": ["rome"]})
    # the failed export changed neither file and left no staging folder behind
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_unknown_words_and_bad_arguments_are_named(emb, tmp_path):
    with pytest.raises(KeyError, match="pariss"):
        export_projector(emb, tmp_path, words=["pariss"])
    with pytest.raises(ValueError, match="list of words"):
        export_projector(emb, tmp_path, words="paris")
    with pytest.raises(ValueError, match="groups"):
        export_projector(emb, tmp_path, groups=["paris"])
    with pytest.raises(ValueError, match="does not exist"):
        load_projector_tsv(tmp_path / "missing")


def test_load_rejects_files_that_do_not_match(emb, tmp_path):
    export_projector(emb, tmp_path)
    (tmp_path / "metadata.tsv").write_text("paris\nrome\n", encoding="utf-8")
    with pytest.raises(ValueError, match="must match row for row"):
        load_projector_tsv(tmp_path)
