"""The benchmark: our fast trainer beside gensim on the Wikipedia sample (make bench), and how long the
explorer of notebook 08 makes a class wait (make bench-explorer).

    benchmark          words per second, scores and peak memory of each trainer, same run (python -m w2vlib.bench)
    explorer_bench     the explorer's retrain time, medians
    peak_memory        a process's peak resident memory
"""
