"""From raw text to what a trainer consumes: corpora, counts, the vocabulary, and the samplers.

    corpora            load_corpus: the toy, Lee, Wikipedia and text8 corpora and plain text, cached      (05)
    corpus             the one shape they all take: word ids cut into sentences (Corpus)                 (05)
    file_formats       what a file holds, from its first bytes (the loaders refuse the wrong kind)
    plain_text         a text file, folder, pipe or FIFO, read once, one sentence per line
    wiki_dump          a MediaWiki .xml.bz2 dump parsed as gensim's WikiCorpus                          (05)
    text8              text8, read in blocks, downloaded on request with its checksum
    toy_corpus         a small seeded corpus with planted groups                                         (04, 07, 08)
    vocabulary         min_count and the corpus rewritten in row indices                                 (05)
    corpus_statistics  Zipf's law and the number of (center, outside) pairs a window makes              (05)
    subsampling        dropping frequent words ("the"), keeping rare ones                                (05)
    dynamic_window     word2vec's window size drawn per center word, and the pairs it makes             (05)
    negative_sampler   drawing w_1..w_K from P_n(w) ∝ count(w)^β                                        (03)
    negative_table     word2vec's unigram table: millions of negatives with one lookup each            (05)
    negative_exclusion which words a negative may not be (o, c, the window)                             (07)
    huffman_tree       the Huffman tree of the counts (heapq): codes and paths of the HS          (09)
    planted_pairs      a known pair distribution, to see what NCE and NS learn                      (09)
    cooccurrence       how often o appears around c, and the best J those counts allow                   (07)
    weighted_cooccurrence  the trainer's own counts n(c, o) as a SciPy sparse matrix, window-weighted    (10)
"""
