"""Training: the handout's plain SGD one window at a time, and the fast minibatch trainer.

    handout_trainer    SGD one window at a time, as CS224N's run.py / sgd.py                   (04, 08)
    step_size_rules    how the handout trainer chooses α (constant, decay, AdaGrad, line search) (07)
    minibatch_stream   pairs, negatives, step sizes and repeat caps of a run, minibatch by minibatch (05)
    scatter_add        adding many scaled vectors into rows of a matrix (np.add.at, fast)        (05)
    cbow_hs_step       the fast minibatch steps of CBOW and of the hierarchical softmax           (09)
    cbow_hs_training   the fast trainer's loop for model="cbow" and loss="hierarchical_softmax"   (09)
    pair_distribution_sgd  SGD on a known pair distribution, for NCE against NS                    (09)
    fast_trainer       word2vec's recipe a minibatch at a time: ``w2vlib.train``                 (05, 06, 08)

The path of one run: a corpus (:mod:`w2vlib.text.corpora`) → a vocabulary → minibatches
(:mod:`.minibatch_stream`) → the step (:func:`.fast_trainer.sgns_minibatch_step`, with :mod:`.scatter_add`) →
:class:`w2vlib.vectors.embeddings.Embeddings`.
"""
