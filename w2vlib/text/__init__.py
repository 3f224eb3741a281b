"""Text and trees built from it: the Huffman tree of the hierarchical softmax, the planted pair model."""
