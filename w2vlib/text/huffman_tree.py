"""The Huffman tree of the hierarchical softmax: every word a leaf, reached from the root by a path of yes/no turns.

The hierarchical softmax replaces the |Vocab|-way softmax by a walk down a binary tree whose leaves are the words.
Each of the |Vocab| − 1 inner nodes n has a vector u_n; at node n the walk turns to its first child with probability
σ(u_n^T v_c) and to its second with σ(−u_n^T v_c). word2vec builds the tree by Huffman's rule, so that frequent
words get short paths (few σ's to compute) and rare words long ones:

    start with one tree per word, weighted by its count;
    repeat |Vocab| − 1 times: take the two lightest trees (heapq), join them under a new inner node whose weight is
    their sum; the lighter one becomes the first child (code 0), the other the second (code 1).

Inner nodes are numbered 0, 1, ..., |Vocab| − 2 in the order they are made, as in word2vec and gensim, so the root is
the last one. A word's *path* lists the inner nodes from the root down to its leaf, its *code* the turn taken at
each (0: first child, 1: second child), and its *signs* ±1 = 1 − 2·code: P(w | c) = Π_j σ(sign_j u_{n_j}^T v_c).
Huffman's tree minimises the expected path length Σ_w p(w) depth(w) over all binary trees with these leaves.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from ..validation import as_float_array


@dataclass(frozen=True)
class HuffmanTree:
    """The tree of :func:`build_huffman_tree`.

    counts: shape (n_words,), the word counts it was built from.
    paths:  paths[w], shape (depth_w,), int32: the inner nodes from the root to word w's leaf.
    codes:  codes[w], shape (depth_w,), uint8: the turn at each of them, 0 (first child) or 1 (second child).
    With a single word there is no inner node and its path is empty (P(w | c) = 1, an empty product).
    """

    counts: np.ndarray
    paths: tuple
    codes: tuple

    @property
    def n_words(self) -> int:
        return len(self.paths)

    @property
    def n_inner(self) -> int:
        """Number of inner nodes, |Vocab| − 1: the rows of the node-vector matrix that are used."""
        return max(self.n_words - 1, 0)

    @property
    def depths(self) -> np.ndarray:
        """Shape (n_words,): the length of every word's path (the number of σ's in its P(w | c))."""
        return np.array([len(path) for path in self.paths], dtype=np.int64)

    def signs(self, word: int) -> np.ndarray:
        """Shape (depth_w,), float64: 1 − 2·code, +1 where the path turns to the first child, −1 to the second."""
        return 1.0 - 2.0 * self.codes[word].astype(np.float64)

    def expected_depth(self) -> float:
        """Σ_w p(w) depth(w) with p(w) = count(w) / Σ counts: the mean number of σ's per (center, outside) pair."""
        total = self.counts.sum()
        return float(self.depths @ self.counts / total) if total > 0 else float(self.depths.mean())

    def padded(self, pad_node: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The paths as two arrays of shape (n_words, max depth), for vectorised code.

        Returns ``(nodes, signs)``: int32 inner nodes, padded with ``pad_node`` (default n_inner, the unused last row
        of a node matrix with n_words rows), and float32 signs ±1, padded with 0 (a padded entry contributes nothing).
        """
        pad_node = self.n_inner if pad_node is None else int(pad_node)
        width = max(int(self.depths.max()), 1)
        nodes = np.full((self.n_words, width), pad_node, dtype=np.int32)
        signs = np.zeros((self.n_words, width), dtype=np.float32)
        for word, (path, code) in enumerate(zip(self.paths, self.codes)):
            nodes[word, :len(path)] = path
            signs[word, :len(path)] = 1.0 - 2.0 * code
        return nodes, signs


def build_huffman_tree(counts) -> HuffmanTree:
    """Huffman's tree over the words, from their counts.

    counts: shape (n_words,), non-negative word counts (row w of the vocabulary), at least one word.
    Ties between equal weights go to the tree made first (words before inner nodes, lower index first), so the
    same counts always give the same tree.
    """
    counts = as_float_array(counts, "counts", 1, "(n_words,)")
    if np.any(counts < 0):
        raise ValueError(f"counts must be non-negative word counts, got {counts[counts < 0][0]:g} at index "
                         f"{int(np.argmax(counts < 0))}.")
    n_words = counts.shape[0]
    heap = [(float(count), word) for word, count in enumerate(counts)]   # (weight, tree id); ids >= n_words are inner
    heapq.heapify(heap)
    children = []                                                         # children[i]: (first, second) of inner i
    for inner in range(n_words - 1):
        weight_first, first = heapq.heappop(heap)
        weight_second, second = heapq.heappop(heap)
        children.append((first, second))
        heapq.heappush(heap, (weight_first + weight_second, n_words + inner))

    paths: list = [None] * n_words
    codes: list = [None] * n_words
    stack = [(heap[0][1], [], [])] if n_words > 1 else []
    if n_words == 1:
        paths[0], codes[0] = np.empty(0, dtype=np.int32), np.empty(0, dtype=np.uint8)
    while stack:
        tree, path, code = stack.pop()
        if tree < n_words:                                                 # a leaf: a word
            paths[tree], codes[tree] = np.array(path, dtype=np.int32), np.array(code, dtype=np.uint8)
            continue
        inner = tree - n_words
        for turn, child in enumerate(children[inner]):
            stack.append((child, path + [inner], code + [turn]))
    return HuffmanTree(counts.copy(), tuple(paths), tuple(codes))
