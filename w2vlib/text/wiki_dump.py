"""A MediaWiki ``.xml.bz2`` dump (gensim's bundled Wikipedia sample, or another) parsed as gensim's ``WikiCorpus``."""
from __future__ import annotations

import bz2
from pathlib import Path

from .corpus import Corpus, _CorpusBuilder
from .file_formats import FORMAT_NAMES, _head, sniff_format

WIKI_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


def parse_wiki_dump(path) -> Corpus:
    """Parse a MediaWiki ``.xml.bz2`` dump as gensim's ``WikiCorpus.get_texts`` does, in this process.

    Articles of the main namespace lose their markup (gensim's ``filter_wiki``) and are tokenised by gensim's
    ``wikicorpus.tokenize`` (lower-cased words of 2 to 15 letters); articles with fewer than 50 tokens and
    redirects into other namespaces are dropped. One article is one sentence.
    """
    from gensim.corpora import wikicorpus as wc

    _check_wiki_dump(Path(path))
    builder = _CorpusBuilder()
    try:
        with bz2.open(path, "rb") as stream:
            for title, text, _page_id in wc.extract_pages(stream, filter_namespaces=("0",)):
                tokens = wc.tokenize(wc.filter_wiki(text))
                if len(tokens) < wc.ARTICLE_MIN_WORDS or any(
                        title.startswith(prefix + ":") for prefix in wc.IGNORED_NAMESPACES):
                    continue
                builder.add_sentence(tokens)
    except (OSError, EOFError, ValueError) as exc:
        raise ValueError(f"could not parse {str(path)!r} as a bz2-compressed MediaWiki XML dump: {exc}") from None
    except Exception as exc:  # xml.etree's ParseError and friends
        raise ValueError(f"could not parse {str(path)!r} as a MediaWiki XML dump: "
                         f"{type(exc).__name__}: {exc}") from None
    return builder.build("wiki" if Path(path).name == WIKI_FILE else f"wiki:{path}")


def _check_wiki_dump(path: Path) -> None:
    """Raise a ValueError naming ``path``, what it holds and what to do, unless it is a bz2-compressed MediaWiki dump."""
    shown = repr(str(path))
    try:
        kind = sniff_format(_head(path))
        if kind == "bz2":
            kind = sniff_format(_head(path, "bz2"))
            if kind == "mediawiki":
                return
            raise ValueError(f"{shown} is a bz2-compressed file but not a MediaWiki XML dump (it does not start with "
                             "<mediawiki>); to read compressed plain text, pass its path without 'wiki:'.")
    except (OSError, EOFError) as exc:
        raise ValueError(f"could not read {shown} as a bz2-compressed MediaWiki XML dump: {exc}; check that the "
                         "file is complete.") from None
    if kind == "mediawiki":
        raise ValueError(f"{shown} is an uncompressed MediaWiki XML dump; compress it with bzip2 (bzip2 -k FILE) and "
                         "pass the .bz2 file as 'wiki:PATH'.")
    if kind is None:
        raise ValueError(f"{shown} is plain text, not a bz2-compressed MediaWiki XML dump; to train on it as plain "
                         "text, pass its path without 'wiki:'.")
    raise ValueError(f"{shown} is {FORMAT_NAMES[kind]}, not a bz2-compressed MediaWiki XML dump; pass a "
                     "pages-articles .xml.bz2 file as 'wiki:PATH'.")
