"""The explorer's logic without any widget: one training run for given settings, and what the widget draws of it.

    run = run_explorer(ExplorerSettings(window=5, n_negatives=0))
    run.error           # None, or a sentence (a diverging step size, a bad setting)
    run.loss_history    # the mean pair loss J of each minibatch (up to divergence)
    run.vectors         # the shown words' center vectors (plot_run_projection draws them in 2-D)
    print(run.neighbour_table())

The explorer widget (:mod:`w2vlib.widgets.explorer`) calls :func:`run_explorer` on every change, and notebook 08
calls it in loops for its static sweeps, so what the slider shows and what the notebook prints are the same numbers.
"""
from __future__ import annotations

import functools
import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from ..losses.activations import sigmoid
from ..text.corpora import Corpus, load_corpus
from ..vectors.embeddings import Embeddings
from ..vectors.similarity import cosine_similarity_matrix, group_similarity
from ..text.toy_corpus import planted_corpus
from ..validation import check_number, check_positive_int
from .training import train_explorer

CORPORA = ("toy", "toy-runon", "wiki")
RUNON_SENTENCES = 10   # "toy-runon": the planted sentences written 10 to a line, as text8 has no sentence ends
NEG_POWERS = {"0 (uniform)": 0.0, "¾ (word2vec)": 0.75, "1 (unigram)": 1.0}
MODELS = {"skip-gram": "skipgram", "CBOW": "cbow"}     # label: the trainers' name (notebook 09)
LOSSES = {"negative sampling": "neg_sampling", "hierarchical softmax": "hierarchical_softmax"}
# How each corpus is trained. The toy corpus is small and every word counts (min_count 1); its short sentences and
# 111 words put many copies of one row in a minibatch, so its minibatches are small (see issue 10: the summed update
# of a repeated row can blow up). The Wikipedia sample gets word2vec's settings, one short pass.
CORPUS_SETUP = {
    "toy": dict(min_count=1, sample=1e-3, batch_size=32),
    "toy-runon": dict(min_count=1, sample=1e-3, batch_size=32),
    "wiki": dict(min_count=5, sample=1e-3, batch_size=256),
}
SHARE_TOPN = 5   # neighbours per word counted by ExplorerRun.same_group_share
TOY_QUERIES = ("cat", "france", "paris", "three", "red", "bread")
# Words of the Wikipedia sample that come in groups, for its PCA view (all occur at least 5 times).
WIKI_GROUPS = {
    "numbers": ["two", "three", "four", "five", "six", "seven"],
    "months": ["january", "february", "march", "april", "june", "july"],
    "countries": ["france", "germany", "italy", "spain", "japan", "china"],
    "family": ["father", "mother", "son", "daughter", "brother", "wife"],
}


@dataclass(frozen=True)
class ExplorerSettings:
    """One setting of the explorer's controls (the handout's names).

    corpus:      "toy" (the planted corpus of :func:`w2vlib.planted_corpus`), "toy-runon" (the same sentences run
                 together, ten to a line, so a window can reach into the next sentence) or "wiki" (gensim's
                 Wikipedia sample).
    window:      m, 1..10.   n_negatives: K, 0..20 (0: nothing pushes vectors apart).
    step_size:   α, 1e-4..10 (falls linearly to 1e-4 over the run).   dim: d.   epochs: passes over the corpus.
    neg_power:   β of P_n(w) ∝ count(w)^β: 0 uniform, 0.75 word2vec, 1 unigram.
    words:       the real-text words to project and query (default: :data:`WIKI_GROUPS`); ignored for "toy".
    seed:        seeds everything: the same settings give the same run.
    model:       "skipgram" (the center word predicts each outside word) or "cbow" (the mean of the context's
                 vectors predicts the center word), as in notebook 09.
    loss:        "neg_sampling" (K negatives) or "hierarchical_softmax" (the Huffman path; K is then not used).
    """

    corpus: str = "toy"
    window: int = 2
    n_negatives: int = 5
    step_size: float = 0.025
    dim: int = 20
    epochs: int = 5
    neg_power: float = 0.75
    words: tuple = ()
    seed: int = 0
    model: str = "skipgram"
    loss: str = "neg_sampling"

    def method(self) -> str:
        """The model and the loss in words, e.g. "CBOW with hierarchical softmax"."""
        model = {name: label for label, name in MODELS.items()}.get(self.model, self.model)
        loss = {name: label for label, name in LOSSES.items()}.get(self.loss, self.loss)
        return f"{model} with {loss}"

    def label(self) -> str:
        """A short legend entry: m, K, α, d, epochs and β, after the model and the loss when they are not
        skip-gram with negative sampling ("CBOW", "HS"; K is left out under the hierarchical softmax)."""
        hs = self.loss == "hierarchical_softmax"
        prefix = " ".join(([] if self.model == "skipgram" else ["CBOW"]) + (["HS"] if hs else []))
        return ((f"{prefix} " if prefix else "") + f"m={self.window}" + ("" if hs else f" K={self.n_negatives}")
                + f" α={self.step_size:.3g} d={self.dim} epochs={self.epochs}" + ("" if hs else f" β={self.neg_power:g}"))


# What the controls move to on switching corpus: settings that train well there. On the Wikipedia sample, a short
# run (one pass, d = 30, a few seconds) whose step size is inside the limits below (α (K + 1)(m + 1) = 1.8).
WIKI_DEFAULTS = dict(corpus="wiki", window=5, n_negatives=5, step_size=0.05, dim=30, epochs=1, neg_power=0.75)
CONTROLLED = ("window", "n_negatives", "step_size", "dim", "epochs", "neg_power")


def corpus_defaults(corpus: str) -> dict:
    """The settings of the explorer's controls (m, K, α, d, epochs, β) that train well on ``corpus``."""
    defaults = WIKI_DEFAULTS if corpus == "wiki" else asdict(ExplorerSettings())
    return {name: defaults[name] for name in CONTROLLED}


# On the Wikipedia sample a minibatch of 256 center words holds about 256 (m + 1) pairs and K negatives for each,
# and the summed updates of the frequent words' rows blow up above a step size that falls with K and m. Measured
# (one pass, d = 30, β = ¾: α doubling from 0.025 to 0.4 for m = 1, 5, 10 and K = 0, 1, 5, 10, 20; then β = 1 with
# 3, 5, 10 and 20 passes): every run with α (K + 1)(m + 1) ≤ 2 and α ≤ 0.1 trained, among them the corners
# m = 1, 2, 5, 10 with K = 1, 2, 5, 20 at the limit for 20 passes; runs at 2.5 diverged (β = 1, 5 passes), and
# α = 0.125 diverged with m = 1, K = 5. The explorer does not start a run outside these limits on real text.
WIKI_STEP_LIMIT = 2.0       # α (K + 1)(m + 1) at most
WIKI_MAX_STEP = 0.1         # α at most
# CBOW and the hierarchical softmax (one pass, d = 30, seed 0): CBOW with negative sampling trained at α = 0.1 for
# (m, K) = (1, 1), (5, 5), (10, 5), (10, 20) and at 0.2 for (1, 1), and diverged at 0.15 and 0.2 for (10, 20) and
# at 0.4 for (1, 5); skip-gram with the hierarchical softmax trained at 0.025 and 0.05 for m = 1, 5, 10 and at 0.1
# for m = 1, and diverged at 0.1 for m = 5 and 10; CBOW with the hierarchical softmax trained at 0.05 and 0.1 for
# m = 5 and 10 and diverged at 0.2 for m = 10 and 0.4 for m = 1. Their limit is on α alone.
WIKI_MAX_STEP_VARIANT = {("cbow", "neg_sampling"): 0.1, ("skipgram", "hierarchical_softmax"): 0.05,
                         ("cbow", "hierarchical_softmax"): 0.1}


@dataclass
class ExplorerRun:
    """The outcome of :func:`run_explorer`.

    loss_history: shape (n_minibatches,), mean pair loss J per minibatch; progress: same shape, epochs done (x-axis).
    words, groups: the projected words and each one's group; vectors: their v_w, shape (n, d). All three None
                   after an error or divergence.
    neighbours:   (query word, [(neighbour, cosine), ...]) rows for the neighbour table.
    within, between: mean cosine of pairs of words in one group, and in different groups, after removing the
                  vocabulary's mean vector (None without vectors or with one group).
    mean_cosine:  mean cosine of all pairs of shown words, mean not removed: near 1 when all vectors point one way.
    p_any_pair:   the model's mean σ(u_w^T v_c) over every shown center word c and every vocabulary word w: how
                  sure it is, on average, that an arbitrary pair (c, w) is a real one (near 1: it says yes to all).
                  None under the hierarchical softmax, which has no u_w per word.
    same_group_share: the share of the shown words' 5 nearest neighbours (in the whole vocabulary, mean removed)
                  that belong to the word's own group: 1 when every group keeps to itself.
    seconds:      wall-clock training time.     error: None, or a sentence to show instead of a traceback.
    """

    settings: ExplorerSettings
    loss_history: np.ndarray = field(default_factory=lambda: np.zeros(0))
    progress: np.ndarray = field(default_factory=lambda: np.zeros(0))
    words: list | None = None
    groups: list | None = None
    vectors: np.ndarray | None = None
    neighbours: list = field(default_factory=list)
    within: float | None = None
    between: float | None = None
    mean_cosine: float | None = None
    p_any_pair: float | None = None
    same_group_share: float | None = None
    seconds: float = 0.0
    error: str | None = None
    diverged_at: float | None = None   # epochs done when training diverged (None: it did not)

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def neighbour_table(self) -> str:
        """The neighbours as aligned plain text, one query word per line (empty string when there are none)."""
        rows = [(word, "   ".join(f"{other} {cos:+.2f}" for other, cos in found)) for word, found in self.neighbours]
        width = max((len(word) for word, _ in rows), default=0)
        return "\n".join(f"{word:>{width}}:  {found}" for word, found in rows)


FINAL_MINIBATCHES = 50   # "final loss": the mean over this many last minibatches


def runs_table(runs, vary: str) -> str:
    """A plain-text table of runs that differ in the setting ``vary`` (e.g. "n_negatives", or "method" for the model
    and the loss), one line per run:
    the final loss, P(any pair), within − between and the same-group share, rounded to two decimals; a run that
    diverged says when instead. Notebook 08 prints its sweeps with it."""
    def shown(run):
        value = getattr(run.settings, vary)
        value = value() if callable(value) else value            # e.g. vary="method": "CBOW with negative sampling"
        return f"{value:g}" if isinstance(value, float) else str(value)

    width = max([12] + [len(shown(run)) for run in runs])
    header = (f"{vary:>{width}} {'final loss':>10} {'P(any pair)':>11} {'within − between':>16} {'same group':>10}")
    lines = [header, "-" * len(header)]
    for run in runs:
        value = shown(run)
        if run.error:
            where = f"{run.progress[-1]:.2f}" if len(run.progress) else "0"
            lines.append(f"{value:>{width}}  diverged after {where} epochs" if run.diverged
                         else f"{value:>{width}}  {run.error}")
            continue
        final = float(np.mean(run.loss_history[-FINAL_MINIBATCHES:]))
        separation = "" if run.within is None else f"{run.within - run.between:.2f}"
        share = "" if run.same_group_share is None else f"{run.same_group_share:.2f}"
        p_any = "" if run.p_any_pair is None else f"{run.p_any_pair:.2f}"   # None under the hierarchical softmax
        lines.append(f"{value:>{width}} {final:>10.2f} {p_any:>11} {separation:>16} {share:>10}")
    return "\n".join(lines)


def seeds_table(runs_by_row: dict) -> str:
    """A plain-text table of runs repeated over seeds: one line per ``label → [runs, one per seed]`` of
    ``runs_by_row``, with the final loss, within − between and the same-group share as mean ± standard deviation
    over the seeds (ddof 1), rounded to two decimals; a row with a run that failed says how many."""
    width = max([5] + [len(label) for label in runs_by_row])
    header = f"{'':>{width}} {'final loss':>13} {'within − between':>16} {'same group':>13}"
    lines = [header, "-" * len(header)]
    for label, runs in runs_by_row.items():
        failed = sum(run.error is not None for run in runs)
        if failed:
            lines.append(f"{label:>{width}}  {failed} of {len(runs)} runs failed or diverged")
            continue
        columns = ([float(np.mean(run.loss_history[-FINAL_MINIBATCHES:])) for run in runs],
                   [run.within - run.between for run in runs], [run.same_group_share for run in runs])
        cells = [f"{np.mean(c):.2f} ± {np.std(c, ddof=1) if len(c) > 1 else 0:.2f}" for c in columns]
        lines.append(f"{label:>{width}} {cells[0]:>13} {cells[1]:>16} {cells[2]:>13}")
    return "\n".join(lines)


def check_settings(settings: ExplorerSettings) -> ExplorerSettings:
    """Return ``settings`` with numbers as Python ints and floats; raise ValueError naming a setting out of range."""
    if settings.corpus not in CORPORA:
        raise ValueError(f"corpus must be one of {CORPORA}, got {settings.corpus!r}.")
    if settings.model not in MODELS.values() or settings.loss not in LOSSES.values():
        raise ValueError(f"model must be one of {tuple(MODELS.values())} and loss one of {tuple(LOSSES.values())}, "
                         f"got model={settings.model!r}, loss={settings.loss!r}.")
    window = check_positive_int(settings.window, "window (m)")
    n_negatives = check_positive_int(settings.n_negatives, "n_negatives (K)", minimum=0)
    dim = check_positive_int(settings.dim, "dim (d)")
    epochs = check_positive_int(settings.epochs, "epochs")
    step_size = check_number(settings.step_size, "step_size (α)", 0.0, strict=True, hint=" such as 0.025")
    neg_power = check_number(settings.neg_power, "neg_power (β)", 0.0, hint=" (0, 0.75 or 1)")
    for value, name, top in [(window, "window (m)", 10), (n_negatives, "n_negatives (K)", 20),
                             (dim, "dim (d)", 300), (epochs, "epochs", 50)]:
        if value > top:
            raise ValueError(f"{name} must be at most {top} in the explorer, got {value}.")
    if step_size > 10 or neg_power > 2:
        raise ValueError(f"step_size (α) must be at most 10 and neg_power (β) at most 2, got {step_size:g} and "
                         f"{neg_power:g}.")
    if isinstance(settings.words, str) or not all(isinstance(w, str) and w for w in settings.words):
        raise ValueError(f"words must be a tuple of words (strings), got {settings.words!r}"
                         + (f"; write ({settings.words!r},)." if isinstance(settings.words, str) else "."))
    return replace(settings, window=window, n_negatives=n_negatives, dim=dim, epochs=epochs,
                   step_size=step_size, neg_power=neg_power, words=tuple(w.lower() for w in settings.words))


@functools.lru_cache(maxsize=None)
def explorer_corpus(name: str) -> tuple[Corpus, dict]:
    """The corpus called ``name`` (one of :data:`CORPORA`) and its word groups, loaded once per process."""
    if name == "wiki":
        return load_corpus("wiki"), WIKI_GROUPS
    toy = planted_corpus()
    sentences = toy.sentences
    if name == "toy-runon":
        sentences = [sum(sentences[i:i + RUNON_SENTENCES], []) for i in range(0, len(sentences), RUNON_SENTENCES)]
    return Corpus.from_sentences(sentences, name=name), toy.groups


def check_step_size(settings: ExplorerSettings) -> None:
    """Before training on the Wikipedia sample: for skip-gram with negative sampling α (K + 1)(m + 1) at most
    :data:`WIKI_STEP_LIMIT` (2) and α at most :data:`WIKI_MAX_STEP` (0.1), for CBOW and the hierarchical softmax α at
    most :data:`WIKI_MAX_STEP_VARIANT`'s value, the limits within which every measured run trained; else raise
    ValueError saying so and what to change (the toy corpus trains anything: there, finding the limit is the
    exercise)."""
    if settings.corpus != "wiki":
        return
    variant = (settings.model, settings.loss)
    if variant in WIKI_MAX_STEP_VARIANT:
        largest = WIKI_MAX_STEP_VARIANT[variant]
        if settings.step_size > largest * (1 + 1e-9):
            raise ValueError(
                f"On the Wikipedia sample, {settings.method()} at α = {settings.step_size:.3g} would "
                f"diverge: α is above {largest:g}, where measured runs blew up. Set α to at most {largest:g}; nothing "
                "was trained.")
        return
    load = (settings.n_negatives + 1) * (settings.window + 1)
    largest = min(WIKI_MAX_STEP, WIKI_STEP_LIMIT / load)
    if settings.step_size > largest * (1 + 1e-9):
        reason = (f"α (K + 1)(m + 1) = {settings.step_size * load:.3g} is above {WIKI_STEP_LIMIT:g}"
                  if settings.step_size * load > WIKI_STEP_LIMIT else f"α is above {WIKI_MAX_STEP:g}")
        raise ValueError(
            f"On the Wikipedia sample, α = {settings.step_size:.3g} with K = {settings.n_negatives} and "
            f"m = {settings.window} would diverge: {reason}, where measured runs blew up. Set α to at most "
            f"{largest:.2g}" + (", or lower K or m" if largest < WIKI_MAX_STEP else "") + "; nothing was trained.")


def check_words(settings: ExplorerSettings, corpus: Corpus) -> None:
    """Before training: every chosen real word must be in the vocabulary (occur ``min_count`` times); name the others."""
    if settings.corpus != "wiki" or not settings.words:
        return
    min_count = CORPUS_SETUP[settings.corpus]["min_count"]
    count = dict(zip(corpus.words, corpus.counts.tolist()))
    unknown = [w for w in settings.words if count.get(w, 0) < min_count]
    if unknown:
        raise ValueError(f"not in the vocabulary of the Wikipedia sample: {', '.join(unknown)}; "
                         f"choose words that occur at least {min_count} times.")
    if len(set(settings.words)) < 3:
        raise ValueError("choose at least three different words to project.")


def _shown_words(settings: ExplorerSettings, groups: dict) -> tuple[list, list]:
    """The words to project and their groups: the planted groups, or the chosen real words."""
    if settings.corpus != "wiki" or not settings.words:
        return [w for ws in groups.values() for w in ws], [g for g, ws in groups.items() for _ in ws]
    words = list(dict.fromkeys(settings.words))
    return words, ["chosen words"] * len(words)


def run_explorer(settings: ExplorerSettings = ExplorerSettings(), topn: int = 4) -> ExplorerRun:
    """Train once with ``settings`` and collect what the explorer shows. Never raises for a bad setting or a
    diverging step size: the result's ``error`` holds the sentence, and ``loss_history`` the curve up to there."""
    try:
        settings = check_settings(settings)
        check_step_size(settings)
    except ValueError as error:
        return ExplorerRun(settings, error=str(error))
    corpus, groups = explorer_corpus(settings.corpus)
    try:
        check_words(settings, corpus)
    except ValueError as error:
        return ExplorerRun(settings, error=str(error))
    started = time.perf_counter()
    trained = train_explorer(corpus, dim=settings.dim, window=settings.window, n_negatives=settings.n_negatives,
                             epochs=settings.epochs, step_size=settings.step_size, neg_power=settings.neg_power,
                             seed=settings.seed, model=settings.model, loss=settings.loss,
                             **CORPUS_SETUP[settings.corpus])
    run = ExplorerRun(settings, trained.loss_history, trained.progress, seconds=time.perf_counter() - started)
    if trained.diverged_at is not None:
        run.diverged_at = trained.diverged_at
        run.error = (f"Training diverged: with step size α = {settings.step_size:g} the loss blew up after "
                     f"{trained.diverged_at:.2f} of {settings.epochs} epoch(s), so the curve stops there. "
                     f"Try a smaller step size, for example α = {settings.step_size / 10:g}.")
        return run
    words_u = trained.outside_vectors if settings.loss == "neg_sampling" else None   # HS: U holds tree nodes
    _describe(run, trained.center_vectors, trained.vocabulary.index_to_key, words_u, groups, topn)
    return run


def _describe(run: ExplorerRun, vectors: np.ndarray, words: list, outside_vectors: np.ndarray | None, groups: dict,
              topn: int) -> None:
    """Fill in what the explorer shows of trained vectors (``vectors``: shape (n_words, d), row w is v_w of
    ``words[w]``; ``outside_vectors``: U of the same shape, or None when not kept): the shown words' vectors,
    the neighbours, the group scores and P(any pair)."""
    # Negative sampling gives every center vector a shared direction (notebook 04), which lifts every cosine
    # towards 1; the neighbours and the group scores use the vectors with the vocabulary's mean removed.
    centred = Embeddings(vectors - vectors.mean(axis=0), words)
    run.words, run.groups = _shown_words(run.settings, groups)
    rows = [centred.get_index(w) for w in run.words]
    run.vectors = vectors[rows]
    if outside_vectors is not None:
        run.p_any_pair = float(sigmoid(outside_vectors @ run.vectors.T.astype(np.float64)).mean())
    run.mean_cosine = float(cosine_similarity_matrix(run.vectors)[np.triu_indices(len(rows), k=1)].mean())
    group_words = {g: [w for w, h in zip(run.words, run.groups) if h == g] for g in dict.fromkeys(run.groups)}
    if len(group_words) >= 2:
        run.within, run.between = group_similarity(centred.vectors, centred.key_to_index, group_words)
        group_of = dict(zip(run.words, run.groups))
        run.same_group_share = float(np.mean([group_of.get(other) == group_of[w] for w in run.words
                                              for other, _ in centred.most_similar(w, topn=SHARE_TOPN)]))
        queries = TOY_QUERIES if run.settings.corpus != "wiki" else [ws[0] for ws in group_words.values()]
    else:
        queries = run.words[:4]
    run.neighbours = [(w, centred.most_similar(w, topn=topn)) for w in queries]


def run_protocol_vectors(words: tuple = (), topn: int = 4) -> ExplorerRun:
    """What the explorer shows of the Wikipedia sample's 10-pass vectors (notebook 06's, ``make bench``'s protocol:
    :func:`w2vlib.vectors.vector_cache.protocol_vectors`, from the cache, or trained once, about a minute): the longer run
    that one short pass is compared with. ``words``: the real words to project (default: the four groups).
    The result has no loss curve; its ``error`` names unknown words, as :func:`run_explorer` does."""
    from ..bench.benchmark import PROTOCOL
    from ..vectors.vector_cache import protocol_vectors

    settings = ExplorerSettings(corpus="wiki", window=PROTOCOL["window"], n_negatives=PROTOCOL["n_negatives"],
                                step_size=PROTOCOL["step_size"], dim=PROTOCOL["dim"], epochs=PROTOCOL["epochs"],
                                neg_power=0.75, words=tuple(words))
    try:
        settings = check_settings(settings)
        corpus, groups = explorer_corpus("wiki")
        check_words(settings, corpus)
    except ValueError as error:
        return ExplorerRun(settings, error=str(error))
    started = time.perf_counter()
    embeddings, _ = protocol_vectors("fast")
    run = ExplorerRun(settings, seconds=time.perf_counter() - started)
    _describe(run, np.asarray(embeddings.vectors), list(embeddings.index_to_key), None, groups, topn)
    return run
