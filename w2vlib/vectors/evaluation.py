"""How good are word vectors? Word-similarity correlations and analogy accuracy, offline and gensim-compatible.

* Word similarity: people rated word pairs (WordSim-353: relatedness, "cup"–"coffee" is high; SimLex-999:
  similarity proper, "cup"–"coffee" is low). The score is Spearman's rank correlation between their ratings
  and cos(u_a, u_b) over the pairs whose two words are in the vocabulary.
* Analogies (Mikolov et al.'s Google set, 19 544 questions "a b c d": athens : greece :: baghdad : iraq):
  the answer is argmax_w cos(u_w, û_b + û_c − û_a) over the ``restrict_vocab`` most frequent words
  except a, b and c (3CosAdd); a question counts only if its four words are among those words.

The data files ship inside gensim's wheel, so nothing is downloaded. ``kv`` is anything with ``vectors``,
``index_to_key`` and ``key_to_index``: a :class:`w2vlib.vectors.embeddings.Embeddings` or a gensim ``KeyedVectors``,
so the benchmark scores both with the same code. The rules (case folding, the first of several case variants
wins, which questions are skipped) are gensim's ``evaluate_word_pairs`` / ``evaluate_word_analogies``.
"""
from __future__ import annotations

import importlib.util
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np

from .embeddings import unit_rows
from ..validation import check_positive_int

PAIR_DATASETS = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}
ANALOGY_FILE = "questions-words.txt"


def gensim_data_path(name: str) -> Path:
    """The path of a data file bundled with gensim (what ``gensim.test.utils.datapath(name)`` returns).

    Found without importing gensim, which takes a second or two.
    """
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("gensim is not installed, and the evaluation files ship with it: pip install gensim.")
    path = Path(list(spec.submodule_search_locations)[0]) / "test" / "test_data" / name
    if not path.is_file():
        raise ValueError(f"gensim's bundled data file {name!r} is missing at {path}; reinstall gensim (pip install gensim).")
    return path


def _resolve_pairs_file(dataset) -> tuple[str, Path]:
    """(display name, path) for a dataset name or a file path."""
    if isinstance(dataset, str) and dataset.lower() in PAIR_DATASETS:
        return dataset.lower(), gensim_data_path(PAIR_DATASETS[dataset.lower()])
    if isinstance(dataset, (str, Path)) and Path(dataset).is_file():
        return Path(dataset).name, Path(dataset)
    raise ValueError(
        f"dataset must be one of {', '.join(repr(k) for k in PAIR_DATASETS)} or the path of an existing file of "
        f"tab-separated 'word1 word2 score' lines, got {dataset!r}."
    )


def _vocabulary_view(kv, restrict_vocab: int | None, case_insensitive: bool) -> tuple[dict[str, int], list[str]]:
    """(lookup key -> row, the first ``restrict_vocab`` words): with case folding the first case variant wins."""
    for attribute in ("vectors", "index_to_key", "key_to_index"):
        if not hasattr(kv, attribute):
            raise ValueError(f"kv must be word vectors with .vectors, .index_to_key and .key_to_index (an Embeddings or "
                             f"a gensim KeyedVectors), got {type(kv).__name__} without .{attribute}.")
    keys = list(kv.index_to_key[:restrict_vocab] if restrict_vocab else kv.index_to_key)
    lookup: dict[str, int] = {}
    for row, key in enumerate(keys):
        lookup.setdefault(key.upper() if case_insensitive else key, row)
    return lookup, keys


def _check_restrict_vocab(restrict_vocab) -> None:
    check_positive_int(restrict_vocab, "restrict_vocab", allow_none=True,
                       hint=" (how many of the most frequent words to use)")


# ----- word-pair similarity ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PairScore:
    """Correlation of cosine similarities with human ratings.

    spearman, pearson: correlations over the ``n_pairs`` pairs whose two words are in the vocabulary
                       (nan when fewer than 3 pairs are, or when either side is constant).
    n_oov:             pairs skipped because a word is out of the vocabulary; ``oov_share`` = n_oov / all pairs.
    """

    dataset: str
    spearman: float
    pearson: float
    n_pairs: int
    n_oov: int
    oov_share: float

    def __str__(self) -> str:
        value = "n/a" if math.isnan(self.spearman) else f"{self.spearman:.3f}"
        return f"{self.dataset}: Spearman {value} on {self.n_pairs} pairs ({self.oov_share:.1%} out of vocabulary)"


def read_word_pairs(path) -> list[tuple[str, str, float]]:
    """The (word1, word2, human score) lines of a tab-separated file; ``#`` lines and blank lines are skipped.

    Files from other tools are read too: a UTF-8 byte-order mark is dropped, and a line of exactly three fields
    separated by spaces instead of tabs is accepted.
    """
    pairs = []
    with open(path, encoding="utf-8-sig") as stream:
        for line_no, line in enumerate(stream, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) != 3 and len(line.split()) == 3:
                fields = line.split()
            try:
                word1, word2, score = fields
                pairs.append((word1, word2, float(score)))
            except ValueError:
                raise ValueError(f"{path}: line {line_no} must be 'word1<TAB>word2<TAB>score', got {line.strip()[:80]!r}.") from None
    return pairs


def _correlations(gold: np.ndarray, model: np.ndarray) -> tuple[float, float]:
    """Spearman and Pearson correlation of two score lists; nan when fewer than 3 pairs or a list is constant."""
    from scipy import stats  # imported here: scipy.stats takes longer to import than the rest of w2vlib together

    if len(gold) < 3 or np.ptp(gold) == 0 or np.ptp(model) == 0:
        return math.nan, math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy's p-value warnings for tiny samples; we report only the statistic
        return float(stats.spearmanr(gold, model)[0]), float(stats.pearsonr(gold, model)[0])


@dataclass(frozen=True)
class PairSimilarities:
    """The in-vocabulary pairs of a word-similarity dataset with the human and the model score of each.

    pair_numbers: shape (n,), each pair's position among all the dataset's pairs (0-based, file order), so that two
                  models can be matched pair by pair.
    gold:         shape (n,), the human ratings.
    model:        shape (n,), cos(v_a, v_b) of the model's vectors.
    n_total:      pairs in the dataset, in the vocabulary or not.
    """

    dataset: str
    pair_numbers: np.ndarray
    gold: np.ndarray
    model: np.ndarray
    n_total: int

    @property
    def n_pairs(self) -> int:
        return int(self.gold.shape[0])

    @property
    def oov_share(self) -> float:
        """The share of the dataset's pairs left out because a word is out of the vocabulary."""
        return 1.0 - self.n_pairs / self.n_total


def pair_similarities(kv, dataset="wordsim353", case_insensitive: bool = True,
                      restrict_vocab: int | None = 300000) -> PairSimilarities:
    """Human rating and model cosine of every in-vocabulary pair (arguments as :func:`word_pair_spearman`)."""
    _check_restrict_vocab(restrict_vocab)
    name, path = _resolve_pairs_file(dataset)
    lookup, _ = _vocabulary_view(kv, restrict_vocab, case_insensitive)
    fold = str.upper if case_insensitive else str
    numbers, gold, rows_a, rows_b = [], [], [], []
    all_pairs = read_word_pairs(path)
    for number, (word1, word2, score) in enumerate(all_pairs):
        a, b = lookup.get(fold(word1)), lookup.get(fold(word2))
        if a is not None and b is not None:
            numbers.append(number)
            gold.append(score)
            rows_a.append(a)
            rows_b.append(b)
    if not all_pairs:
        raise ValueError(f"{path} holds no word pairs.")
    vectors = np.asarray(kv.vectors)
    model = np.sum(unit_rows(vectors[rows_a].astype(np.float64)) * unit_rows(vectors[rows_b].astype(np.float64)),
                   axis=1) if rows_a else np.zeros(0)
    return PairSimilarities(name, np.array(numbers, dtype=np.int64), np.array(gold, dtype=np.float64), model,
                            len(all_pairs))


def word_pair_spearman(kv, dataset="wordsim353", case_insensitive: bool = True,
                       restrict_vocab: int | None = 300000) -> PairScore:
    """Spearman correlation between cos(u_a, u_b) and human ratings, over the in-vocabulary pairs.

    kv:               word vectors (``Embeddings`` or gensim ``KeyedVectors``).
    dataset:          ``"wordsim353"``, ``"simlex999"`` or the path of a file of ``word1<TAB>word2<TAB>score`` lines.
    case_insensitive: compare words upper-cased (the first case variant in the vocabulary is used), as gensim.
    restrict_vocab:   only the first (most frequent) this many words count as known, as gensim (None: all).
    """
    pairs = pair_similarities(kv, dataset, case_insensitive, restrict_vocab)
    spearman, pearson = _correlations(pairs.gold, pairs.model)
    n_oov = pairs.n_total - pairs.n_pairs
    return PairScore(pairs.dataset, spearman, pearson, pairs.n_pairs, n_oov, pairs.oov_share)


# ----- analogies --------------------------------------------------------------------------------------------
class SectionScore(NamedTuple):
    """Correct answers out of the questions asked (skipped ones not counted) in one section of the analogy file."""

    n_correct: int
    n_questions: int

    @property
    def accuracy(self) -> float:
        return self.n_correct / self.n_questions if self.n_questions else math.nan


@dataclass(frozen=True)
class AnalogyScore:
    """Analogy accuracy: ``n_correct / n_questions`` (nan if every question was skipped).

    n_skipped:   questions left out because one of their four words is not among the ``restrict_vocab``
                 most frequent words (gensim's default behaviour, ``dummy4unknown=False``).
    per_section: section name (e.g. ``"capital-common-countries"``) -> SectionScore, in file order.
    """

    accuracy: float
    n_correct: int
    n_questions: int
    n_skipped: int
    per_section: dict[str, SectionScore] = field(default_factory=dict)

    def __str__(self) -> str:
        if not self.n_questions:
            return f"analogies: n/a (all {self.n_skipped} questions have a word out of the vocabulary)"
        share = self.n_skipped / (self.n_questions + self.n_skipped)
        return (f"analogies: accuracy {self.accuracy:.3f} ({self.n_correct}/{self.n_questions} questions, "
                f"{share:.1%} skipped as out of vocabulary)")


def read_analogies(path) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """The sections of an analogy file: ``": name"`` lines start a section, the others hold four words."""
    sections: list[tuple[str, list]] = []
    with open(path, encoding="utf-8-sig") as stream:  # a byte-order mark, as some editors write, is dropped
        for line_no, line in enumerate(stream, start=1):
            if line.startswith(": "):
                sections.append((line[2:].strip(), []))
                continue
            words = line.split()
            if not words:
                continue
            if not sections:
                raise ValueError(f"{path}: line {line_no} comes before the first ': section name' line.")
            if len(words) != 4:
                raise ValueError(f"{path}: line {line_no} must hold four words 'a b c d' (a : b :: c : d), "
                                 f"got {line.strip()[:80]!r}.")
            sections[-1][1].append(tuple(words))
    return sections


def _best_allowed(scores: np.ndarray, canonical: np.ndarray, a, b, c, n_top: int = 5) -> np.ndarray:
    """Per row of ``scores`` (one question each), the canonical row of the best answer, gensim's way.

    The input words a, b, c are excluded; then, of the ``n_top`` best remaining words, the first that is not a
    case variant of an input word (``canonical[w]`` not in {a, b, c}) is the answer, or the last of them if
    none qualifies. Repeated ``argmax`` over the few rows that need it is much cheaper than sorting.
    """
    batch = np.arange(len(a))
    for inputs in (a, b, c):
        scores[batch, inputs] = -np.inf
    answer = np.full(len(a), -1, dtype=np.intp)
    pending = batch
    for _ in range(min(n_top, scores.shape[1])):
        best = scores[pending].argmax(axis=1)
        exhausted = np.isneginf(scores[pending, best])  # fewer words than n_top: keep the previous candidate
        pending, best = pending[~exhausted], best[~exhausted]
        candidate = canonical[best]
        answer[pending] = candidate
        clash = (candidate == a[pending]) | (candidate == b[pending]) | (candidate == c[pending])
        scores[pending[clash], best[clash]] = -np.inf
        pending = pending[clash]
        if not len(pending):
            break
    return answer


def analogy_accuracy(kv, path=None, restrict_vocab: int | None = 30000, case_insensitive: bool = True,
                     batch_size: int = 512) -> AnalogyScore:
    """Accuracy of 3CosAdd on an analogy file (default: the Google set bundled with gensim).

    kv:               word vectors (``Embeddings`` or gensim ``KeyedVectors``), most frequent word first.
    path:             an analogy file in the ``questions-words.txt`` format; None for the bundled one.
    restrict_vocab:   answers are searched, and questions kept, only among the first this many words (None: all).
    case_insensitive: compare words upper-cased; of several case variants the most frequent (first) one is used.
    batch_size:       questions scored per matrix product (memory: batch_size × restrict_vocab floats).

    The same rule as gensim's ``evaluate_word_analogies``, but batched: the scores of a batch of questions
    are one matrix product (batch, d) @ (d, restrict_vocab) instead of one full product per question.
    """
    _check_restrict_vocab(restrict_vocab)
    batch_size = check_positive_int(batch_size, "batch_size")
    path = gensim_data_path(ANALOGY_FILE) if path is None else Path(path)
    if not path.is_file():
        raise ValueError(f"path must be an analogy file such as questions-words.txt, but {str(path)!r} does not exist.")
    lookup, keys = _vocabulary_view(kv, restrict_vocab, case_insensitive)
    fold = str.upper if case_insensitive else str
    # canonical[r]: the row that stands for word r's (case-folded) form; variants of an input word are excluded too.
    canonical = np.array([lookup[fold(key)] for key in keys], dtype=np.intp)
    unit = unit_rows(np.asarray(kv.vectors[: len(keys)], dtype=np.float32))

    section_names, question_rows, question_section, n_skipped = [], [], [], 0
    for s, (name, questions) in enumerate(read_analogies(path)):
        section_names.append(name)
        for question in questions:
            rows = [lookup.get(fold(word)) for word in question]
            if None in rows:
                n_skipped += 1
            else:
                question_rows.append(rows)
                question_section.append(s)
    questions = np.array(question_rows, dtype=np.intp).reshape(-1, 4)
    correct = np.zeros(len(questions), dtype=bool)
    for start in range(0, len(questions), batch_size):
        a, b, c, expected = questions[start:start + batch_size].T
        scores = (unit[b] + unit[c] - unit[a]) @ unit.T            # (batch, restrict_vocab), ∝ cos(u_w, query)
        predicted = _best_allowed(scores, canonical, a, b, c)
        correct[start:start + batch_size] = predicted == expected

    section_of = np.array(question_section, dtype=np.intp)
    per_section: dict[str, SectionScore] = {}
    for s, name in enumerate(section_names):  # a section name that appears twice adds up
        in_section = section_of == s
        before = per_section.get(name, SectionScore(0, 0))
        per_section[name] = SectionScore(before.n_correct + int(correct[in_section].sum()),
                                         before.n_questions + int(in_section.sum()))
    n_correct, n_questions = int(correct.sum()), len(questions)
    return AnalogyScore(n_correct / n_questions if n_questions else math.nan, n_correct, n_questions, n_skipped, per_section)


# ----- reports ----------------------------------------------------------------------------------------------
def nearest_neighbours_table(kv, words: Sequence[str], topn: int = 5) -> str:
    """A plain-text table: each word, then its ``topn`` nearest neighbours by cosine with the cosine.

    Words not in the vocabulary, or whose vector is zero, get a row saying so instead of an error.
    """
    if isinstance(words, str):
        words = [words]
    check_positive_int(topn, "topn")
    if not words:
        raise ValueError("words is empty; give the words whose neighbours to show, e.g. ['paris', 'cat'].")
    rows = []
    for word in words:
        if word in kv.key_to_index and not np.any(np.asarray(kv.vectors[kv.key_to_index[word]])):
            rows.append([word, "(a zero vector: no direction, so no neighbours)"])
        elif word in kv.key_to_index:
            rows.append([word] + [f"{other} {cos:.3f}" for other, cos in kv.most_similar(positive=[word], topn=topn)])
        else:
            rows.append([word, "(not in the vocabulary)"])
    header = ["word"] + [f"#{i}" for i in range(1, topn + 1)]
    rows = [r + [""] * (len(header) - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@dataclass(frozen=True)
class EvaluationReport:
    """The three standard scores of a set of word vectors."""

    wordsim353: PairScore
    simlex999: PairScore
    analogies: AnalogyScore

    def __str__(self) -> str:
        return "\n".join(str(score) for score in (self.wordsim353, self.simlex999, self.analogies))


def evaluate_embeddings(kv, restrict_vocab: int = 30000) -> EvaluationReport:
    """WordSim-353 and SimLex-999 Spearman and Google-analogy accuracy (restricted to ``restrict_vocab`` words)."""
    return EvaluationReport(
        word_pair_spearman(kv, "wordsim353"),
        word_pair_spearman(kv, "simlex999"),
        analogy_accuracy(kv, restrict_vocab=restrict_vocab),
    )
