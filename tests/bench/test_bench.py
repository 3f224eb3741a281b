"""The benchmark's plumbing on the toy corpus with one epoch (the real benchmark is `make bench`, never a test)."""
import json

import pytest

from w2vlib.bench import benchmark as bench


@pytest.mark.parametrize("kind", bench.TRAINERS)
def test_run_trainer_measures_speed_memory_and_quality(kind):
    run = bench.run_trainer(kind, {"corpus": "toy", "epochs": 1, "seed": 0, "batch_size": 64, "handout_words": 300})
    assert run["trainer"] == kind and run["seconds"] > 0 and run["words"] > 0
    assert run["words_per_second"] == pytest.approx(run["words"] / run["seconds"])
    assert run["peak_rss_mib"] >= run["rss_before_training_mib"] > 10
    assert {"wordsim353", "simlex999", "analogy", "wordsim353_oov_share"} <= set(run)
    assert run["workers"] == ((__import__("os").cpu_count() or 1) if kind.endswith("-all") else 1)
    if kind.startswith("fast"):
        from w2vlib.training import scatter_add

        assert run["scatter_path"] in scatter_add.PATHS
        assert (run["scatter_path"] == scatter_add.PUBLIC) == (kind == "fast-public") or not scatter_add._kernel
        assert scatter_add.scatter_path() != scatter_add.PUBLIC or not scatter_add._kernel   # put back afterwards


@pytest.mark.parametrize("kind", ["fast", "fast-serial"])
def test_only_the_serial_row_makes_its_minibatches_in_the_training_thread(kind, monkeypatch):
    """fast-serial is the same trainer with fast_trainer.MAKE_AHEAD off: the comparison that keeps the thread."""
    from w2vlib.training import fast_trainer

    threads = []
    monkeypatch.setattr(fast_trainer, "made_ahead", lambda batches: threads.append(1) or batches)
    monkeypatch.setattr(fast_trainer, "MAKE_AHEAD_MIN_WORDS", 0)     # the toy corpus is below the real threshold
    bench.run_trainer(kind, {"corpus": "toy", "epochs": 1, "seed": 0, "batch_size": 64, "handout_words": 300})
    assert len(threads) == (kind == "fast") and fast_trainer.MAKE_AHEAD   # and put back for the next trainer


def test_main_spawns_a_child_per_run_and_writes_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    report = bench.main(["--corpus", "toy", "--epochs", "1", "--trainers", "fast", "--repeat", "2", "--json", str(out)])
    saved = json.loads(out.read_text())
    assert saved["medians"][0]["trainer"] == "fast" and saved["medians"][0]["n_runs"] == 2
    assert [r["seed"] for r in saved["runs"]["fast"]] == [0, 1]
    assert saved["protocol"]["epochs"] == 1 and report["machine"]["cores"] >= 1
    printed = capsys.readouterr().out
    assert "w2vlib fast" in printed and "words/s" in printed


def test_table_shows_the_ratio_to_gensim():
    row = {"wordsim353": 0.4, "simlex999": 0.2, "analogy": 0.03, "wordsim353_oov_share": 0.1,
           "simlex999_oov_share": 0.9, "peak_rss_mib": 200.0, "seconds": 10.0, "n_runs": 3}
    table = bench.format_table([{**row, "trainer": "fast", "words_per_second": 300_000.0},
                                {**row, "trainer": "gensim", "words_per_second": 200_000.0}])
    assert "1.50" in table and "300,000" in table and "0.200*" in table


def test_table_and_targets_compare_ours_with_gensim():
    row = {"wordsim353": 0.4, "simlex999": 0.2, "analogy": 0.03, "wordsim353_oov_share": 0.1,
           "simlex999_oov_share": 0.1, "peak_rss_mib": 200.0, "seconds": 10.0, "n_runs": 3}
    speeds = {"fast": 300_000.0, "fast-public": 270_000.0, "gensim": 250_000.0, "gensim-all": 400_000.0,
              "fast-serial": 240_000.0}
    rows = [{**row, "trainer": k, "words_per_second": v, "scatter_path": "private kernel" if k == "fast" else None}
            for k, v in speeds.items()]
    rows[2]["wordsim353"] = 0.43
    rows[2]["peak_rss_mib"] = 100.0
    table = bench.format_table(rows)
    fast = next(line for line in table.splitlines() if line.startswith(bench.LABELS["fast"] + " "))
    assert "1.20" in fast and "0.75" in fast                  # 300k / 250k and 300k / 400k
    targets = "\n".join(bench._target_lines(rows))
    assert "ours (one process) / gensim 1 worker: 1.20× (target ≥ 1.0); WS-353 -0.030" in targets
    assert "public scatter / private kernel: 0.90×" in targets
    assert "minibatch thread / none: 1.25× (target ≥ 1.1) (kept only at ≥ 1.1×)" in targets
    assert "largest peak memory of ours: 200 MiB, gensim's 100 MiB (target ≤ gensim's + 200: met)" in targets
    assert "run by run" not in targets                        # one median row each: nothing to pair


def test_targets_pair_the_runs_of_each_seed_and_say_when_they_disagree():
    row = {"wordsim353": 0.4, "simlex999": 0.2, "analogy": 0.03, "wordsim353_oov_share": 0.1,
           "simlex999_oov_share": 0.1, "peak_rss_mib": 200.0, "seconds": 10.0, "n_runs": 3, "scatter_path": None}
    speeds = {"fast": [300, 200, 260], "gensim": [250, 250, 250], "fast-public": [250, 170, 210]}
    runs = {k: [{**row, "trainer": k, "seed": i, "words_per_second": v,
                 "scatter_path": "private kernel" if k == "fast" else None} for i, v in enumerate(vs)]
            for k, vs in speeds.items()}
    rows = [bench._median_row(r) for r in runs.values()]
    by_target = {line.split(":")[0]: line for line in bench._target_lines(rows, runs)}
    assert "1.04× (target ≥ 1.0); run by run 1.20, 0.80, 1.04: met in 2 of 3 runs: undecided on this machine" in \
        by_target["ours (one process) / gensim 1 worker"]
    assert "run by run 0.83, 0.85, 0.81: met in every run" in by_target["public scatter / private kernel"]


@pytest.mark.parametrize("argv", [["--trainers", "fastest"], ["--repeat", "0"], ["--epochs", "0"]])
def test_bad_command_lines_exit_with_a_message(argv, capsys):
    with pytest.raises(SystemExit):
        bench.main(argv)
    assert "must" in capsys.readouterr().err


def test_gensim_word2vec_is_gensim_at_the_protocol_settings():
    """Notebook 06 and the benchmark train gensim through this helper: it must be the plain one-call gensim run
    with the protocol's settings (same vectors bit for bit, one worker)."""
    from gensim.models import Word2Vec

    from w2vlib import load_corpus

    sentences = list(load_corpus("toy").sentences(max_length=bench.GENSIM_MAX_SENTENCE))
    model, raw_words = bench.gensim_word2vec(sentences, epochs=2, seed=3)
    p = bench.PROTOCOL
    plain = Word2Vec(sentences, sg=1, hs=0, negative=p["n_negatives"], vector_size=p["dim"], window=p["window"],
                     sample=p["sample"], min_count=p["min_count"], epochs=2, alpha=p["step_size"],
                     min_alpha=p["min_step_size"], workers=1, seed=3)
    assert model.wv.index_to_key == plain.wv.index_to_key
    assert (model.wv.vectors == plain.wv.vectors).all() and model.wv.vectors.any()
    assert raw_words == 2 * sum(len(s) for s in sentences)
