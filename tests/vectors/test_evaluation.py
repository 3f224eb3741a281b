"""Evaluation: Spearman on word pairs and 3CosAdd analogy accuracy, checked against scipy, known answers and gensim."""
import numpy as np
import pytest
from gensim.models import KeyedVectors
from gensim.test.utils import datapath
from scipy import stats

from w2vlib.vectors.embeddings import Embeddings
from w2vlib.vectors.evaluation import (
    analogy_accuracy, evaluate_embeddings, gensim_data_path, nearest_neighbours_table, read_analogies,
    word_pair_spearman)


def twin(vectors, words):
    """The same vectors as our Embeddings and as gensim's KeyedVectors."""
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors.astype(np.float32))
    return Embeddings(vectors, words), kv


def words_of_bundled_files():
    """Every word of the analogy and word-pair files, each also lower-cased (so case variants exist), in file order."""
    words = []
    for line in open(datapath("questions-words.txt"), encoding="utf-8"):
        if not line.startswith(":"):
            words += line.split()
    for name in ("wordsim353.tsv", "simlex999.txt"):
        for line in open(datapath(name), encoding="utf-8"):
            if not line.startswith("#"):
                words += line.split("\t")[:2]
    ordered = {}
    for word in words:
        ordered.setdefault(word, None)
        ordered.setdefault(word.lower(), None)
    return list(ordered)


@pytest.fixture(scope="module")
def bundled_twins():
    """Random vectors for 3/4 of the bundled files' words (the rest are out of vocabulary)."""
    rng = np.random.default_rng(7)
    words = [w for w in words_of_bundled_files() if rng.random() < 0.75]
    return twin(rng.standard_normal((len(words), 12)), words)


def test_bundled_files_are_the_ones_gensim_ships():
    for name in ("wordsim353.tsv", "simlex999.txt", "questions-words.txt"):
        assert gensim_data_path(name).samefile(datapath(name))


# ----- word pairs ---------------------------------------------------------------------------------------
def test_spearman_equals_scipy_on_the_in_vocabulary_pairs_and_counts_oov(tmp_path, rng):
    words = ["Cat", "dog", "cow", "paris", "rome", "tokyo"]
    emb = Embeddings(rng.standard_normal((6, 5)), words)
    pairs = [("cat", "dog", 9.0), ("cat", "cow", 7.5), ("dog", "paris", 1.0), ("rome", "paris", 8.0),
             ("tokyo", "cow", 0.5), ("cat", "unicorn", 5.0), ("zebra", "rome", 2.0), ("cow", "dog", 6.0)]
    path = tmp_path / "pairs.tsv"
    path.write_text("# a comment\n" + "".join(f"{a}\t{b}\t{s}\n" for a, b, s in pairs), encoding="utf-8")

    score = word_pair_spearman(emb, path)
    known = [(a, b, s) for a, b, s in pairs if a.capitalize() in words or a in words]
    known = [(a, b, s) for a, b, s in known if b in words or b.capitalize() in words]
    assert (score.n_pairs, score.n_oov) == (len(known), 2) and score.oov_share == pytest.approx(2 / 8)
    row = {w.lower(): w for w in words}
    cosines = [emb.similarity(row[a], row[b]) for a, b, _ in known]
    assert score.spearman == pytest.approx(stats.spearmanr([s for *_, s in known], cosines)[0], abs=1e-12)
    assert score.pearson == pytest.approx(stats.pearsonr([s for *_, s in known], cosines)[0], abs=1e-6)

    case_sensitive = word_pair_spearman(emb, path, case_insensitive=False)
    assert case_sensitive.n_oov == 2 + 2  # "cat" is not "Cat" when case matters: (cat, dog) and (cat, cow) drop out


def test_perfectly_ranked_vectors_give_spearman_one(tmp_path):
    angles = np.linspace(0, np.pi, 5)
    emb = Embeddings(np.c_[np.cos(angles), np.sin(angles)], ["a", "b", "c", "d", "e"])
    path = tmp_path / "pairs.tsv"
    path.write_text("a\tb\t9\na\tc\t7\na\td\t3\na\te\t1\n", encoding="utf-8")
    assert word_pair_spearman(emb, path).spearman == pytest.approx(1.0)


@pytest.mark.parametrize("dataset", ["wordsim353", "simlex999"])
def test_word_pairs_agree_with_gensim_evaluate_word_pairs(bundled_twins, dataset):
    emb, kv = bundled_twins
    pearson, spearman, oov_percent = kv.evaluate_word_pairs(datapath(f"{dataset}.{'tsv' if dataset == 'wordsim353' else 'txt'}"))
    for vectors in (emb, kv):
        score = word_pair_spearman(vectors, dataset)
        assert score.spearman == pytest.approx(spearman[0], abs=1e-6)
        assert score.pearson == pytest.approx(pearson[0], abs=1e-6)
        assert 100 * score.oov_share == pytest.approx(oov_percent)
        assert 0 < score.n_oov < score.n_pairs


def test_fewer_than_three_known_pairs_give_nan_not_an_error(tmp_path):
    emb = Embeddings(np.eye(3), ["a", "b", "c"])
    path = tmp_path / "pairs.tsv"
    path.write_text("a\tb\t1\nx\ty\t2\n", encoding="utf-8")
    score = word_pair_spearman(emb, path)
    assert np.isnan(score.spearman) and score.n_pairs == 1 and "n/a" in str(score)


# ----- analogies ----------------------------------------------------------------------------------------
def planted_analogies(tmp_path):
    """Vectors in which every "x_i : y_i :: x_j : y_j" is solvable, and a file with a correct and a wrong section.

    x_i = e_i and y_i = (e_i + e_r)/√2: for the query y_i − x_i + x_j the best remaining word is y_j
    (cosine ∝ 1/√2 + 1/2, against 1/2 for any other y_k and 0 for any other x_k).
    """
    n = 6
    xs, ys = [f"x{i}" for i in range(n)], [f"y{i}" for i in range(n)]
    eye = np.eye(n + 1)
    vectors = np.vstack([eye[:n], (eye[:n] + eye[n]) / np.sqrt(2)])
    good = [f"{xs[i]} {ys[i]} {xs[j]} {ys[j]}" for i in range(n) for j in range(n) if i != j]
    wrong = [f"{xs[i]} {ys[i]} {xs[j]} {xs[(j + 1) % n]}" for i in range(n) for j in range(n) if i != j]
    oov = ["x0 y0 x1 unicorn", "x0 y0 unicorn y1"]
    path = tmp_path / "planted.txt"
    path.write_text("\n".join([": good", *good, ": wrong", *wrong, ": unknown", *oov]) + "\n", encoding="utf-8")
    return vectors, xs + ys, path, len(good)


def test_planted_analogies_have_known_accuracy(tmp_path):
    vectors, words, path, n_good = planted_analogies(tmp_path)
    score = analogy_accuracy(Embeddings(vectors, words), path)
    assert score.per_section["good"] == (n_good, n_good)
    assert score.per_section["wrong"] == (0, n_good)
    assert score.per_section["unknown"] == (0, 0) and np.isnan(score.per_section["unknown"].accuracy)
    assert (score.n_correct, score.n_questions, score.n_skipped) == (n_good, 2 * n_good, 2)
    assert score.accuracy == pytest.approx(0.5)


def test_restrict_vocab_skips_questions_with_rare_words(tmp_path):
    vectors, words, path, n_good = planted_analogies(tmp_path)
    score = analogy_accuracy(Embeddings(vectors, words), path, restrict_vocab=len(words) - 1)  # y5 is now "rare"
    n_with_y5 = sum("y5" in line.split() for line in path.read_text().splitlines())
    assert score.n_skipped == 2 + n_with_y5 and score.n_questions == 2 * n_good - n_with_y5


def gensim_counts(kv, path, **kwargs):
    _, sections = kv.evaluate_word_analogies(str(path), **kwargs)
    return {s["section"]: (len(s["correct"]), len(s["correct"]) + len(s["incorrect"])) for s in sections}


def test_noisy_planted_analogies_agree_with_gensim_question_for_question(tmp_path, rng):
    vectors, words, path, _ = planted_analogies(tmp_path)
    noisy = vectors + 0.25 * rng.standard_normal(vectors.shape)
    emb, kv = twin(noisy, words)
    score, expected = analogy_accuracy(emb, path), gensim_counts(kv, path)
    assert 0 < score.per_section["good"].n_correct < score.per_section["good"].n_questions  # a non-trivial case
    assert {name: tuple(s) for name, s in score.per_section.items()} == {k: v for k, v in expected.items() if k != "Total accuracy"}
    assert (score.n_correct, score.n_questions) == expected["Total accuracy"]


@pytest.mark.parametrize("restrict_vocab, case_insensitive", [(30000, True), (700, True), (30000, False)])
def test_bundled_google_analogies_agree_with_gensim(bundled_twins, restrict_vocab, case_insensitive):
    emb, kv = bundled_twins
    expected = gensim_counts(kv, datapath("questions-words.txt"), restrict_vocab=restrict_vocab,
                             case_insensitive=case_insensitive)
    n_lines = sum(len(q) for _, q in read_analogies(datapath("questions-words.txt")))
    for vectors in (emb, kv):
        score = analogy_accuracy(vectors, restrict_vocab=restrict_vocab, case_insensitive=case_insensitive)
        assert {name: tuple(s) for name, s in score.per_section.items()} == {k: v for k, v in expected.items() if k != "Total accuracy"}
        assert (score.n_correct, score.n_questions) == expected["Total accuracy"]
        assert score.n_skipped == n_lines - score.n_questions > 0


def test_case_insensitive_lookup_uses_the_first_case_variant(tmp_path):
    # "Paris" comes first, so its vector (not the later "paris") stands for PARIS; "paris" points exactly along
    # the first query France − Paris + Rome, but as a case variant of an input word it is no answer (as in gensim)
    words = ["Paris", "France", "Rome", "Italy", "paris"]
    vectors = np.array([[1, 0, 0.0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [1 / np.sqrt(2) - 1, 1 / np.sqrt(2), 1]])
    path = tmp_path / "q.txt"
    path.write_text(": capitals\nparis france rome italy\nfrance paris italy rome\n", encoding="utf-8")
    emb, kv = twin(vectors, words)
    score = analogy_accuracy(emb, path)
    assert score.n_correct == gensim_counts(kv, path)["Total accuracy"][0] == 2


# ----- reports and errors -------------------------------------------------------------------------------
def test_nearest_neighbours_table_lists_most_similar_for_ours_and_gensim(bundled_twins):
    emb, kv = bundled_twins
    words = [w for w in ("king", "paris", "water") if w in emb.key_to_index][:2] + ["xyzzy"]
    ours, theirs = nearest_neighbours_table(emb, words, topn=3), nearest_neighbours_table(kv, words, topn=3)
    assert ours == theirs
    lines = ours.splitlines()
    assert len(lines) == 2 + len(words)
    for word, line in zip(words[:-1], lines[2:]):
        assert line.split()[0] == word
        assert [w for w in line.split()[1::2]] == [w for w, _ in emb.most_similar(word, topn=3)]
    assert "not in the vocabulary" in lines[-1]


def test_evaluate_embeddings_scores_both_libraries_the_same(bundled_twins):
    emb, kv = bundled_twins
    ours, theirs = evaluate_embeddings(emb), evaluate_embeddings(kv)
    assert ours.wordsim353.spearman == pytest.approx(theirs.wordsim353.spearman, abs=1e-9)
    assert ours.analogies == theirs.analogies
    assert "wordsim353" in str(ours) and "simlex999" in str(ours) and "analogies" in str(ours)


def test_unknown_dataset_name_lists_the_valid_ones():
    with pytest.raises(ValueError) as info:
        word_pair_spearman(Embeddings(np.eye(2), ["a", "b"]), "wordsim")
    assert "'wordsim353'" in str(info.value) and "'simlex999'" in str(info.value) and "'wordsim'" in str(info.value)


@pytest.mark.parametrize("score, name, content, expected", [
    (word_pair_spearman, "pairs.tsv", "a\tb\n", "line 1"),
    (word_pair_spearman, "pairs.tsv", "a\tb\t1\na\tb\tmany\n", "line 2"),
    (analogy_accuracy, "q.txt", "a b c d\n", "before the first"),
    (analogy_accuracy, "q.txt", ": s\na b c\n", "four words"),
], ids=["pairs, 2 fields", "pairs, not a number", "analogy before a section", "analogy, 3 words"])
def test_a_malformed_dataset_file_names_the_line(tmp_path, score, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=expected):
        score(Embeddings(np.eye(2), ["a", "b"]), path)


def test_bad_arguments_are_value_errors(tmp_path):
    emb = Embeddings(np.eye(2), ["a", "b"])
    with pytest.raises(ValueError, match="restrict_vocab"):
        analogy_accuracy(emb, restrict_vocab=0)
    with pytest.raises(ValueError, match="does not exist"):
        analogy_accuracy(emb, tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="topn"):
        nearest_neighbours_table(emb, ["a"], topn=0)
    with pytest.raises(ValueError, match="key_to_index"):
        word_pair_spearman(np.eye(2), "wordsim353")
