"""python -m w2vlib.bench: the speed and quality benchmark (make bench)."""
from .benchmark import main

main()
