"""A small seeded corpus with planted structure, for training in seconds and checking what was learned.

Sentences are made from templates. Each group of words (animals, countries, capitals, numbers, colours,
foods) fills the slots of its own templates, so the words of one group keep the same company and
skip-gram should place them close together ("a word is known by the company it keeps"). Countries and
capitals are also paired ("paris is the capital of france"), which gives analogy questions with known
answers. Because the groups are known, a test can assert that training recovers them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..validation import check_positive_int

GROUPS: dict[str, list[str]] = {
    "animals": ["cat", "dog", "horse", "cow", "sheep", "goat"],
    "countries": ["france", "germany", "italy", "spain", "japan", "egypt"],
    "capitals": ["paris", "berlin", "rome", "madrid", "tokyo", "cairo"],
    "numbers": ["two", "three", "four", "five", "six", "seven"],
    "colours": ["red", "green", "blue", "yellow", "purple", "orange"],
    "foods": ["bread", "cheese", "rice", "soup", "apples", "fish"],
}

# Each template names the group(s) that fill its slots; {a} and {b} are two different words of one group.
TEMPLATES: dict[str, list[str]] = {
    "animals": [
        "the {a} eats grass in the field",
        "a {a} sleeps in the barn",
        "the farmer feeds the {a} and the {b}",
        "the {a} runs after the {b}",
        "a young {a} drinks milk",
    ],
    "countries": [
        "{a} is a country in the world",
        "people travel from {a} to {b}",
        "the government of {a} met today",
        "{a} borders {b} on the map",
    ],
    "capitals": [
        "{a} is a big city",
        "we took a train from {a} to {b}",
        "the streets of {a} are busy at night",
        "the mayor of {a} opened the museum",
    ],
    "numbers": [
        "she counted {a} and then {b}",
        "{a} plus {b} is a number",
        "there are {a} chairs in the room",
        "he waited {a} hours for {b} minutes",
    ],
    "colours": [
        "the wall is painted {a}",
        "she wore a {a} dress and a {b} hat",
        "mix {a} paint with {b} paint",
        "the flower is bright {a}",
    ],
    "foods": [
        "we ate {a} for dinner",
        "she cooked {a} with {b}",
        "the market sells fresh {a}",
        "a plate of {a} is on the table",
    ],
}

PAIR_TEMPLATES = ["{capital} is the capital of {country}", "the capital of {country} is {capital}"]


@dataclass
class ToyCorpus:
    """The generated corpus.

    sentences: list of sentences, each a list of lower-case word strings.
    groups:    group name -> the words planted in that group.
    capital_of: country -> its capital (for analogy questions such as paris : france :: rome : ?).
    """

    sentences: list[list[str]]
    groups: dict[str, list[str]] = field(default_factory=dict)
    capital_of: dict[str, str] = field(default_factory=dict)

    @property
    def n_words(self) -> int:
        """Number of word positions T in the corpus."""
        return sum(len(s) for s in self.sentences)

    def group_of(self, word: str) -> str | None:
        """The group a word was planted in, or None for a filler word such as "the"."""
        for name, words in self.groups.items():
            if word in words:
                return name
        return None


def planted_corpus(n_sentences: int = 3000, seed: int = 0, pair_share: float = 0.15) -> ToyCorpus:
    """Generate ``n_sentences`` sentences from the planted groups; the same seed gives the same corpus.

    pair_share: the share of sentences that state a country-capital pair.
    """
    check_positive_int(n_sentences, "n_sentences")
    if not 0.0 <= pair_share <= 1.0:
        raise ValueError(f"pair_share must be between 0 and 1, got {pair_share!r}.")
    rng = np.random.default_rng(seed)
    group_names = list(GROUPS)
    capital_of = dict(zip(GROUPS["countries"], GROUPS["capitals"]))
    sentences = []
    for _ in range(n_sentences):
        if rng.random() < pair_share:
            country = GROUPS["countries"][rng.integers(len(GROUPS["countries"]))]
            template = PAIR_TEMPLATES[rng.integers(len(PAIR_TEMPLATES))]
            text = template.format(country=country, capital=capital_of[country])
        else:
            group = group_names[rng.integers(len(group_names))]
            template = TEMPLATES[group][rng.integers(len(TEMPLATES[group]))]
            a, b = rng.choice(GROUPS[group], size=2, replace=False)
            text = template.format(a=a, b=b)
        sentences.append(text.split())
    return ToyCorpus(sentences, {k: list(v) for k, v in GROUPS.items()}, capital_of)
