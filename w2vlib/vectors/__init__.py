"""Trained word vectors: keeping, scoring, comparing and drawing them.

    embeddings         the vectors with gensim's names (most_similar, similarity, save_word2vec_format) (05, 06)
    evaluation         WordSim-353, SimLex-999 and analogy accuracy                                   (05, 06)
    score_uncertainty  bootstrap intervals for those scores, and for their differences                 (06, 07)
    similarity         cosine similarity and how well groups of words are recovered                  (04, 07, 08)
    common_direction   the mean direction negative-sampling vectors share, and its link to frequency (04, 06)
    projection         PCA and t-SNE (scikit-learn) with labels that do not overlap                  (04, 06, 08)
    projector_export   files for the TensorFlow Embedding Projector, and back                        (06)
    count_vectors      PMI, PPMI, shifted PPMI and truncated-SVD vectors from counts                  (10)
    vector_cache       trained vectors kept on disk so a notebook shows a 10-epoch model at once     (05, 06)
"""
