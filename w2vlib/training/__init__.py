"""Training steps and loops beyond the fast skip-gram with negative sampling."""
