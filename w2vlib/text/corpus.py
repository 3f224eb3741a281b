"""A corpus in one shape: a long array of word ids cut into sentences (:class:`Corpus`), and how one is built.

Every source of :func:`w2vlib.text.corpora.load_corpus` ends here: sentences of word strings go in, and the corpus
keeps one int32 id per word, the sentence boundaries, and each distinct word with its count.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import numpy as np

from ..validation import check_positive_int


@dataclass
class Corpus:
    """A tokenised corpus: T word positions, cut into sentences, with a frequency-sorted word list.

    name:            where it came from (e.g. ``"wiki"`` or a file path).
    word_ids:        shape (T,), int32; position t holds the id of word w_t.
    sentence_bounds: shape (n_sentences + 1,), int64 offsets into ``word_ids``; sentence i is
                     ``word_ids[sentence_bounds[i]:sentence_bounds[i + 1]]``. Windows never cross a bound.
    words:           id -> word, the most frequent word first (ties: the word seen first comes first).
    counts:          shape (n_distinct,), int64; how often each word occurs (non-increasing).
    """

    name: str
    word_ids: np.ndarray
    sentence_bounds: np.ndarray
    words: list
    counts: np.ndarray

    @property
    def n_words(self) -> int:
        """T, the number of word positions."""
        return int(self.word_ids.shape[0])

    @property
    def n_sentences(self) -> int:
        return int(self.sentence_bounds.shape[0] - 1)

    def __repr__(self) -> str:
        return (f"Corpus({self.name!r}: {self.n_words:,} words in {self.n_sentences:,} sentences, "
                f"{len(self.words):,} distinct words)")

    def sentences(self, max_length: int | None = None) -> Iterator[list[str]]:
        """Yield the sentences as lists of word strings (what gensim's ``Word2Vec(sentences=...)`` takes).

        max_length: cut longer sentences into pieces of at most this many words (gensim's C routine ignores
                    the words of a sentence beyond its 10 000th, so pass 10_000 when feeding gensim).
        """
        max_length = check_positive_int(max_length, "max_length", allow_none=True)
        words = np.asarray(self.words, dtype=object)
        bounds = self.sentence_bounds.tolist()
        for start, stop in zip(bounds[:-1], bounds[1:]):
            step = (stop - start) if max_length is None else max_length
            for piece in range(start, stop, max(step, 1)):
                yield words[self.word_ids[piece:min(piece + step, stop)]].tolist()

    def head(self, n_words: int) -> "Corpus":
        """The first ``n_words`` word positions as a corpus of their own (the last sentence may be cut short)."""
        n_words = min(check_positive_int(n_words, "n_words"), self.n_words)
        n_sentences = int(np.searchsorted(self.sentence_bounds, n_words, side="left"))
        bounds = np.append(self.sentence_bounds[:n_sentences], n_words).astype(np.int64)
        bounds = bounds[np.r_[True, np.diff(bounds) > 0]]  # no empty sentence at the cut
        return _renumber(f"{self.name}[:{n_words}]", self.word_ids[:n_words], bounds, list(self.words))

    @classmethod
    def from_sentences(cls, sentences: Iterable[Sequence[str]], name: str = "sentences") -> "Corpus":
        """Build a corpus from sentences given as lists of word strings (empty sentences are dropped).

        A word that is not a non-empty string (a number, None, bytes, a nested list, "") is a ValueError naming
        the first such word and its sentence, so that a bad token stops the work before training, not after.
        """
        if isinstance(sentences, (str, bytes)) or not isinstance(sentences, Iterable):
            raise TypeError(f"sentences must be an iterable of sentences (lists of word strings), got "
                             f"{type(sentences).__name__}; e.g. [['the', 'cat', 'sat'], ['on', 'the', 'mat']].")
        builder = _CorpusBuilder()
        numbers = array("q")  # the input number of each kept (non-empty) sentence, to name the one with a bad word
        for i, sentence in enumerate(sentences):
            if isinstance(sentence, str):
                raise ValueError(f"sentence {i} is the string {sentence[:40]!r}, but each sentence must be a list of "
                                 "words; split it first (sentence.split()).")
            if not isinstance(sentence, Iterable):
                raise ValueError(f"sentence {i} is {sentence!r:.40} ({type(sentence).__name__}), but each sentence must "
                                 "be a list of word strings, e.g. ['the', 'cat', 'sat'].")
            try:
                builder.add_sentence(sentence)
            except TypeError:  # an unhashable word, such as a nested list
                _raise_for_bad_word(i, sentence)
            if len(numbers) < len(builder.lengths):
                numbers.append(i)
        bad = next((word for word in builder.index if not isinstance(word, str) or not word), _NO_WORD)
        if bad is not _NO_WORD:
            first = int(np.argmax(np.frombuffer(builder.ids, dtype=np.int32) == builder.index[bad]))
            kept = int(np.searchsorted(np.cumsum(np.frombuffer(builder.lengths, dtype=np.int64)), first, side="right"))
            _raise_for_bad_word(numbers[kept], None, bad)
        return builder.build(name)


_NO_WORD = object()


def _raise_for_bad_word(sentence_number: int, sentence, word=_NO_WORD):
    """The ValueError for a word that is not a non-empty string: which word, which sentence, what to do."""
    if word is _NO_WORD:
        word = next(w for w in sentence if not isinstance(w, str) or not w)
    what = "an empty string" if word == "" else f"{word!r:.40} (of type {type(word).__name__})"
    raise ValueError(f"sentence {sentence_number} holds {what} as a word, but every word must be a non-empty string; "
                     "convert the tokens to strings first (e.g. str(token)) or leave the bad ones out.")


# ----- building a corpus ------------------------------------------------------------------------------------
class _CorpusBuilder:
    """Collects sentences word by word into provisional ids (in order of first appearance)."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.ids = array("i")
        self.lengths = array("q")

    def add_sentence(self, words: Sequence[str]) -> None:
        index = self.index
        ids = [index.setdefault(word, len(index)) for word in words]
        if ids:
            self.ids.extend(ids)
            self.lengths.append(len(ids))

    def add_stream(self, words: Sequence[str]) -> None:
        """Append words to one endless text (cut into sentences of equal length by ``build``)."""
        index = self.index
        self.ids.extend([index.setdefault(word, len(index)) for word in words])

    def build(self, name: str, stream_sentence_length: int | None = None) -> Corpus:
        ids = np.frombuffer(self.ids, dtype=np.int32) if len(self.ids) else np.zeros(0, np.int32)
        if stream_sentence_length is not None:
            bounds = np.append(np.arange(0, len(ids), stream_sentence_length), len(ids)).astype(np.int64)
        else:
            bounds = np.concatenate([[0], np.cumsum(np.frombuffer(self.lengths, dtype=np.int64))]).astype(np.int64)
        if len(ids) == 0:
            raise ValueError(f"the corpus {name!r} holds no words: check that the source is not empty.")
        return _renumber(name, ids, bounds, list(self.index))


def _renumber(name: str, ids: np.ndarray, bounds: np.ndarray, words: list) -> Corpus:
    """Renumber word ids so that id 0 is the most frequent word; ties keep their old order (for a new corpus,
    the order of first appearance). Words that do not occur in ``ids`` are dropped."""
    counts = np.bincount(ids, minlength=len(words))
    order = np.argsort(-counts, kind="stable")[: int(np.count_nonzero(counts))]
    new_id = np.full(len(words), -1, dtype=np.int32)
    new_id[order] = np.arange(len(order), dtype=np.int32)
    return Corpus(name, new_id[ids], np.asarray(bounds, dtype=np.int64), [words[i] for i in order],
                  counts[order].astype(np.int64))
