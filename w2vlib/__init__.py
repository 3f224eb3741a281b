"""w2vlib: the NumPy helpers behind "word2vec, from scratch".

The names follow the CS224N handout: v_c is ``center_vec``, the rows of ``outside_vectors`` are the u_w,
y and ŷ are ``y`` and ``y_hat``, K is ``n_negatives`` and m is ``window``.
"""
from .activations import log_sigmoid, log_softmax, sigmoid, softmax
from .atomic_file import WriteError
from .cooccurrence import best_achievable_loss, mean_pair_loss, pair_counts
from .corpora import Corpus, load_corpus
from .corpus_statistics import ZipfFit, count_window_pairs, zipf_fit
from .embeddings import Embeddings
from .evaluation import analogy_accuracy, evaluate_embeddings, nearest_neighbours_table, word_pair_spearman
from .fast_trainer import NoTrainingPairs, TrainingDiverged, TrainResult, train
from .gradcheck import GradcheckResult, gradcheck
from .handout_trainer import HandoutResult, train_handout
from .l2_penalty import l2_penalty_and_gradient
from .naive_softmax import naive_softmax_loss_and_gradient
from .negative_exclusion import WindowNegatives
from .negative_sampler import NegativeSampler, noise_distribution
from .negative_sampling import make_neg_sampling_loss, neg_sampling_loss_and_gradient
from .projector_export import export_projector, load_projector_tsv
from .score_uncertainty import (BootstrapInterval, PairSimilarities, bootstrap_spearman, pair_similarities,
                                paired_bootstrap_difference)
from .projection import plot_projection, project
from .similarity import group_similarity
from .skipgram import skipgram
from .step_size_rules import make_step_rule
from .tied_vectors import tied_neg_sampling_loss_and_gradient, tied_skipgram
from .toy_corpus import ToyCorpus, planted_corpus
from .vector_cache import cached_vectors
from .vocabulary import Vocabulary, build_vocabulary
from .text.weighted_cooccurrence import training_cooccurrence, weighted_cooccurrence, window_weights
from .vectors.count_vectors import pmi, ppmi, sgns_optimal_scores, svd_vectors, truncated_svd

__version__ = "0.1.0"

__all__ = [
    "analogy_accuracy",
    "best_achievable_loss",
    "bootstrap_spearman",
    "BootstrapInterval",
    "build_vocabulary",
    "cached_vectors",
    "Corpus",
    "count_window_pairs",
    "Embeddings",
    "evaluate_embeddings",
    "export_projector",
    "gradcheck",
    "GradcheckResult",
    "group_similarity",
    "HandoutResult",
    "l2_penalty_and_gradient",
    "load_corpus",
    "load_projector_tsv",
    "log_sigmoid",
    "log_softmax",
    "make_neg_sampling_loss",
    "make_step_rule",
    "mean_pair_loss",
    "naive_softmax_loss_and_gradient",
    "nearest_neighbours_table",
    "neg_sampling_loss_and_gradient",
    "NegativeSampler",
    "noise_distribution",
    "NoTrainingPairs",
    "pair_counts",
    "pair_similarities",
    "paired_bootstrap_difference",
    "PairSimilarities",
    "planted_corpus",
    "plot_projection",
    "project",
    "sigmoid",
    "skipgram",
    "softmax",
    "tied_neg_sampling_loss_and_gradient",
    "tied_skipgram",
    "ToyCorpus",
    "train",
    "train_handout",
    "TrainingDiverged",
    "TrainResult",
    "Vocabulary",
    "WindowNegatives",
    "word_pair_spearman",
    "WriteError",
    "zipf_fit",
    "ZipfFit",
    "pmi",
    "ppmi",
    "sgns_optimal_scores",
    "svd_vectors",
    "training_cooccurrence",
    "truncated_svd",
    "weighted_cooccurrence",
    "window_weights",
]
