"""Training that forms no (center, outside) pair is an error that says why and what to change (issue 10 item 1)."""
import pytest

from w2vlib.__main__ import main as cli
from w2vlib.training.fast_trainer import NoTrainingPairs, train

QUIET = dict(dim=8, epochs=2, min_count=1, progress=False)


@pytest.mark.parametrize("sentences, hint", [
    ([["hello", "world"]], "sample=0"),                                        # a two-word corpus
    ([["the", "cat"], ["a", "dog"], ["my", "hat"]] * 2, "sample=0"),           # every word too frequent for s
])
def test_sub_sampling_that_leaves_no_pair_is_an_error_naming_sample(sentences, hint):
    with pytest.raises(NoTrainingPairs, match="no \\(center, outside\\) pair") as info:
        train(sentences, **QUIET)
    assert isinstance(info.value, ValueError) and hint in str(info.value) and "sub-sampling" in str(info.value)


def test_the_same_corpus_without_sub_sampling_trains():
    r = train([["hello", "world"]], sample=0, **QUIET)
    assert r.n_pairs == 2 * 2                                                   # (hello, world), (world, hello)


def test_a_corpus_of_one_repeated_word_is_an_error_saying_negatives_would_equal_it():
    with pytest.raises(NoTrainingPairs, match="only one word \\('same'\\).*at least two distinct words"):
        train([["same"] * 50] * 10, sample=0, **QUIET)


def test_one_word_sentences_are_an_error_naming_min_count():
    with pytest.raises(NoTrainingPairs, match="no sentence has two words.*min_count"):
        train([["a"], ["b"], ["a", "rare"], ["b"]], **{**QUIET, "min_count": 2})


def test_cli_exits_2_with_the_reason_and_writes_nothing(tmp_path, capsys):
    corpus = tmp_path / "two_words.txt"
    corpus.write_text("hello world\n")
    out = tmp_path / "vectors.txt"
    status = cli(["train", "--corpus", str(corpus), "--out", str(out), "--min-count", "1", "--no-progress"])
    assert status == 2 and not out.exists() and list(tmp_path.iterdir()) == [corpus]
    err = capsys.readouterr().err
    assert "no (center, outside) pair" in err and "--sample 0" in err
