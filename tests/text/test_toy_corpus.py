import pytest

from w2vlib import planted_corpus


def test_same_seed_same_corpus_other_seed_other_corpus():
    assert planted_corpus(200, seed=4).sentences == planted_corpus(200, seed=4).sentences
    assert planted_corpus(200, seed=4).sentences != planted_corpus(200, seed=5).sentences


def test_every_planted_word_occurs_and_groups_are_disjoint():
    corpus = planted_corpus(3000, seed=0)
    seen = {w for s in corpus.sentences for w in s}
    planted = [w for words in corpus.groups.values() for w in words]
    assert len(planted) == len(set(planted))
    assert set(planted) <= seen
    assert corpus.n_words == sum(len(s) for s in corpus.sentences)
    assert corpus.group_of("paris") == "capitals" and corpus.group_of("the") is None


def test_pair_sentences_state_the_right_capital():
    corpus = planted_corpus(2000, seed=1, pair_share=1.0)
    for sentence in corpus.sentences:
        country = next(w for w in sentence if w in corpus.capital_of)
        assert corpus.capital_of[country] in sentence


@pytest.mark.parametrize("kwargs, message", [({"n_sentences": 0}, "n_sentences"), ({"pair_share": 2.0}, "pair_share")])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        planted_corpus(**kwargs)
