"""w2vlib: the NumPy helpers behind "word2vec, from scratch".

The names follow the CS224N handout: v_c is ``center_vec``, the rows of ``outside_vectors`` are the u_w,
y and ŷ are ``y`` and ``y_hat``, K is ``n_negatives`` and m is ``window``.
"""
from .activations import log_sigmoid, log_softmax, sigmoid, softmax
from .embeddings import Embeddings
from .evaluation import analogy_accuracy, evaluate_embeddings, nearest_neighbours_table, word_pair_spearman
from .gradcheck import GradcheckResult, gradcheck
from .naive_softmax import naive_softmax_loss_and_gradient
from .negative_sampler import NegativeSampler
from .negative_sampling import make_neg_sampling_loss, neg_sampling_loss_and_gradient
from .skipgram import skipgram
from .toy_corpus import ToyCorpus, planted_corpus

__version__ = "0.1.0"

__all__ = [
    "Embeddings",
    "GradcheckResult",
    "NegativeSampler",
    "ToyCorpus",
    "analogy_accuracy",
    "evaluate_embeddings",
    "gradcheck",
    "log_sigmoid",
    "log_softmax",
    "make_neg_sampling_loss",
    "naive_softmax_loss_and_gradient",
    "nearest_neighbours_table",
    "neg_sampling_loss_and_gradient",
    "planted_corpus",
    "sigmoid",
    "skipgram",
    "softmax",
    "word_pair_spearman",
]
