"""From raw text to what a trainer consumes: corpora, counts, the vocabulary, and the samplers."""
