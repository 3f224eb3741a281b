"""The course around the library: exercise checkers, the stored real-text runs of the notebooks."""
