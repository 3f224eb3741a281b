"""The vocabulary: which words get vectors, and the corpus rewritten in their row indices.

word2vec keeps a word when it occurs at least ``min_count`` times (and, with ``max_vocab``, only the
``max_vocab`` most frequent of those). Every other word is deleted from the corpus *before* the windows are
built, so a window reaches over a deleted word to the next kept one, as in word2vec's C code and gensim.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..validation import check_positive_int, lookup_word


@dataclass
class Vocabulary:
    """The kept words, most frequent first.

    index_to_key: row index -> word (row i of ``center_vectors`` and ``outside_vectors`` belongs to word i).
    counts:       shape (n_words,), int64; how often each kept word occurs in the corpus.
    key_to_index: word -> row index.
    """

    index_to_key: list
    counts: np.ndarray
    key_to_index: dict = field(init=False, repr=False)

    def __post_init__(self):
        self.index_to_key = list(self.index_to_key)
        self.counts = np.asarray(self.counts, dtype=np.int64)
        if self.counts.shape != (len(self.index_to_key),):
            raise ValueError(f"counts must have shape ({len(self.index_to_key)},), one count per word, "
                             f"got shape {self.counts.shape}.")
        self.key_to_index = {word: i for i, word in enumerate(self.index_to_key)}
        if len(self.key_to_index) != len(self.index_to_key):
            seen = set()
            twice = next(word for word in self.index_to_key if word in seen or seen.add(word))
            raise ValueError(f"index_to_key holds {twice!r} twice; every word needs exactly one row.")

    def __len__(self) -> int:
        return len(self.index_to_key)

    def __contains__(self, word) -> bool:
        return word in self.key_to_index

    def __repr__(self) -> str:
        head = ", ".join(self.index_to_key[:5])
        return f"Vocabulary({len(self):,} words, {int(self.counts.sum()):,} positions; most frequent: {head}, ...)"

    def get_index(self, word: str) -> int:
        """The row of ``word``; a KeyError listing close matches if it is not in the vocabulary."""
        return lookup_word(word, self.key_to_index)

    @property
    def frequencies(self) -> np.ndarray:
        """Shape (n_words,): each word's share f(w) = count(w) / Σ count of the kept positions."""
        return self.counts / self.counts.sum()

    def encode(self, corpus) -> tuple[np.ndarray, np.ndarray]:
        """The corpus with every word replaced by its row index and words outside the vocabulary deleted.

        corpus: a :class:`w2vlib.text.corpora.Corpus`.
        Returns ``(word_ids, sentence_bounds)``: shapes (T_kept,) int32 and (n_sentences + 1,) int64, the
        sentence offsets moved to account for the deleted words (a sentence may become empty).
        """
        row_of = np.array([self.key_to_index.get(word, -1) for word in corpus.words], dtype=np.int32)
        rows = row_of[corpus.word_ids]
        kept = rows >= 0
        kept_before = np.concatenate([[0], np.cumsum(kept, dtype=np.int64)])
        return rows[kept], kept_before[corpus.sentence_bounds]


def build_vocabulary(corpus, min_count: int = 5, max_vocab: int | None = None) -> Vocabulary:
    """The words of ``corpus`` that occur at least ``min_count`` times, at most ``max_vocab`` of them.

    corpus:    a :class:`w2vlib.text.corpora.Corpus` (its ``words`` are sorted by count, most frequent first).
    min_count: keep a word only if it occurs at least this often (word2vec and gensim default to 5).
    max_vocab: keep at most this many words, the most frequent ones (None: no limit).
    """
    if not (hasattr(corpus, "counts") and hasattr(corpus, "words")):
        raise ValueError(f"corpus must be a w2vlib Corpus (with .words and .counts), got {type(corpus).__name__}; "
                         "build one with Corpus.from_sentences(sentences) or load_corpus(source).")
    min_count = check_positive_int(min_count, "min_count")
    if max_vocab is not None:
        max_vocab = check_positive_int(max_vocab, "max_vocab")
    counts = np.asarray(corpus.counts, dtype=np.int64)
    order = np.argsort(-counts, kind="stable")  # already sorted for a Corpus; this makes it true for any input
    n_kept = int(np.count_nonzero(counts >= min_count))
    if max_vocab is not None:
        n_kept = min(n_kept, max_vocab)
    if n_kept == 0:
        raise ValueError(f"no word occurs at least min_count={min_count} times (the most frequent word occurs "
                         f"{int(counts.max(initial=0))} times); lower min_count or use a larger corpus.")
    kept = order[:n_kept]
    return Vocabulary([corpus.words[i] for i in kept], counts[kept])
