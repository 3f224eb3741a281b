pytest_plugins = ["browser_harness"]  # lab_server, browser, lab_page: the real-browser fixtures (tests/browser_harness.py)
import os
import warnings

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("w2vlib", deadline=None, max_examples=40, derandomize=True)
settings.load_profile("w2vlib")


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture
def no_warnings():
    """Turn every warning inside the test into an error (e.g. an overflow RuntimeWarning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def pytest_configure(config):
    os.environ.setdefault("PYTHONHASHSEED", "0")
