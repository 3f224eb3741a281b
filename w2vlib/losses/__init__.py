"""The losses and their gradients, as notebooks 01–04 and 07 derive them.

One (center, outside) pair at a time, in the CS224N handout's notation (v_c = ``center_vec``, the rows of
``outside_vectors`` are the u_w):

    activations        softmax, log-softmax, σ and log σ, numerically stable          (01, 02, 03)
    naive_softmax      J = −log ŷ_o and its gradients, handout (a)–(c)                (02)
    negative_sampling  the negative-sampling loss and its gradients, handout (e)      (03)
    skipgram           the window loss J = Σ_j J(v_c, w_{t+j}, U), handout (f)         (04)
    window             which positions are outside words of a center word, figure     (01)
    tied_vectors       one vector per word (U = V)                                    (07)
    l2_penalty         the L2 term D uᵀu of "Explain The Idea"                        (07)
    cbow               CBOW: the context's mean predicts the center word, with its gradients          (09)
    hierarchical_softmax  P(w | c) along the Huffman path, and its gradients                        (09)
    nce                noise-contrastive estimation, and negative sampling as its special case        (09)
    gradcheck          centred finite differences, the check of every derived gradient (02–04, 07)
"""
