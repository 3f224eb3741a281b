"""w2vlib: the NumPy helpers behind "word2vec, from scratch".

The names follow the CS224N handout: v_c is ``center_vec``, the rows of ``outside_vectors`` are the u_w,
y and ŷ are ``y`` and ``y_hat``, K is ``n_negatives`` and m is ``window``.
"""
from .atomic_file import WriteError
from .losses.activations import log_sigmoid, log_softmax, sigmoid, softmax
from .losses.gradcheck import GradcheckResult, gradcheck
from .losses.l2_penalty import l2_penalty_and_gradient
from .losses.naive_softmax import naive_softmax_loss_and_gradient
from .losses.negative_sampling import make_neg_sampling_loss, neg_sampling_loss_and_gradient
from .losses.skipgram import skipgram
from .losses.tied_vectors import tied_neg_sampling_loss_and_gradient, tied_skipgram
from .text.cooccurrence import best_achievable_loss, mean_pair_loss, pair_counts
from .text.corpora import Corpus, load_corpus
from .text.corpus_statistics import ZipfFit, count_window_pairs, zipf_fit
from .text.negative_exclusion import WindowNegatives
from .text.negative_sampler import NegativeSampler, noise_distribution
from .text.toy_corpus import ToyCorpus, planted_corpus
from .text.vocabulary import Vocabulary, build_vocabulary
from .text.weighted_cooccurrence import training_cooccurrence, weighted_cooccurrence, window_weights
from .training.fast_trainer import NoTrainingPairs, TrainingDiverged, TrainResult, train
from .training.handout_trainer import HandoutResult, train_handout
from .training.step_size_rules import make_step_rule
from .vectors.embeddings import Embeddings
from .vectors.evaluation import analogy_accuracy, evaluate_embeddings, nearest_neighbours_table, word_pair_spearman
from .vectors.projection import plot_projection, project
from .vectors.projector_export import export_projector, load_projector_tsv
from .vectors.score_uncertainty import (
    BootstrapInterval, PairSimilarities, bootstrap_spearman, pair_similarities, paired_bootstrap_difference)
from .vectors.similarity import centred_group_gap, group_similarity
from .vectors.count_vectors import pmi, ppmi, sgns_optimal_scores, svd_vectors, truncated_svd
from .vectors.vector_cache import cached_vectors

__version__ = "0.1.0"

__all__ = [
    "window_weights",
    "weighted_cooccurrence",
    "truncated_svd",
    "training_cooccurrence",
    "svd_vectors",
    "sgns_optimal_scores",
    "ppmi",
    "pmi",
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
    "centred_group_gap",
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
]
