"""A handout-style skip-gram trainer: plain SGD, one window at a time, as in CS224N's ``run.py`` / ``sgd.py``.

This is the trainer to read, not the fast one. Each step:

1. takes the next center position t from a seeded permutation of the corpus positions (every position is
   visited once per pass over the corpus, in random order), cut into segments of ``batch_size`` positions;
2. builds the window w_{t−m} .. w_{t+m} (j ≠ 0) inside t's sentence;
3. calls :func:`w2vlib.skipgram` for J and its gradients, with the naive softmax or negative sampling
   (K negatives from P_n(w) ∝ count(w)^{3/4}, never the outside word itself);
4. moves down the gradient: V ← V − α ∂J/∂V and U ← U − α ∂J/∂U, where α is halved every ``anneal_every`` steps.

Options for notebook 07's experiments (all off by default, so the defaults train exactly as before): one matrix for
both roles (``tied``, :mod:`w2vlib.losses.tied_vectors`), the L2 term D v_c^T v_c (``l2_weight``, :mod:`w2vlib.losses.l2_penalty`),
other step-size rules (``step_rule``, :mod:`w2vlib.training.step_size_rules`), the noise exponent β (``neg_power``), which words
a negative may not be (``exclude``, :mod:`w2vlib.text.negative_exclusion`), the positions in corpus order instead of a
permutation (``shuffle=False``), a starting point of one's own (``init``) and a look at every step (``callback``).

A running average of the loss is recorded at every step, and a checkpoint (V, U, step, random state, loss
history) can be written every N steps and resumed from so that the result is bit-identical to an
uninterrupted run. Training that blows up stops at once with a ValueError that names the step size.
"""
from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..atomic_file import atomic_write
from ..text.corpora import Corpus
from ..losses.l2_penalty import check_l2_weight, l2_penalty_and_gradient
from ..losses.naive_softmax import naive_softmax_loss_and_gradient
from ..text.negative_exclusion import WindowNegatives, check_exclusion
from ..text.negative_sampler import NegativeSampler
from ..losses.negative_sampling import make_neg_sampling_loss
from ..losses.skipgram import skipgram
from ..losses.cbow import cbow
from .cbow_hs_training import check_handout_model
from ..losses.hierarchical_softmax import make_hs_loss
from ..text.huffman_tree import build_huffman_tree
from .step_size_rules import check_step_rule, make_step_rule
from ..validation import check_memory, check_number, check_positive_int
from ..text.vocabulary import build_vocabulary

LOSS_NAMES = ("neg_sampling", "naive_softmax", "hierarchical_softmax")
LOSS_WINDOW = 100  # the loss history holds the mean loss of the last LOSS_WINDOW steps
HELD_OUT_WINDOWS = 200  # windows set aside for step_rule="halve_unless_decreased"


@dataclass
class HandoutResult:
    """What :func:`train_handout` returns.

    center_vectors:    shape (n_words, d), row w is v_w (the word vectors one usually keeps).
    outside_vectors:   shape (n_words, d), row w is u_w.
    word2ind:          word -> row index; index_to_key: row index -> word (most frequent first).
    loss_history:      shape (n_steps,), after each step the mean window loss J of the last 100 steps.
    n_words_processed: corpus positions visited as center words by this call.
    seconds:           wall-clock time of this call.
    step_sizes:        shape (n_steps,), the α of each step (AdaGrad: the α its per-entry steps are scaled from).
    held_out_checks:   for step_rule="halve_unless_decreased", one (step, held-out J, α, kept) per check; else [].
    With ``tied=True`` center_vectors and outside_vectors are the same array.
    """

    center_vectors: np.ndarray
    outside_vectors: np.ndarray
    word2ind: dict
    index_to_key: list
    loss_history: np.ndarray
    n_words_processed: int
    seconds: float
    step_sizes: np.ndarray = None
    held_out_checks: list = None


def corpus_positions(sentences: Sequence[Sequence[str]], word2ind) -> tuple[list[list[str]], np.ndarray]:
    """The sentences with out-of-vocabulary words removed, and every center position that has a window.

    Returns ``(kept_sentences, positions)``: ``positions`` has shape (T, 2), rows (sentence number, t), one per
    vocabulary word in a sentence of at least two vocabulary words (a lone word has no outside words).
    """
    kept_sentences = [[word for word in sentence if word in word2ind] for sentence in sentences]
    positions = np.array([(s, t) for s, sentence in enumerate(kept_sentences) if len(sentence) > 1
                          for t in range(len(sentence))], dtype=np.int64).reshape(-1, 2)
    if len(positions) == 0:
        raise ValueError("no sentence has two or more vocabulary words, so there is no window to train on; "
                         "pass longer sentences or lower min_count.")
    return kept_sentences, positions


def initial_vectors(n_words: int, dim: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """CS224N's starting point: V uniform in (−0.5/d, 0.5/d) and U = 0, both shape (n_words, d).

    Not both zero: at V = U = 0 every gradient of the skip-gram loss is zero (a saddle point), so SGD would never move.
    """
    return (rng.random((n_words, dim)) - 0.5) / dim, np.zeros((n_words, dim))


def window_around(sentence: Sequence[str], t: int, window: int) -> list[str]:
    """The outside words w_{t−m} .. w_{t+m} (j ≠ 0) of position t, cut off at the sentence's ends."""
    return list(sentence[max(0, t - window):t]) + list(sentence[t + 1:t + 1 + window])


def train_handout(sentences, *, dim=10, window=2, loss="neg_sampling", n_negatives=10, step_size=0.1, epochs=1,
                  anneal_every=None, min_count=1, seed=0, checkpoint_path=None, checkpoint_every=None, resume=False,
                  print_every=None, batch_size=1, tied=False, l2_weight=0.0, step_rule="fixed", check_every=None,
                  neg_power=0.75, exclude="outside", shuffle=True, init=None, callback=None,
                  model="skipgram") -> HandoutResult:
    """Train skip-gram word vectors by plain SGD over the windows of ``sentences``.

    sentences:     list of sentences, each a list of word strings; words seen fewer than ``min_count`` times
                   are dropped before the windows are built (so a window reaches past them).
    dim:           d, the length of every word vector.
    window:        m, the number of outside words on each side of the center word.
    loss:          "neg_sampling" (K = ``n_negatives`` negatives per pair), "naive_softmax", or
                   "hierarchical_softmax" (the Huffman tree of the counts; U then holds its inner nodes' vectors).
    model:         "skipgram" (the center word predicts each outside word) or "cbow" (the mean of the outside words'
                   vectors predicts the center word: :func:`w2vlib.losses.cbow.cbow`, the exact gradient).
    step_size:     α at the start; halved every ``anneal_every`` steps (never, if None). With one window per
                   step, 0.1 suits d = 10 and K = 10; CS224N's 0.3 is for gradients averaged over 50 windows.
    epochs:        passes over the corpus; each pass visits every center position once, in a fresh random order.
    seed:          seeds the initial vectors, the visiting order and the negatives: same seed, same vectors.
    checkpoint_path, checkpoint_every: write a checkpoint (.npz) every ``checkpoint_every`` steps and at the end.
    resume:        continue from ``checkpoint_path`` if it exists (the other arguments must match the run
                   that wrote it, except ``epochs``, which may be larger); start afresh if it does not.
    print_every:   print the running loss every this many steps.
    batch_size:    positions per step (one segment of the permutation); the gradient is the mean over the
                   segment's windows. 1 (the default) is pure SGD, one window per update.

    The options of notebook 07 (the defaults train exactly as without them):
    tied:          True: one vector u_w per word, used as center and as outside vector (one matrix W, updated
                   with ∂J/∂W = ∂J/∂V + ∂J/∂U, which holds the factor 2 when o or a negative equals c).
    l2_weight:     D >= 0: every pair's loss gets D v_c^T v_c (gradient 2 D v_c).
    step_rule:     "fixed" (α, halved every ``anneal_every`` steps if given), "linear" (α → α·10⁻⁴ over the run),
                   "adagrad", or "halve_unless_decreased" (every ``check_every`` steps, default 500, J on a held-out
                   batch of windows must have decreased, else the steps are undone and α halved; the held-out
                   windows are not trained on). See :mod:`w2vlib.training.step_size_rules`.
    neg_power:     β, the exponent of the noise distribution P_n(w) ∝ count(w)^β (0 uniform, 1 unigram).
    exclude:       what a negative may not be: "outside" (o, the default), "none", "center_and_outside", "window".
    shuffle:       False visits the positions in corpus order instead of a fresh permutation per pass.
    init:          ``init(n_words, dim, rng) -> (V, U)`` (or one matrix W with ``tied``), the starting vectors.
    callback:      ``callback(step, center_vectors, outside_vectors)`` after every step (step = steps done).

    The vectors start from :func:`initial_vectors`: V uniform in (−0.5/d, 0.5/d), U = 0 (with ``tied``: W = that V).
    """
    config = _check_arguments(sentences, dim, window, loss, n_negatives, step_size, epochs, anneal_every, min_count,
                              seed, checkpoint_path, checkpoint_every, resume, print_every, batch_size, tied,
                              l2_weight, step_rule, check_every, neg_power, exclude, shuffle, init, callback, model)
    check_every = config.pop("check_every")
    start_time = time.perf_counter()
    vocab = build_vocabulary(Corpus.from_sentences(sentences), min_count)  # most frequent word first
    kept_sentences, positions = corpus_positions(sentences, vocab.key_to_index)
    held_out = None
    if step_rule == "halve_unless_decreased":
        positions, held_out = _hold_out(positions, seed)
    steps_per_epoch = -(-len(positions) // batch_size)  # ceil
    total_steps = epochs * steps_per_epoch

    rng = np.random.default_rng(seed)
    n_words = len(vocab.index_to_key)
    check_memory({f"V, U and their gradients ({n_words:,} words × d × 8 bytes, 4 arrays)": 4 * n_words * dim * 8},
                 f"train_handout(dim={dim})", "Choose a smaller dim (the handout uses dim=10; word2vec 100).")
    center_vectors, outside_vectors = _starting_vectors(init, tied, n_words, dim, rng)
    loss_fn = _make_loss_fn(loss, vocab.counts, neg_power, n_negatives, exclude, rng)
    step, loss_history, recent_losses = 0, [], deque(maxlen=LOSS_WINDOW)
    if resume and Path(checkpoint_path).exists():
        center_vectors, outside_vectors, step, loss_history, recent = _load_checkpoint(
            checkpoint_path, config, vocab, rng, total_steps)
        recent_losses.extend(recent)
        if tied:
            outside_vectors = center_vectors
    first_step = step
    params = [center_vectors] if tied else [center_vectors, outside_vectors]

    def held_out_loss(trial_params):  # J on the held-out windows, with the same negatives at every call
        fixed_loss_fn = _make_loss_fn(loss, vocab.counts, neg_power, n_negatives, exclude,
                                      np.random.default_rng([seed, 7, 7]))
        matrices = (trial_params[0], trial_params[0]) if tied else trial_params
        return segment_loss_and_gradient(held_out, kept_sentences, window, vocab.key_to_index, *matrices,
                                         fixed_loss_fn, l2_weight=l2_weight, model=model)[0]

    rule = make_step_rule(step_rule, step_size, total_steps, anneal_every, check_every, held_out_loss)
    rule.start(params)
    step_sizes = []

    order, order_epoch = None, -1
    while step < total_steps:
        epoch, segment_number = divmod(step, steps_per_epoch)
        if epoch != order_epoch:  # the visiting order of this pass: a permutation, seeded by (seed, epoch)
            order = (np.random.default_rng([seed, epoch]).permutation(len(positions)) if shuffle
                     else np.arange(len(positions)))
            order_epoch = epoch
        segment = positions[order[segment_number * batch_size:(segment_number + 1) * batch_size]]
        alpha = rule.step_size(step)

        with np.errstate(over="raise", invalid="raise"):  # an overflow means the run diverged
            try:
                step_loss, grad_center, grad_outside = segment_loss_and_gradient(
                    segment, kept_sentences, window, vocab.key_to_index, center_vectors, outside_vectors, loss_fn,
                    l2_weight=l2_weight, model=model)
                grads = [grad_center + grad_outside] if tied else [grad_center, grad_outside]
                rule.apply(params, grads, step)  # V ← V − α ∂J/∂V and U ← U − α ∂J/∂U (or W ← W − α ∂J/∂W)
            except FloatingPointError:
                step_loss = np.inf
        if not np.isfinite(step_loss) and hasattr(rule, "reject"):  # the halving rule undoes the steps instead
            rule.reject(params)
        else:
            _stop_if_diverged(step_loss, center_vectors, outside_vectors, step, step_size, alpha)
            recent_losses.append(step_loss)
        loss_history.append(sum(recent_losses) / len(recent_losses) if recent_losses else np.nan)  # running average
        step_sizes.append(alpha)
        step += 1
        rule.after_step(step, params)
        if callback is not None:
            callback(step, center_vectors, outside_vectors)
        if print_every and step % print_every == 0:
            print(f"step {step:>7d}/{total_steps}  epoch {epoch + 1}  running loss {loss_history[-1]:.4f}  α {alpha:.3g}")
        if checkpoint_every and (step % checkpoint_every == 0 or step == total_steps):
            _save_checkpoint(checkpoint_path, config, vocab, center_vectors, outside_vectors, step, rng,
                             loss_history, recent_losses)

    return HandoutResult(center_vectors, outside_vectors, dict(vocab.key_to_index), list(vocab.index_to_key),
                         np.array(loss_history), int(_positions_visited(first_step, step, batch_size, len(positions))),
                         time.perf_counter() - start_time, np.array(step_sizes),
                         list(getattr(rule, "history", [])))


def _hold_out(positions: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split off HELD_OUT_WINDOWS positions (at most a fifth) for the held-out J; returns (train, held_out)."""
    n_held = max(1, min(HELD_OUT_WINDOWS, len(positions) // 5))
    if len(positions) - n_held < 1:
        raise ValueError("step_rule='halve_unless_decreased' sets some windows aside to measure J, and this corpus "
                         "has too few; pass more sentences.")
    chosen = np.zeros(len(positions), dtype=bool)
    chosen[np.random.default_rng([seed, 7]).choice(len(positions), size=n_held, replace=False)] = True
    return positions[~chosen], positions[chosen]


def _starting_vectors(init, tied, n_words, dim, rng):
    """(V, U) from :func:`initial_vectors` or from ``init``; with ``tied`` both are the same array W."""
    if init is None:
        center_vectors, outside_vectors = initial_vectors(n_words, dim, rng)
        return (center_vectors, center_vectors) if tied else (center_vectors, outside_vectors)
    made = init(n_words, dim, rng)
    wanted = "one array W" if tied else "a pair (V, U)"
    arrays = [made] if tied else (list(made) if isinstance(made, (tuple, list)) and len(made) == 2 else None)
    if arrays is None or not all(isinstance(a, np.ndarray) and a.shape == (n_words, dim) for a in arrays):
        raise ValueError(f"init(n_words, dim, rng) must return {wanted} of shape (n_words, d) = ({n_words}, {dim}) "
                         f"with tied={tied}, got {type(made).__name__}"
                         f"{' of shape ' + str(made.shape) if isinstance(made, np.ndarray) else ''}.")
    arrays = [np.array(a, dtype=np.float64) for a in arrays]  # copies: the caller's arrays never change
    return (arrays[0], arrays[0]) if tied else (arrays[0], arrays[1])


def _make_loss_fn(loss, counts, neg_power, n_negatives, exclude, rng):
    """The pair loss: the naive softmax, the hierarchical softmax, or negative sampling with draws from count^β and
    ``exclude``."""
    if loss == "naive_softmax":
        return naive_softmax_loss_and_gradient
    if loss == "hierarchical_softmax":
        return make_hs_loss(build_huffman_tree(counts))
    sampler = NegativeSampler(counts, power=neg_power, seed=rng)
    if exclude == "outside":
        return make_neg_sampling_loss(sampler, n_negatives)
    return WindowNegatives(sampler, n_negatives, exclude)


def segment_loss_and_gradient(segment, sentences, window, word2ind, center_vectors, outside_vectors, loss_fn,
                              l2_weight=0.0, model="skipgram"):
    """Mean window loss J and its gradients over the center positions of one segment.

    segment: shape (B, 2), rows (sentence number, position t); sentences: lists of vocabulary words.
    l2_weight: D; each pair adds D v_c^T v_c (:func:`w2vlib.losses.l2_penalty.l2_penalty_and_gradient`).
    A ``loss_fn`` with a ``set_window(center_idx, window_indices)`` method (:class:`WindowNegatives`) is told
    each window before its pairs. model: "skipgram" (:func:`w2vlib.losses.skipgram.skipgram`) or "cbow"
    (:func:`w2vlib.losses.cbow.cbow`).
    Returns ``(loss, grad_center_vectors, grad_outside_vectors)``, shapes (), (n_words, d), (n_words, d).
    """
    loss, grad_center, grad_outside = 0.0, np.zeros_like(center_vectors), np.zeros_like(outside_vectors)
    set_window = getattr(loss_fn, "set_window", None)
    for sentence_number, t in segment:
        sentence = sentences[sentence_number]
        window_words = window_around(sentence, t, window)
        if set_window is not None:
            set_window(word2ind[sentence[t]], [word2ind[word] for word in window_words])
        window_loss, window_grad_center, window_grad_outside = (skipgram if model == "skipgram" else cbow)(
            sentence[t], window_words, word2ind, center_vectors, outside_vectors, loss_fn)
        if l2_weight:
            penalty, penalty_grad = l2_penalty_and_gradient(center_vectors, word2ind[sentence[t]],
                                                            len(window_words), l2_weight)
            window_loss, window_grad_center = window_loss + penalty, window_grad_center + penalty_grad
        loss += window_loss / len(segment)
        grad_center += window_grad_center / len(segment)
        grad_outside += window_grad_outside / len(segment)
    return loss, grad_center, grad_outside


def _stop_if_diverged(step_loss, center_vectors, outside_vectors, step, step_size, alpha) -> None:
    """Raise a ValueError naming the step size if the loss or any vector is no longer finite."""
    if not (np.isfinite(step_loss) and np.isfinite(center_vectors).all() and np.isfinite(outside_vectors).all()):
        raise ValueError(f"training diverged at step {step + 1} (loss or vectors became nan/inf) with "
                         f"step_size={step_size:g} (current α = {alpha:.3g}); "
                         f"try a smaller step size, e.g. step_size={step_size / 10:g}.")


def _positions_visited(first_step: int, last_step: int, batch_size: int, n_positions: int) -> int:
    """Center positions visited by steps first_step .. last_step − 1 (the last segment of a pass may be short)."""
    steps_per_epoch = -(-n_positions // batch_size)
    def visited_before(step):
        epoch, segment = divmod(step, steps_per_epoch)
        return epoch * n_positions + min(segment * batch_size, n_positions)
    return visited_before(last_step) - visited_before(first_step)


def _check_arguments(sentences, dim, window, loss, n_negatives, step_size, epochs, anneal_every, min_count, seed,
                     checkpoint_path, checkpoint_every, resume, print_every, batch_size, tied=False, l2_weight=0.0,
                     step_rule="fixed", check_every=None, neg_power=0.75, exclude="outside", shuffle=True, init=None,
                     callback=None, model="skipgram") -> dict:
    """Validate the arguments of :func:`train_handout`; return the ones a checkpoint must agree on."""
    if isinstance(sentences, str) or not isinstance(sentences, Sequence):
        raise ValueError(f"sentences must be a list of sentences (lists of word strings), got {type(sentences).__name__}.")
    if len(sentences) == 0:
        raise ValueError("sentences is empty: pass at least one sentence with two or more words.")
    for number, sentence in enumerate(sentences):
        if isinstance(sentence, str) or not all(isinstance(word, str) for word in sentence):
            raise ValueError(f"sentences[{number}] must be a list of word strings, got {sentence!r:.60}; "
                             "split a text into words first, e.g. text.lower().split().")
    if loss not in LOSS_NAMES:
        raise ValueError(f"loss must be one of {', '.join(map(repr, LOSS_NAMES))}, got {loss!r}.")
    for value, name in [(dim, "dim"), (window, "window (m)"), (n_negatives, "n_negatives (K)"), (epochs, "epochs"),
                        (min_count, "min_count"), (batch_size, "batch_size")]:
        check_positive_int(value, name)
    for value, name in [(anneal_every, "anneal_every"), (checkpoint_every, "checkpoint_every"), (print_every, "print_every")]:
        if value is not None:
            check_positive_int(value, name)
    check_number(step_size, "step_size (α)", 0.0, strict=True, hint=" (0.1 is a good start for d = 10)")
    check_positive_int(seed, "seed", minimum=0, hint=" (the same seed gives the same vectors)")
    if (checkpoint_every is not None or resume) and checkpoint_path is None:
        raise ValueError("checkpoint_every and resume need checkpoint_path, the .npz file to write or resume from.")
    if checkpoint_every is not None and not Path(checkpoint_path).parent.is_dir():
        raise ValueError(f"checkpoint_path {str(checkpoint_path)!r} is in a folder that does not exist; create it first.")
    for value, name in [(tied, "tied"), (shuffle, "shuffle")]:
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False, got {value!r}.")
    l2_weight = check_l2_weight(l2_weight)
    step_rule, check_every = check_step_rule(step_rule, check_every, anneal_every)
    if step_rule != "fixed" and (checkpoint_every is not None or resume):
        raise ValueError(f"checkpoints are written only with step_rule='fixed' (the state of {step_rule!r} is not "
                         "saved); leave out checkpoint_every and resume, or use step_rule='fixed'.")
    neg_power = check_number(neg_power, "neg_power (β)", 0.0, hint=" (0 uniform, 0.75 word2vec, 1 unigram)")
    exclude = check_exclusion(exclude)
    check_handout_model(model, loss, tied, l2_weight, exclude)
    for value, name in [(init, "init"), (callback, "callback")]:
        if value is not None and not callable(value):
            raise ValueError(f"{name} must be a function or None, got {type(value).__name__}.")
    return {"dim": int(dim), "window": int(window), "loss": loss, "n_negatives": int(n_negatives),
            "step_size": float(step_size), "anneal_every": anneal_every, "min_count": int(min_count),
            "seed": int(seed), "batch_size": int(batch_size), "tied": bool(tied), "l2_weight": l2_weight,
            "step_rule": step_rule, "neg_power": neg_power, "exclude": exclude, "shuffle": bool(shuffle),
            "check_every": check_every, "model": model}


def _save_checkpoint(path, config, vocab, center_vectors, outside_vectors, step, rng, loss_history, recent_losses) -> None:
    """Write the training state to ``path`` atomically (a temporary file, then os.replace), as .npz."""
    with atomic_write(path, "wb") as stream:
        np.savez(stream, center_vectors=center_vectors, outside_vectors=outside_vectors, step=step,
                 loss_history=np.array(loss_history), recent_losses=np.array(recent_losses),
                 index_to_key=np.array(vocab.index_to_key), config=json.dumps(config, sort_keys=True),
                 rng_state=json.dumps(rng.bit_generator.state))


def _load_checkpoint(path, config, vocab, rng, total_steps):
    """Read a checkpoint written by :func:`_save_checkpoint`, check it belongs to this run, restore ``rng``.

    The file is read with ``allow_pickle=False``, so it can never run code. A damaged file, a file of another
    kind (a pickle, a single array, an .npz of other arrays) or one written by another run is a ValueError that
    names ``checkpoint_path`` and says what to do; nothing is restored from it.
    """
    import zipfile

    class _ForeignCheckpoint(Exception):
        """A readable file that is not a train_handout checkpoint."""

    restart = "delete it or pass another checkpoint_path to start afresh"
    keys = ("center_vectors", "outside_vectors", "step", "loss_history", "recent_losses", "index_to_key", "config",
            "rng_state")
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise _ForeignCheckpoint("it holds a single array (.npy), not a checkpoint")
        with loaded as saved:
            missing = [key for key in keys if key not in saved.files]
            if missing:
                raise _ForeignCheckpoint(f"it lacks {', '.join(missing)}")
            arrays = {key: saved[key] for key in keys}
    except _ForeignCheckpoint as why:
        raise ValueError(f"checkpoint_path {str(path)!r} is not a checkpoint written by train_handout ({why}); "
                         f"{restart}.") from None
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        # never numpy's own message: for a pickle it suggests loading the file unsafely
        raise ValueError(f"checkpoint_path {str(path)!r} cannot be read as a train_handout checkpoint: it is damaged "
                         f"or another kind of file ({type(exc).__name__}; a checkpoint is an .npz of plain arrays); "
                         f"{restart}.") from None

    def damaged(what):
        return ValueError(f"checkpoint {str(path)!r} is damaged or was not written by train_handout: {what}; {restart}.")

    def text(key):
        if arrays[key].shape != () or arrays[key].dtype.kind != "U":
            raise damaged(f"{key} is not a text entry")
        try:
            value = json.loads(str(arrays[key]))
        except ValueError:
            raise damaged(f"{key} is not valid JSON") from None
        if not isinstance(value, dict):
            raise damaged(f"{key} is not a JSON object")
        return value

    saved_config, rng_state = text("config"), text("rng_state")
    saved_config.setdefault("model", "skipgram")   # checkpoints written before CBOW existed
    differing = sorted(key for key in config if saved_config.get(key) != config[key])
    if differing:
        raise ValueError(f"checkpoint {path} was written with different arguments ({', '.join(differing)}: "
                         f"{', '.join(f'{k}={saved_config.get(k)!r}' for k in differing)}); resume with the same "
                         "arguments, or delete the checkpoint to start afresh.")
    if arrays["index_to_key"].ndim != 1 or arrays["index_to_key"].tolist() != vocab.index_to_key:
        raise ValueError(f"checkpoint {path} was trained on a corpus with a different vocabulary; "
                         "resume on the same sentences, or delete the checkpoint to start afresh.")
    step = arrays["step"]
    if step.shape != () or step.dtype.kind not in "iu" or int(step) < 0:
        raise damaged("step is not a whole number >= 0")
    if int(step) > total_steps:
        raise ValueError(f"checkpoint {path} is at step {int(step)}, past the {total_steps} steps of this "
                         "run; pass at least as many epochs as the run that wrote it.")
    for key in ("center_vectors", "outside_vectors"):
        matrix = arrays[key]
        if matrix.shape != (len(vocab.index_to_key), config["dim"]) or matrix.dtype.kind != "f":
            raise damaged(f"{key} has shape {matrix.shape} and dtype {matrix.dtype}, expected "
                          f"({len(vocab.index_to_key)}, {config['dim']}) floats")
        if not np.isfinite(matrix).all():
            raise damaged(f"{key} holds nan or inf")
    for key in ("loss_history", "recent_losses"):
        if arrays[key].ndim != 1 or (arrays[key].size and arrays[key].dtype.kind != "f"):
            raise damaged(f"{key} is not a 1-D array of losses")
    if len(arrays["recent_losses"]) > LOSS_WINDOW:
        raise damaged(f"recent_losses holds {len(arrays['recent_losses'])} losses, more than {LOSS_WINDOW}")
    try:
        rng.bit_generator.state = rng_state
    except (TypeError, ValueError, KeyError):
        raise damaged("its random-number state cannot be restored by this NumPy") from None
    return (arrays["center_vectors"].astype(np.float64), arrays["outside_vectors"].astype(np.float64), int(step),
            arrays["loss_history"].tolist(), arrays["recent_losses"].tolist())
