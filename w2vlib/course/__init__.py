"""The course around the library: exercise checkers, the student edition, running notebooks, figures.

    checkers           the exercise checkers, one module per notebook on one engine          (01–04, 07)
    student_edition    one notebook without its solutions and answers, and the leak check
    edition            the student edition as a folder a class can use (make student)
    student_check      the student edition's make check: run the notebooks, list the checkers' verdicts
    notebook_runner    re-executes notebooks in place, deterministically (make notebooks)
    figures            saves figures to figures/ atomically
    environment        which packages are installed, and the CPU settings for nbval            (00)
    checkers_nb09      notebook 09's exercise checkers (self-contained; to move onto the engine)  (09)
    rest_of_word2vec_runs  notebook 09's stored runs on the Wikipedia sample, and their command     (09)
    checkers_nb10      notebook 10's exercise checker (self-contained; to move onto the engine)   (10)
    factorisation_real_sample  notebook 10's stored runs on the Wikipedia sample, and their command     (10)
    design_real_sample notebook 07's stored runs on the Wikipedia sample, and the command that makes them (07)
    design_step_sizes  notebook 07's step-size sweep on the toy corpus (rule x α x seed), stored, and its command (07)
"""
