"""Hogwild: several threads take minibatches from one shared stream and update shared matrices without locks.

This is how word2vec's C code and gensim use all cores: every worker thread takes the next minibatch, computes
its update from the vectors as they are and adds it into the shared matrices, while the other workers do the
same. Two workers may add into the same row at once, and one may read a row half-updated by another; with
sparse updates (a minibatch touches a few thousand of the rows) this costs nothing measurable in quality
(Recht et al. 2011, "Hogwild!"), but the order in which updates land depends on timing: runs with more than one
worker are **not bit-identical**, even with the same seed. NumPy releases the GIL inside its array loops, so the
threads run in parallel where the work is.

Only the stream is locked: taking a minibatch (and drawing the random numbers that make it) happens in one
thread at a time, in the same order as with one worker, so the minibatches and their step sizes do not depend
on the number of workers. With one worker the updates land in exactly that order, hence bit-identical results.

The first exception in any worker (a divergence, an error, a KeyboardInterrupt raised in a hook) stops every
worker after its current minibatch and is raised again in the calling thread; Ctrl-C in the calling thread
does the same.
"""
from __future__ import annotations

import threading
from typing import Callable, Iterable, Iterator


class SharedStream:
    """The items of ``items`` handed out one at a time to any number of threads, until it ends or is stopped.

    error: the first exception passed to :meth:`stop`, or None.
    """

    def __init__(self, items: Iterable):
        self._items: Iterator = iter(items)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.error: BaseException | None = None

    def take(self):
        """The next item, or None when the stream has ended or was stopped."""
        with self._lock:
            if self._stopped.is_set():
                return None
            item = next(self._items, None)
            if item is None:
                self._stopped.set()
            return item

    def stop(self, error: BaseException | None = None) -> None:
        """Make :meth:`take` return None from now on; remember ``error`` if it is the first one."""
        if error is not None and self.error is None:
            self.error = error
        self._stopped.set()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()


def run_workers(stream: SharedStream, work: Callable[[SharedStream], None], workers: int,
                on_wait: Callable[[], None] | None = None, wait_seconds: float = 0.2) -> None:
    """Run ``work(stream)`` in ``workers`` threads until the stream ends; re-raise the first error of any of them.

    work:    takes items with ``stream.take()`` until it returns None, and processes them.
    on_wait: called in this thread every ``wait_seconds`` while the workers run, and once at the end (e.g. to
             update a progress bar, which then stays in the calling thread).
    """
    def guarded():
        try:
            work(stream)
        except BaseException as error:  # noqa: B036 - handed to the calling thread, which raises it
            stream.stop(error)

    threads = [threading.Thread(target=guarded, name=f"w2vlib-worker-{i}", daemon=True) for i in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(wait_seconds)
                if on_wait is not None:
                    on_wait()
    except BaseException as error:  # Ctrl-C (or an error in on_wait): stop the workers, wait for them, re-raise
        stream.stop(error)
        for thread in threads:
            thread.join()
        raise
    if on_wait is not None:
        on_wait()
    if stream.error is not None:
        raise stream.error
