"""Both trainers' CBOW and hierarchical-softmax modes: the fast step against per-window loops, learning, failures."""
import numpy as np
import pytest

import w2vlib.training.handout_trainer as handout_trainer
from w2vlib import gradcheck, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, planted_corpus
from w2vlib.training.fast_trainer import TrainingDiverged, sgns_minibatch_step, train
from w2vlib.training.handout_trainer import corpus_positions, segment_loss_and_gradient, train_handout
from w2vlib.losses.cbow import cbow_loss_and_gradient
from w2vlib.losses.hierarchical_softmax import hs_loss_and_gradient, make_hs_loss
from w2vlib.vectors.similarity import group_similarity
from w2vlib.text.huffman_tree import build_huffman_tree
from w2vlib.training.cbow_hs_step import logistic_minibatch_step
from w2vlib.training.cbow_hs_training import Outputs

CORPUS = planted_corpus(600, seed=2)
TREE = build_huffman_tree([40, 25, 12, 9, 5, 3, 2, 1])
N_WORDS, D, ALPHA = 8, 5, 0.1


def group_gap(vectors, word2ind):
    within, between = group_similarity(vectors - vectors.mean(axis=0), word2ind, CORPUS.groups)
    return within - between


# ----- the handout trainer ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("model, loss", [("cbow", "neg_sampling"), ("cbow", "naive_softmax"),
                                         ("cbow", "hierarchical_softmax"), ("skipgram", "hierarchical_softmax")])
def test_handout_modes_learn_the_planted_groups(model, loss):
    result = train_handout(CORPUS.sentences, dim=10, window=2, model=model, loss=loss, step_size=0.1, epochs=2, seed=0)
    assert result.loss_history[-1] < 0.8 * result.loss_history[99]
    assert group_gap(result.center_vectors, result.word2ind) > 0.5


@pytest.mark.parametrize("loss", ["naive_softmax", "hierarchical_softmax"])
def test_the_handout_cbow_segment_gradient_passes_gradcheck(loss):
    vocab_words = sorted({w for s in CORPUS.sentences[:40] for w in s})
    word2ind = {w: i for i, w in enumerate(vocab_words)}
    kept, positions = corpus_positions(CORPUS.sentences[:40], word2ind)
    rng = np.random.default_rng(0)
    V, U = rng.normal(scale=0.3, size=(2, len(word2ind), 4))
    loss_fn = (naive_softmax_loss_and_gradient if loss == "naive_softmax" else
               make_hs_loss(build_huffman_tree(np.ones(len(word2ind)))))
    segment = positions[:6]
    f = lambda X, Y: segment_loss_and_gradient(segment, kept, 2, word2ind, X, Y, loss_fn, model="cbow")  # noqa: E731
    assert gradcheck(lambda X: f(X, U)[:2], V.copy()).passed()
    assert gradcheck(lambda Y: f(V, Y)[::2], U.copy()).passed()


def test_handout_cbow_resumes_bit_identically_and_old_checkpoints_still_load(tmp_path):
    path = tmp_path / "run.npz"
    settings = dict(dim=6, window=2, model="cbow", loss="hierarchical_softmax", step_size=0.1, seed=1,
                    checkpoint_path=path, checkpoint_every=100)
    whole = train_handout(CORPUS.sentences[:100], epochs=2, **settings)
    path.unlink()
    train_handout(CORPUS.sentences[:100], epochs=1, **settings)
    resumed = train_handout(CORPUS.sentences[:100], epochs=2, resume=True, **settings)
    assert np.array_equal(whole.center_vectors, resumed.center_vectors)
    with pytest.raises(ValueError, match="model"):
        train_handout(CORPUS.sentences[:100], epochs=2, resume=True, **{**settings, "model": "skipgram"})
    skipgram_path = tmp_path / "old.npz"                          # a checkpoint from before `model` existed
    train_handout(CORPUS.sentences[:100], epochs=1, dim=6, seed=1, checkpoint_path=skipgram_path, checkpoint_every=50)
    with np.load(skipgram_path) as saved:
        arrays = dict(saved)
    config = __import__("json").loads(str(arrays["config"]))
    del config["model"]
    arrays["config"] = np.array(__import__("json").dumps(config))
    np.savez(skipgram_path, **arrays)
    train_handout(CORPUS.sentences[:100], epochs=2, dim=6, seed=1, checkpoint_path=skipgram_path, resume=True)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"model": "bag"}, "model must be one of"),
    ({"model": "cbow", "l2_weight": 0.1}, "model='cbow'"),
    ({"model": "cbow", "exclude": "window"}, "model='cbow'"),
    ({"loss": "hierarchical_softmax", "tied": True}, "inner nodes"),
])
def test_handout_combinations_that_do_not_exist_are_refused(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        train_handout(CORPUS.sentences[:20], **kwargs)


def test_handout_hierarchical_softmax_builds_the_tree_of_the_vocabulary_counts(monkeypatch):
    built = []
    monkeypatch.setattr(handout_trainer, "build_huffman_tree", lambda counts: built.append(counts) or
                        build_huffman_tree(counts))
    result = train_handout(CORPUS.sentences[:30], loss="hierarchical_softmax", dim=4)
    counts = {w: sum(s.count(w) for s in CORPUS.sentences[:30]) for w in result.index_to_key}
    assert list(built[0]) == [counts[w] for w in result.index_to_key]


# ----- the fast step, against loops over the windows -----------------------------------------------------------------
def matrices(seed):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=0.5, size=(N_WORDS, D)), rng.normal(scale=0.5, size=(N_WORDS, D))


def run_step(V, U, *batch, **options):
    V32, U32 = V.astype(np.float32), U.astype(np.float32)
    loss, _ = logistic_minibatch_step(V32, U32, *batch, ALPHA, **options)
    return loss, V32, U32


def test_the_step_in_skipgram_negative_sampling_form_equals_sgns_minibatch_step():
    V, U = matrices(0)
    centers = np.array([0, 0, 3, 5], dtype=np.int32)
    targets = np.array([[1, 2, 2, 1], [4, 1, 3, 3], [0, 6, 5, 1], [2, 4, 6, 0]], dtype=np.int32)
    signs = np.where(targets == targets[:, :1], 0, -1).astype(np.float32)      # negatives equal to o: skipped
    signs[:, 0] = 1
    group = np.repeat(np.arange(4, dtype=np.int32), 4)
    loss, V_new, U_new = run_step(V, U, centers, None, targets.reshape(-1), group, signs.reshape(-1))
    V_ref, U_ref = V.astype(np.float32), U.astype(np.float32)
    loss_ref, _ = sgns_minibatch_step(V_ref, U_ref, centers, targets, ALPHA)
    assert loss == pytest.approx(loss_ref, rel=1e-5)
    assert np.allclose(V_new, V_ref, atol=1e-6) and np.allclose(U_new, U_ref, atol=1e-6)


def cbow_reference(V, U, contexts, targets, loss_fns, context_update):
    """The same minibatch, one window at a time, every window at the old vectors, from w2vlib.losses.cbow."""
    step_V, step_U, total = np.zeros_like(V), np.zeros_like(U), 0.0
    for context, target, loss_fn in zip(contexts, targets, loss_fns):
        loss, grad_V, grad_U = cbow_loss_and_gradient(np.array(context), target, V, U, loss_fn)
        factor = len(context) if context_update == "word2vec" else 1   # word2vec: the whole step on v̂ to each row
        total, step_V, step_U = total + loss, step_V - ALPHA * factor * grad_V, step_U - ALPHA * grad_U
    return total, V + step_V, U + step_U


@pytest.mark.parametrize("context_update", ["word2vec", "gradient"])
@pytest.mark.parametrize("loss", ["neg_sampling", "hierarchical_softmax"])
def test_the_cbow_step_equals_a_loop_over_its_windows(loss, context_update):
    V, U = matrices(1)
    contexts = [[1, 2, 2, 4], [0, 5], [3], [6, 1, 7, 7, 2]]            # repeated context words, a one-word context
    targets = np.array([3, 7, 4, 0], dtype=np.int32)
    input_rows = np.array([w for c in contexts for w in c], dtype=np.int32)
    input_starts = np.cumsum([0] + [len(c) for c in contexts]).astype(np.int64)
    if loss == "neg_sampling":
        negatives = np.array([[5, 3, 5], [1, 1, 7], [2, 6, 4], [0, 3, 2]], dtype=np.int32)   # 4 and 7: clashes
        rows = np.column_stack([targets, negatives])
        signs = np.where(rows == rows[:, :1], 0, -1).astype(np.float32)
        signs[:, 0] = 1
        output = (rows.reshape(-1), np.repeat(np.arange(4, dtype=np.int32), 4), signs.reshape(-1))
        loss_fns = [lambda v, o, U_, neg=neg: neg_sampling_loss_and_gradient(v, o, U_, neg[neg != o])
                    for neg in negatives]
    else:
        output = Outputs(tree=TREE).examples(targets, np.random.default_rng(0))
        loss_fns = [lambda v, o, U_: hs_loss_and_gradient(v, o, U_, TREE)] * 4
    loss_value, V_new, U_new = run_step(V, U, input_rows, input_starts, *output, context_update=context_update)
    loss_ref, V_ref, U_ref = cbow_reference(V, U, contexts, targets, loss_fns, context_update)
    assert loss_value == pytest.approx(loss_ref, rel=1e-5)
    assert np.allclose(V_new, V_ref, atol=1e-5) and np.allclose(U_new, U_ref, atol=1e-5)


def test_the_skipgram_hierarchical_softmax_step_equals_a_loop_over_its_pairs():
    V, U = matrices(2)
    centers, outside = np.array([0, 0, 3, 7, 7], dtype=np.int32), np.array([1, 7, 0, 7, 2], dtype=np.int32)
    loss, V_new, U_new = run_step(V, U, centers, None, *Outputs(tree=TREE).examples(outside, None))
    step_V, step_U, loss_ref = np.zeros_like(V), np.zeros_like(U), 0.0
    for c, o in zip(centers, outside):
        pair_loss, grad_v, grad_U = hs_loss_and_gradient(V[c], int(o), U, TREE)
        loss_ref, step_U = loss_ref + pair_loss, step_U - ALPHA * grad_U
        step_V[c] -= ALPHA * grad_v
    assert loss == pytest.approx(loss_ref, rel=1e-5)
    assert np.allclose(V_new, V + step_V, atol=1e-5) and np.allclose(U_new, U + step_U, atol=1e-5)


def test_a_row_repeated_more_than_max_repeats_times_gets_its_update_scaled():
    V, U = matrices(3)
    centers = np.zeros(10, dtype=np.int32)                                   # row 0 of V ten times
    output = Outputs(tree=TREE).examples(np.full(10, 7, dtype=np.int32), None)
    _, V_capped, _ = run_step(V, U, centers, None, *output, max_repeats=4)
    _, V_free, _ = run_step(V, U, centers, None, *output, max_repeats=None)
    V32 = V.astype(np.float32)
    assert np.allclose(V_capped[0] - V32[0], 0.4 * (V_free[0] - V32[0]), atol=1e-6)


# ----- the fast trainer ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("model, loss", [("cbow", "neg_sampling"), ("cbow", "hierarchical_softmax"),
                                         ("skipgram", "hierarchical_softmax")])
def test_fast_modes_learn_the_planted_groups_and_repeat_for_a_seed(model, loss):
    settings = dict(dim=20, window=2, epochs=5, min_count=1, sample=0, batch_size=32, progress=False, model=model,
                    loss=loss)
    first, again = train(CORPUS.sentences, seed=0, **settings), train(CORPUS.sentences, seed=0, **settings)
    assert np.array_equal(first.center_vectors, again.center_vectors)
    assert group_gap(first.center_vectors, first.embeddings.key_to_index) > 0.5
    assert first.loss_history[-20:].mean() < 0.8 * first.loss_history[:20].mean()
    if loss == "hierarchical_softmax":
        assert not first.outside_vectors[-1].any()          # the node matrix's last row is no inner node


@pytest.mark.parametrize("kwargs, fragment", [
    ({"model": "bag"}, "model must be"), ({"loss": "nce"}, "loss must be"),
    ({"model": "cbow", "workers": 2}, "workers must be 1"), ({"loss": "hierarchical_softmax", "tied": True}, "tied"),
])
def test_fast_combinations_that_do_not_exist_are_refused(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        train(CORPUS.sentences, progress=False, **kwargs)


def test_a_huge_step_size_stops_cbow_with_training_diverged():
    with pytest.raises(TrainingDiverged, match="step_size=1e"):
        train(CORPUS.sentences, model="cbow", step_size=1e12, min_count=1, sample=0, epochs=2, progress=False)


# ----- the benchmark's rows -----------------------------------------------------------------------------------------
def test_bench_compares_each_variant_with_gensims_row_of_the_same_model_and_loss():
    from w2vlib.bench import benchmark as bench

    assert {"fast-cbow", "fast-hs", "fast-cbow-hs", "gensim-cbow", "gensim-hs", "gensim-cbow-hs"} <= set(bench.TRAINERS)
    assert bench.TRAINER_SPECS["gensim-cbow-hs"][3:] == ("cbow", "hierarchical_softmax")
    row = {"wordsim353": 0.4, "simlex999": 0.2, "analogy": 0.03, "wordsim353_oov_share": 0.1,
           "simlex999_oov_share": 0.1, "peak_rss_mib": 200.0, "seconds": 10.0, "n_runs": 3}
    speeds = {"fast": 300_000.0, "gensim": 250_000.0, "fast-cbow": 200_000.0, "gensim-cbow": 800_000.0}
    rows = [{**row, "trainer": k, "words_per_second": v} for k, v in speeds.items()]
    table = bench.format_table(rows)
    line = next(x for x in table.splitlines() if x.startswith(bench.LABELS["fast-cbow"]))
    assert " 0.25 " in line and " 0.67 " not in line and " 0.80 " not in line       # against gensim's CBOW only
    assert "CBOW, ours / gensim (1 worker each): 0.25×" in "\n".join(bench._target_lines(rows))


def test_gensims_hierarchical_softmax_cbow_is_what_bench_asks_for():
    from w2vlib.bench.benchmark import gensim_word2vec

    model, words = gensim_word2vec(CORPUS.sentences[:200], epochs=1, model="cbow", loss="hierarchical_softmax",
                                   step_size=0.05)
    assert (model.sg, model.hs, model.negative, model.cbow_mean, model.alpha) == (0, 1, 0, 1, 0.05) and words > 0
