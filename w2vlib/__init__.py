"""w2vlib: the NumPy helpers behind "word2vec, from scratch".

The names follow the CS224N handout: v_c is ``center_vec``, the rows of ``outside_vectors`` are the u_w,
y and ŷ are ``y`` and ``y_hat``, K is ``n_negatives`` and m is ``window``.
"""
from .activations import log_sigmoid, log_softmax, sigmoid, softmax
from .corpora import Corpus, load_corpus
from .embeddings import Embeddings
from .evaluation import analogy_accuracy, evaluate_embeddings, nearest_neighbours_table, word_pair_spearman
from .fast_trainer import NoTrainingPairs, TrainingDiverged, TrainResult, train
from .gradcheck import GradcheckResult, gradcheck
from .handout_trainer import HandoutResult, train_handout
from .naive_softmax import naive_softmax_loss_and_gradient
from .negative_sampler import NegativeSampler
from .negative_sampling import make_neg_sampling_loss, neg_sampling_loss_and_gradient
from .similarity import group_similarity
from .skipgram import skipgram
from .toy_corpus import ToyCorpus, planted_corpus
from .vocabulary import Vocabulary, build_vocabulary

__version__ = "0.1.0"

__all__ = [
    "analogy_accuracy",
    "build_vocabulary",
    "Corpus",
    "Embeddings",
    "evaluate_embeddings",
    "gradcheck",
    "GradcheckResult",
    "group_similarity",
    "HandoutResult",
    "load_corpus",
    "log_sigmoid",
    "log_softmax",
    "make_neg_sampling_loss",
    "naive_softmax_loss_and_gradient",
    "nearest_neighbours_table",
    "neg_sampling_loss_and_gradient",
    "NegativeSampler",
    "NoTrainingPairs",
    "planted_corpus",
    "sigmoid",
    "skipgram",
    "softmax",
    "ToyCorpus",
    "train",
    "train_handout",
    "TrainingDiverged",
    "TrainResult",
    "Vocabulary",
    "word_pair_spearman",
]
