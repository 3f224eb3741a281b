"""The hierarchical softmax: P(o | c) as a product of σ's along the Huffman path of o, and its gradients.

With the path n_1, ..., n_L of the outside word o (root first) and the signs t_j = ±1 of its turns
(:mod:`w2vlib.text.huffman_tree`), and s_j = u_{n_j}^T v_c the score of inner node n_j:

    P(o | c) = Π_{j=1..L} σ(t_j s_j)                 (the turns' probabilities multiply; Σ_o P(o | c) = 1)
    J        = −log P(o | c) = −Σ_j log σ(t_j s_j)
    ∂J/∂v_c     = Σ_j (σ(t_j s_j) − 1) t_j u_{n_j}
    ∂J/∂u_{n_j} = (σ(t_j s_j) − 1) t_j v_c           (every other row of the node matrix: 0)

With the label y_j = (1 + t_j)/2 ∈ {1, 0}, (σ(t s) − 1) t = σ(s) − y: each inner node is a logistic regression
"first child or second?", exactly as in negative sampling, but with L ≈ log₂|Vocab| questions whose answers are
known instead of K + 1 questions about sampled words. One pair costs O(L d).

The node vectors are the rows of a matrix with (at least) n_words − 1 rows; word2vec and gensim keep n_words rows
(``syn1``), the last one unused, so that it has the shape of U. Row n is u_n.
"""
from __future__ import annotations

import numpy as np

from .activations import log_sigmoid, sigmoid
from ..validation import as_float_array, check_index, check_same_width


def _check_tree(tree) -> None:
    if not (hasattr(tree, "paths") and hasattr(tree, "codes") and hasattr(tree, "n_inner")):
        raise ValueError(f"tree must be a HuffmanTree (w2vlib.text.huffman_tree.build_huffman_tree(counts)), "
                         f"got {type(tree).__name__}.")


def _check_node_vectors(node_vectors, tree, check_finite: bool = True) -> np.ndarray:
    node_vectors = as_float_array(node_vectors, "node_vectors", 2, "(n_words, d)", check_finite=check_finite)
    if node_vectors.shape[0] < tree.n_inner:
        raise ValueError(f"node_vectors has {node_vectors.shape[0]} rows, but the tree has {tree.n_inner} inner nodes "
                         f"(one row each); use a matrix of shape (n_words, d) = ({tree.n_words}, d).")
    return node_vectors


def hs_probabilities(center_vec, node_vectors, tree) -> np.ndarray:
    """P(w | c) for every word w: shape (n_words,); they sum to 1 (up to round-off).

    center_vec: shape (d,) [v_c]; node_vectors: shape (n_words, d), row n is u_n; tree: a HuffmanTree.
    """
    _check_tree(tree)
    center_vec = as_float_array(center_vec, "center_vec", 1, "(d,)")
    node_vectors = _check_node_vectors(node_vectors, tree)
    check_same_width(center_vec, "center_vec", node_vectors, "node_vectors")
    if tree.n_inner == 0:
        return np.ones(1)
    nodes, signs = tree.padded(pad_node=0)                  # (n_words, L): a padded entry has sign 0 ...
    log_turns = log_sigmoid(signs * (node_vectors[nodes] @ center_vec))
    log_turns[signs == 0] = 0.0                             # ... and contributes log 1 = 0
    return np.exp(log_turns.sum(axis=1))


def hs_path_loss_and_gradient(center_vec, path_vectors, signs):
    """The loss of one pair and its gradients computed on the path alone: O(L d), whatever |Vocab| is.

    center_vec:   shape (d,) [v_c].
    path_vectors: shape (L, d), the vectors of the inner nodes on o's path, root first [u_{n_1} .. u_{n_L}].
    signs:        shape (L,), t_j = +1 (the path turns to the first child) or −1 (to the second).
    Returns ``(loss, grad_center_vec, grad_path_vectors)`` with shapes (), (d,), (L, d):
    J = −Σ_j log σ(t_j s_j), ∂J/∂v_c = Σ_j (σ(t_j s_j) − 1) t_j u_{n_j} and row j: (σ(t_j s_j) − 1) t_j v_c.
    """
    center_vec = as_float_array(center_vec, "center_vec", 1, "(d,)")
    path_vectors = np.asarray(path_vectors, dtype=np.float64)
    signs = np.asarray(signs, dtype=np.float64)
    if path_vectors.ndim != 2 or path_vectors.shape[1] != center_vec.shape[0] or signs.shape != path_vectors.shape[:1]:
        raise ValueError(f"path_vectors must have shape (L, d) = (L, {center_vec.shape[0]}) and signs shape (L,), got "
                         f"{path_vectors.shape} and {signs.shape}.")
    if not np.all(np.abs(signs) == 1):
        raise ValueError("signs must be +1 or -1 (1 - 2 * code), got " + str(signs.tolist()) + ".")
    signed_scores = signs * (path_vectors @ center_vec)                    # t_j s_j, shape (L,)
    loss = -np.sum(log_sigmoid(signed_scores))
    coefs = (sigmoid(signed_scores) - 1.0) * signs                         # (σ(t_j s_j) − 1) t_j = σ(s_j) − y_j
    return float(loss) + 0.0, coefs @ path_vectors, coefs[:, None] * center_vec


def hs_loss_and_gradient(center_vec, outside_idx, node_vectors, tree):
    """Loss and gradients of one (center, outside) pair under the hierarchical softmax.

    Arguments (handout symbol in brackets):
        center_vec:   shape (d,), the center word's vector [v_c].
        outside_idx:  int, the outside word's row in the vocabulary [o]; its path is ``tree.paths[o]``.
        node_vectors: shape (n_words, d) (at least n_words − 1 rows): row n is inner node n's vector [u_n].
        tree:         the :class:`~w2vlib.text.huffman_tree.HuffmanTree` of the vocabulary.

    Returns ``(loss, grad_center_vec, grad_node_vectors)`` with shapes (), (d,), node_vectors' shape:
    J = −Σ_j log σ(t_j u_{n_j}^T v_c), ∂J/∂v_c and ∂J/∂u_n (non-zero only on o's path): those of
    :func:`hs_path_loss_and_gradient`, put into the rows of the path. A path of length 0 (a one-word vocabulary)
    gives J = 0 and zero gradients.
    """
    _check_tree(tree)
    center_vec = as_float_array(center_vec, "center_vec", 1, "(d,)")
    node_vectors = _check_node_vectors(node_vectors, tree, check_finite=False)
    check_same_width(center_vec, "center_vec", node_vectors, "node_vectors")
    outside_idx = check_index(outside_idx, "outside_idx", tree.n_words, "the tree's words")
    path = tree.paths[outside_idx]
    path_vectors = as_float_array(node_vectors[path], "node_vectors[path] (the u_n of o's path)", 2, "(L, d)") \
        if len(path) else np.zeros((0, center_vec.shape[0]))
    loss, grad_center_vec, grad_path = hs_path_loss_and_gradient(center_vec, path_vectors, tree.signs(outside_idx))
    grad_node_vectors = np.zeros_like(node_vectors, dtype=np.result_type(node_vectors, center_vec))
    grad_node_vectors[path] += grad_path                                   # a path never repeats a node
    return loss, grad_center_vec, grad_node_vectors


def make_hs_loss(tree):
    """A ``loss_fn(center_vec, outside_idx, outside_vectors)`` for :func:`w2vlib.skipgram` (and CBOW) in which
    ``outside_vectors`` holds the node vectors: the hierarchical softmax over ``tree``."""
    _check_tree(tree)

    def loss_fn(center_vec, outside_idx, outside_vectors):
        return hs_loss_and_gradient(center_vec, outside_idx, outside_vectors, tree)

    loss_fn.__name__ = f"hs_loss(|Vocab| = {tree.n_words})"
    return loss_fn
