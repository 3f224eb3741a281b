"""The command line: ``python -m w2vlib evaluate`` and ``train``, and argparse-style errors for bad arguments."""
import subprocess
import sys

import numpy as np
import pytest
from gensim.models import KeyedVectors

from w2vlib.__main__ import main
from w2vlib.vectors.embeddings import Embeddings
from w2vlib.vectors.evaluation import analogy_accuracy, word_pair_spearman


@pytest.fixture
def vectors_file(tmp_path, rng):
    """A small binary word2vec file whose words include WordSim-353 and Google-analogy words."""
    words = ["king", "queen", "man", "woman", "paris", "france", "rome", "italy", "tiger", "cat", "cup", "coffee",
             "Athens", "Greece", "Baghdad", "Iraq", "love", "sex", "money", "cash"]
    emb = Embeddings(rng.standard_normal((len(words), 8)), words)
    return emb, emb.save_word2vec_format(tmp_path / "vectors.bin", binary=True)


def test_evaluate_prints_the_scores_of_a_file(vectors_file, capsys):
    emb, path = vectors_file
    assert main(["evaluate", str(path), "--neighbours", "king,unicorn"]) == 0
    out = capsys.readouterr().out
    assert str(word_pair_spearman(emb, "wordsim353")) in out
    assert str(word_pair_spearman(emb, "simlex999")) in out
    assert str(analogy_accuracy(emb)) in out
    king_row = next(line for line in out.splitlines() if line.startswith("king "))
    assert king_row.split()[1] == emb.most_similar("king", topn=1)[0][0]
    assert "unicorn" in out and "not in the vocabulary" in out


def test_python_dash_m_runs_the_command_line(vectors_file):
    _, path = vectors_file
    done = subprocess.run([sys.executable, "-m", "w2vlib", "evaluate", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "wordsim353: Spearman" in done.stdout and "analogies:" in done.stdout


def test_evaluate_reports_a_malformed_file_in_one_line(tmp_path, capsys):
    path = tmp_path / "broken.txt"
    path.write_text("2 3\nking 1 2 3\nqueen 1 2\n", encoding="utf-8")
    assert main(["evaluate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 3" in err and "Traceback" not in err


TRAIN = ["train", "--corpus", "toy", "--out", "{tmp}/v.txt"]
BAD_ARGUMENTS = [  # (the option the message must name, the command line; {tmp} is a fresh empty folder)
    ("--dim", TRAIN + ["--dim", "0"]),
    ("--dim", TRAIN + ["--dim", "-3"]),
    ("--dim", TRAIN + ["--dim", "ten"]),
    ("--window", TRAIN + ["--window", "0"]),
    ("--epochs", TRAIN + ["--epochs", "0"]),
    ("--negative", TRAIN + ["--negative", "0"]),
    ("--min-count", TRAIN + ["--min-count", "0"]),
    ("--step-size", TRAIN + ["--step-size", "0"]),
    ("--step-size", TRAIN + ["--step-size", "-0.1"]),
    ("--step-size", TRAIN + ["--step-size", "nan"]),
    ("--sample", TRAIN + ["--sample", "-1"]),
    ("--seed", TRAIN + ["--seed", "-1"]),
    ("--min-step-size", TRAIN + ["--step-size", "0.01", "--min-step-size", "0.1"]),
    ("--corpus", ["train", "--corpus", "{tmp}/missing.txt", "--out", "{tmp}/v.txt"]),
    ("--corpus", ["train", "--out", "{tmp}/v.txt"]),
    ("--corpus", ["train", "--corpus", "wiki:{tmp}/missing.xml.bz2", "--out", "{tmp}/v.txt"]),
    ("--out", ["train", "--corpus", "toy", "--out", "{tmp}/no_such_folder/v.txt"]),
    ("--out", ["train", "--corpus", "toy", "--out", "{tmp}"]),
    ("FILE", ["evaluate", "{tmp}/missing.txt"]),
]


@pytest.mark.parametrize("option, argv", BAD_ARGUMENTS, ids=[" ".join(a[1:]) for _, a in BAD_ARGUMENTS])
def test_bad_arguments_exit_2_naming_the_option(tmp_path, capsys, option, argv):
    with pytest.raises(SystemExit) as info:
        main([a.format(tmp=tmp_path) for a in argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"error: argument {option}" in err or (option == "--corpus" and "--corpus" in err and "required" in err)
    assert list(tmp_path.iterdir()) == []  # nothing was written


# ----- train ----------------------------------------------------------------------------------------------
TOY_TRAIN = ["train", "--corpus", "toy", "--dim", "20", "--epochs", "5", "--no-progress"]


@pytest.mark.parametrize("binary", [False, True])
def test_train_on_the_toy_corpus_writes_loadable_vectors_and_prints_their_scores(tmp_path, capsys, binary):
    out = tmp_path / ("toy.bin" if binary else "toy.txt")
    assert main(TOY_TRAIN + ["--out", str(out), "--neighbours", "cat"] + (["--binary"] if binary else [])) == 0
    stdout = capsys.readouterr().out
    loaded = Embeddings.load_word2vec_format(out)
    kv = KeyedVectors.load_word2vec_format(str(out), binary=binary)
    assert loaded.index_to_key == kv.index_to_key and np.array_equal(loaded.vectors, kv.vectors)
    assert loaded.vector_size == 20 and {"cat", "paris", "red"} <= set(loaded.index_to_key)
    assert str(out) in stdout
    for score in (word_pair_spearman(loaded, "wordsim353"), word_pair_spearman(loaded, "simlex999"), analogy_accuracy(loaded)):
        assert str(score) in stdout  # the scores printed are those of the file written
    cat_row = next(line for line in stdout.splitlines() if line.startswith("cat "))
    animals = {"dog", "horse", "cow", "sheep", "goat"}
    assert len(animals & set(cat_row.split()[1::2])) >= 3  # the planted group comes back


def test_train_on_a_plain_text_file(tmp_path, capsys):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("the cat sat on the mat\nthe dog sat on the log\n" * 50, encoding="utf-8")
    out = tmp_path / "v.txt"
    assert main(["train", "--corpus", str(corpus), "--out", str(out), "--dim", "8", "--epochs", "2",
                 "--min-count", "1", "--no-progress"]) == 0
    assert sorted(Embeddings.load_word2vec_format(out).index_to_key) == ["cat", "dog", "log", "mat", "on", "sat", "the"]


def test_diverged_training_is_one_line_with_exit_1_and_no_file(tmp_path, capsys):
    out = tmp_path / "v.txt"
    assert main(TOY_TRAIN + ["--out", str(out), "--step-size", "1e30"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "diverged" in err and "step" in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_corpus_that_cannot_be_loaded_is_one_line_with_exit_2_and_no_file(tmp_path, capsys):
    cache = tmp_path / "cache"
    cache.mkdir()
    assert main(["train", "--corpus", "text8", "--cache-dir", str(cache), "--out", str(tmp_path / "v.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error: argument --corpus: text8 was not found" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"] and list(cache.iterdir()) == []
