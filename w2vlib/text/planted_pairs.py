"""The exact pair distribution of the planted toy corpus: what an infinitely long corpus would count.

:func:`w2vlib.planted_corpus` draws each sentence independently: with probability ``pair_share`` a country-capital
statement (one of 6 countries, one of 2 templates), otherwise one of 6 groups, one of the group's templates and an
ordered pair (a, b) of two different words of the group (30 pairs, all equally likely). There are only about 800
different sentences, so the expected number of (center, outside) pairs per sentence,

    E[n(c, o)] = Σ_sentences P(sentence) · (the pairs (c, o) within distance m in that sentence),

can be summed exactly. Normalised, it is the planted model's joint distribution P(c, o) of the pairs skip-gram
trains on; P(o | c) = P(c, o) / P(c) is the true conditional that a model of the pairs should learn, and the
expected word counts give the noise distribution P_n(w) ∝ count(w)^β.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import numpy as np

from .cooccurrence import pair_counts
from .toy_corpus import GROUPS, PAIR_TEMPLATES, TEMPLATES
from ..validation import check_number, check_positive_int


@dataclass(frozen=True)
class PlantedPairs:
    """The planted corpus's exact distributions.

    words:        the vocabulary, most frequent first (ties alphabetical); row w of every array is words[w].
    joint:        shape (n_words, n_words), P(c, o): the share of (center, outside) pairs that are (c, o).
    word_counts:  shape (n_words,), the expected occurrences of each word per sentence.
    """

    words: list
    joint: np.ndarray
    word_counts: np.ndarray

    @property
    def center_probabilities(self) -> np.ndarray:
        """P(c), shape (n_words,): the share of pairs whose center word is c."""
        return self.joint.sum(axis=1)

    def conditional(self) -> np.ndarray:
        """P(o | c), shape (n_words, n_words): row c sums to 1 (for every word that is ever a center)."""
        totals = self.center_probabilities[:, None]
        return np.divide(self.joint, totals, out=np.zeros_like(self.joint), where=totals > 0)


def _sentence_types(pair_share: float):
    """Every sentence :func:`w2vlib.planted_corpus` can make, with its probability: yields (probability, words)."""
    countries, capitals = GROUPS["countries"], GROUPS["capitals"]
    for country, capital in zip(countries, capitals):
        for template in PAIR_TEMPLATES:
            yield pair_share / (len(countries) * len(PAIR_TEMPLATES)), \
                template.format(country=country, capital=capital).split()
    for group, templates in TEMPLATES.items():
        ordered_pairs = list(permutations(GROUPS[group], 2))
        for template in templates:
            for a, b in ordered_pairs:
                probability = (1 - pair_share) / (len(TEMPLATES) * len(templates) * len(ordered_pairs))
                yield probability, template.format(a=a, b=b).split()


def planted_pair_distribution(window: int = 2, pair_share: float = 0.15) -> PlantedPairs:
    """P(c, o) and the word counts of :func:`w2vlib.planted_corpus` (same ``pair_share``) for window m = ``window``:
    every outside word within distance m of the center in its sentence (the handout trainer's window)."""
    window = check_positive_int(window, "window (m)")
    pair_share = check_number(pair_share, "pair_share", 0.0, hint=" (a share between 0 and 1)")
    if pair_share > 1:
        raise ValueError(f"pair_share must be between 0 and 1, got {pair_share}.")
    sentences = [(p, words) for p, words in _sentence_types(pair_share) if p > 0]
    expected_counts: dict[str, float] = {}
    for probability, words in sentences:
        for word in words:
            expected_counts[word] = expected_counts.get(word, 0.0) + probability
    vocabulary = sorted(expected_counts, key=lambda word: (-expected_counts[word], word))
    index = {word: i for i, word in enumerate(vocabulary)}
    joint = sum(probability * pair_counts([words], index, window) for probability, words in sentences)
    return PlantedPairs(vocabulary, joint / joint.sum(), np.array([expected_counts[w] for w in vocabulary]))
