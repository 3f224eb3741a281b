"""The losses of word2vec and their gradients, one module each."""
