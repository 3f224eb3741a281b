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


class _FullDiskFile:
    """A file opened for writing on a disk with ``disk["free"]`` bytes left (shared by every file opened on it): a
    write past it raises OSError(ENOSPC), and so does closing the file then (its buffer cannot be flushed
    either); with ``disk["free"] = None`` every write goes to the buffer and only closing meets the full disk."""

    def __init__(self, real, disk):
        self._real, self._disk, self._full = real, disk, disk["free"] is None

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __iter__(self):
        return iter(self._real)

    def _no_space(self):
        import errno
        return OSError(errno.ENOSPC, "No space left on device")

    def write(self, data):
        if self._disk["free"] is not None:
            self._disk["free"] -= len(data)
            if self._disk["free"] < 0:
                self._full = True
                raise self._no_space()
        return self._real.write(data)

    def flush(self):
        if self._full:
            raise self._no_space()
        return self._real.flush()

    def close(self):
        if self._real.closed:
            return
        self._real.close()
        if self._full:
            raise self._no_space()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


@pytest.fixture
def inject_full_disk(monkeypatch, tmp_path):
    """``inject_full_disk(free)``: from now on, files opened for writing under ``tmp_path`` (or through a file
    descriptor, as atomic_write's ``os.fdopen`` does) sit on a disk with ``free`` bytes left, all files together
    (None: writes are buffered and only closing a file fails). No root, no mount: the OSError(ENOSPC) a full disk
    gives."""
    import builtins
    import io

    real_open = io.open

    def start(free=None):
        disk = {"free": free}

        def fake_open(file, mode="r", *args, **kwargs):
            stream = real_open(file, mode, *args, **kwargs)
            writing = any(flag in mode for flag in "wax+")
            ours = isinstance(file, int) or str(os.fspath(file)).startswith(str(tmp_path))
            return _FullDiskFile(stream, disk) if writing and ours else stream

        monkeypatch.setattr(io, "open", fake_open)       # os.fdopen calls io.open
        monkeypatch.setattr(builtins, "open", fake_open)

    return start
