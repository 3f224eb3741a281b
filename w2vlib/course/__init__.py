"""The course around the library: exercise checkers, the student edition, running notebooks, figures.

    checkers           one module of checkers per notebook, on one shared comparison engine     (01–08)
    student_edition    the notebooks without solutions (make student)
    notebook_runner    re-executes notebooks in place, deterministically (make notebooks)
    figures            saves figures to figures/ atomically
    environment        which packages are installed, and the CPU settings for nbval            (00)
    design_real_sample notebook 07's stored runs on the Wikipedia sample, and the command that makes them (07)
"""
