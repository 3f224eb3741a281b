"""Every corpus loader, on small files the tests write (never the network), and the parse cache."""
import bz2
import gzip
import hashlib
import os
import zipfile
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from w2vlib.text import corpora
from w2vlib import planted_corpus
from w2vlib.text import text8
from w2vlib.text.corpora import Corpus, load_corpus


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder, so nothing is written to ~/.cache."""
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def assert_consistent(corpus: Corpus):
    """The invariants every corpus must satisfy, checked against a recount of its own sentences."""
    assert corpus.word_ids.dtype == np.int32 and corpus.sentence_bounds.dtype == np.int64
    assert corpus.sentence_bounds[0] == 0 and corpus.sentence_bounds[-1] == corpus.n_words
    assert np.all(np.diff(corpus.sentence_bounds) > 0), "no empty sentences"
    recount = Counter(w for s in corpus.sentences() for w in s)
    assert dict(zip(corpus.words, corpus.counts.tolist())) == dict(recount)
    assert np.all(np.diff(corpus.counts) <= 0), "words are sorted by count, most frequent first"


# ----- plain text ---------------------------------------------------------------------------------------------
def test_plain_file_one_sentence_per_line_lower_cased(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("The cat sat\n\n  on the MAT  \nthe end\n", encoding="utf-8")
    corpus = load_corpus(str(path))
    assert list(corpus.sentences()) == [["the", "cat", "sat"], ["on", "the", "mat"], ["the", "end"]]
    assert corpus.words[0] == "the" and corpus.counts[0] == 3
    assert corpus.n_words == 8 and corpus.n_sentences == 3
    assert_consistent(corpus)


def test_folder_reads_every_visible_file_in_name_order_including_gzip(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "b.txt").write_text("second file\n", encoding="utf-8")
    (folder / "a.txt").write_text("first file\nline two\n", encoding="utf-8")
    with gzip.open(folder / "c.txt.gz", "wt", encoding="utf-8") as stream:
        stream.write("Zipped Words\n")
    (folder / ".hidden").write_text("never read\n", encoding="utf-8")
    corpus = load_corpus(folder)  # a pathlib.Path works as well as a string
    assert list(corpus.sentences()) == [["first", "file"], ["line", "two"], ["second", "file"], ["zipped", "words"]]
    assert_consistent(corpus)


def test_ties_in_count_keep_the_order_of_first_appearance(tmp_path):
    path = tmp_path / "ties.txt"
    path.write_text("zebra apple zebra mango apple kiwi\n", encoding="utf-8")
    corpus = load_corpus(str(path))
    assert corpus.words == ["zebra", "apple", "mango", "kiwi"]


def test_non_utf8_file_raises_a_value_error_naming_the_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("café au lait\n".encode("latin-1"))
    with pytest.raises(ValueError, match="latin1.txt.*not UTF-8"):
        load_corpus(str(path))


def test_empty_file_raises(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no words"):
        load_corpus(str(path))


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=6), min_size=1, max_size=8))
def test_from_sentences_round_trips_and_counts(sentences):
    corpus = Corpus.from_sentences(sentences)
    assert list(corpus.sentences()) == sentences
    assert_consistent(corpus)
    first_seen = {w: i for i, w in reversed(list(enumerate(w for s in sentences for w in s)))}
    order = sorted(first_seen, key=lambda w: (-Counter(w for s in sentences for w in s)[w], first_seen[w]))
    assert corpus.words == order


def test_sentences_max_length_and_head():
    corpus = Corpus.from_sentences([list("abcdefg"), list("hij")])
    assert list(corpus.sentences(max_length=3)) == [list("abc"), list("def"), ["g"], list("hij")]
    head = corpus.head(8)
    assert list(head.sentences()) == [list("abcdefg"), ["h"]]
    assert_consistent(head)
    assert list(corpus.head(7).sentences()) == [list("abcdefg")]
    with pytest.raises(ValueError, match="max_length"):
        next(corpus.sentences(max_length=0))


# ----- text8 --------------------------------------------------------------------------------------------------
def write_text8(folder, n_words=25_000, seed=0):
    """A small file in text8's format: lower-case words separated by single spaces, no line break."""
    words = np.random.default_rng(seed).choice(["anarchism", "is", "a", "political", "philosophy", "of", "the"],
                                               size=n_words).tolist()
    raw = folder / "text8"
    raw.write_bytes((" " + " ".join(words)).encode())  # the real file starts with a space, too
    archive = folder / "text8.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(raw, "text8")
    return words, raw, archive


def test_text8_raw_and_zip_give_the_same_corpus_cut_every_10000_words(tmp_path, monkeypatch):
    monkeypatch.setattr(text8, "READ_BLOCK_BYTES", 997)  # many blocks: words cut across block ends
    words, raw, archive = write_text8(tmp_path)
    from_raw = load_corpus(f"text8:{raw}")
    from_zip = load_corpus("text8", path=archive)
    for corpus in (from_raw, from_zip):
        sentences = list(corpus.sentences())
        assert [len(s) for s in sentences] == [10_000, 10_000, 5_000]
        assert [w for s in sentences for w in s] == words
        assert_consistent(corpus)
    assert np.array_equal(from_raw.word_ids, from_zip.word_ids)


def test_text8_is_found_in_the_cache_folder(tmp_path, private_cache):
    private_cache.mkdir()
    words, _, _ = write_text8(private_cache, n_words=300)
    corpus = load_corpus("text8")
    assert corpus.n_words == len(words)


def test_text8_missing_says_how_to_get_it(tmp_path):
    with pytest.raises(ValueError, match="download=True"):
        load_corpus("text8", cache_dir=tmp_path / "empty")
    with pytest.raises(ValueError, match="not found"):
        load_corpus("text8", path=tmp_path / "nowhere.zip")


def test_text8_download_checks_the_checksum(tmp_path, monkeypatch):
    source = tmp_path / "server"
    source.mkdir()
    words, _, archive = write_text8(source, n_words=500)
    cache = tmp_path / "dl"
    monkeypatch.setattr(text8, "TEXT8_URL", archive.as_uri())  # a file:// URL: no network
    monkeypatch.setattr(text8, "TEXT8_ZIP_SHA256", "0" * 64)
    with pytest.raises(ValueError, match="SHA-256"):
        load_corpus("text8", cache_dir=cache, download=True)
    assert not (cache / "text8.zip").exists() and not list(cache.glob(".text8*")), "nothing kept after a bad checksum"

    monkeypatch.setattr(text8, "TEXT8_ZIP_SHA256", hashlib.sha256(archive.read_bytes()).hexdigest())
    corpus = load_corpus("text8", cache_dir=cache, download=True)
    assert (cache / "text8.zip").is_file() and corpus.n_words == len(words)


def test_text8_download_fails_clearly_when_offline(tmp_path, monkeypatch):
    monkeypatch.setattr(text8, "TEXT8_URL", (tmp_path / "unreachable.zip").as_uri())
    with pytest.raises(ValueError, match="offline"):
        load_corpus("text8", cache_dir=tmp_path / "dl", download=True)


# ----- wiki dumps and the cache -------------------------------------------------------------------------------
PAGE = """  <page>
    <title>{title}</title>
    <ns>{ns}</ns>
    <id>{id}</id>
    <revision>
      <id>{id}0</id>
      <text xml:space="preserve">{text}</text>
    </revision>
  </page>
"""


def write_wiki_dump(path, articles):
    """A minimal MediaWiki export (the format of gensim's bundled sample), bz2-compressed."""
    pages = "".join(PAGE.format(title=title, ns=ns, id=i + 1, text=text)
                    for i, (title, ns, text) in enumerate(articles))
    xml = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n'
           "  <siteinfo><sitename>Wikipedia</sitename></siteinfo>\n" + pages + "</mediawiki>\n")
    path.write_bytes(bz2.compress(xml.encode("utf-8")))


def article(topic, n=60):
    """Wiki markup with a link, a template and bold text around ``n`` plain words."""
    body = " ".join(f"{topic} word{i % 7}" for i in range(n // 2))
    return f"'''{topic.title()}''' is about [[Link target|linked words]] {{{{Infobox thing}}}} {body}"


def wiki_articles(topic_a, topic_b):
    return [("Alpha", 0, article(topic_a)), ("Beta", 0, article(topic_b)),
            ("Too short", 0, "only a few words here"), ("Talk:Alpha", 1, article("talk"))]


def test_wiki_dump_parsed_as_gensims_wikicorpus(tmp_path):
    dump = tmp_path / "tiny-wiki.xml.bz2"
    write_wiki_dump(dump, wiki_articles("apples", "pears"))
    corpus = load_corpus(f"wiki:{dump}")
    from gensim.corpora.wikicorpus import WikiCorpus

    expected = list(WikiCorpus(str(dump), dictionary={}, processes=1).get_texts())
    assert list(corpus.sentences()) == expected
    assert len(expected) == 2 and "linked" in expected[0] and "infobox" not in expected[0]
    assert_consistent(corpus)


def test_wiki_cache_is_used_and_rebuilt_when_the_source_changes(tmp_path, private_cache, monkeypatch):
    dump = tmp_path / "tiny-wiki.xml.bz2"
    write_wiki_dump(dump, wiki_articles("apples", "pears"))
    first = load_corpus("wiki", path=dump)
    cached = list(private_cache.glob("wiki-*.npz"))
    assert len(cached) == 1 and "apples" in first.words

    real_parse = corpora.parse_wiki_dump
    monkeypatch.setattr(corpora, "parse_wiki_dump", lambda path: pytest.fail("the cache was not used"))
    again = load_corpus("wiki", path=dump)
    assert again.words == first.words and np.array_equal(again.word_ids, first.word_ids)

    write_wiki_dump(dump, wiki_articles("cherries", "plums"))
    os.utime(dump, ns=(os.stat(dump).st_atime_ns, os.stat(dump).st_mtime_ns + 10**9))
    calls = []
    monkeypatch.setattr(corpora, "parse_wiki_dump", lambda path: calls.append(path) or real_parse(path))
    changed = load_corpus("wiki", path=dump)
    assert calls, "a changed source must be parsed again"
    assert "cherries" in changed.words and "apples" not in changed.words
    assert list(private_cache.glob("wiki-*.npz")) == cached, "one cache file per source, overwritten"
    assert not list(private_cache.glob(".tmp-*")), "no temporary file left behind"


def test_a_damaged_cache_file_is_rebuilt(tmp_path, private_cache):
    dump = tmp_path / "tiny-wiki.xml.bz2"
    write_wiki_dump(dump, wiki_articles("apples", "pears"))
    first = load_corpus("wiki", path=dump)
    (cache_file,) = private_cache.glob("wiki-*.npz")
    cache_file.write_bytes(b"not an npz file")
    assert load_corpus("wiki", path=dump).words == first.words


def test_explicit_cache_dir_beats_the_environment(tmp_path, private_cache):
    dump = tmp_path / "tiny-wiki.xml.bz2"
    write_wiki_dump(dump, wiki_articles("apples", "pears"))
    load_corpus("wiki", path=dump, cache_dir=tmp_path / "mine")
    assert list((tmp_path / "mine").glob("wiki-*.npz")) and not private_cache.exists()


def test_bundled_wiki_sample_has_about_450_thousand_words():
    corpus = load_corpus("wiki")
    assert 400_000 < corpus.n_words < 500_000
    assert corpus.words[0] == "the"
    assert np.all(np.diff(corpus.counts) <= 0) and corpus.counts.sum() == corpus.n_words


# ----- toy, lee, and bad sources ------------------------------------------------------------------------------
def test_toy_is_the_planted_corpus():
    corpus = load_corpus("toy")
    assert list(corpus.sentences()) == planted_corpus().sentences
    assert_consistent(corpus)


def test_lee_has_one_sentence_per_document_of_lower_case_words():
    corpus = load_corpus("lee")
    from gensim.test.utils import datapath

    with open(datapath("lee_background.cor"), encoding="utf-8") as stream:
        n_documents = sum(1 for line in stream if line.strip())
    assert corpus.n_sentences == n_documents
    assert 50_000 < corpus.n_words < 70_000
    assert all(w.isalpha() and w == w.lower() for w in corpus.words)


@pytest.mark.parametrize("source", ["wikipedia", "toy:extra", "", 42, "/no/such/file.txt"])
def test_unknown_source_lists_the_valid_names(source):
    with pytest.raises(ValueError, match="'toy', 'lee', 'wiki', 'text8'"):
        load_corpus(source)


def test_path_only_for_wiki_and_text8(tmp_path):
    with pytest.raises(ValueError, match="path="):
        load_corpus("toy", path=tmp_path)
    with pytest.raises(ValueError, match="not both"):
        load_corpus(f"text8:{tmp_path}", path=tmp_path)


# ----- streams: a pipe, a FIFO, <(command), and a byte-order mark (issue 29 item 2) ------------------------------
def _lines(n):
    return "".join(f"sentence {i} of the stream\n" for i in range(n)).encode()


def test_a_pipe_is_read_once_and_whole():
    """The format check used to read 64 KiB of a pipe and then open it again: 24,874 of 30,000 lines were kept."""
    import subprocess
    import sys

    writer = subprocess.Popen([sys.executable, "-c", "import sys\nfor i in range(30000): "
                               "sys.stdout.write(f'sentence {i} of the stream\\n')"], stdout=subprocess.PIPE)
    try:
        corpus = load_corpus(f"/dev/fd/{writer.stdout.fileno()}")
    finally:
        writer.stdout.close()
        writer.wait(timeout=30)
    assert corpus.n_sentences == 30000
    assert next(corpus.sentences()) == ["sentence", "0", "of", "the", "stream"]


def test_a_fifo_is_read_once_and_does_not_hang(tmp_path):
    import threading

    fifo = tmp_path / "words.fifo"
    os.mkfifo(fifo)

    def write():
        with open(fifo, "wb") as stream:
            stream.write(_lines(20000))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = {}
    reader = threading.Thread(target=lambda: result.update(corpus=load_corpus(str(fifo))), daemon=True)
    reader.start()
    reader.join(timeout=30)
    writer.join(timeout=5)
    assert not reader.is_alive(), "loading a FIFO hung (it was opened twice)"
    assert result["corpus"].n_sentences == 20000


def test_a_gzip_stream_is_checked_and_read_once(tmp_path):
    import gzip

    file = tmp_path / "words.txt.gz"
    file.write_bytes(gzip.compress(_lines(5000)))
    assert load_corpus(str(file)).n_sentences == 5000


def test_a_utf8_byte_order_mark_does_not_stick_to_the_first_word(tmp_path):
    file = tmp_path / "bom.txt"
    file.write_bytes(b"\xef\xbb\xbfhello world\nsecond line\n")
    first = next(load_corpus(str(file)).sentences())
    assert first == ["hello", "world"]
