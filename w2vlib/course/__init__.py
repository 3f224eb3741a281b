"""Course material: the stored real-text runs and the exercise checkers of the notebooks."""
