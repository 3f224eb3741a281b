"""Word vectors: keeping, scoring, comparing them, and count-based vectors beside the trained ones."""
