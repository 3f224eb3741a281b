"""Hogwild in threads: worker threads take minibatches from one shared stream, made by a producer thread.

The fast trainer uses this with one worker thread (``workers=1``) for runs too short to be worth starting a
producer process (:mod:`w2vlib.training.producer_process`): the producer thread runs the generator of minibatches
(drawing the random numbers that make them) a few minibatches ahead of the worker, as gensim's job-producer
thread feeds its workers. The minibatches come out in the generator's order and one worker trains on them in
that order, hence bit-identical results for a seed. The two threads take turns at Python's global lock, which on
wiki costs the worker about as much time as the producer saves it; that is why long runs use a process.
:func:`run_workers` takes any number of worker threads, which then update shared matrices without locks in
whatever order timing gives; for several training workers the trainer uses processes instead
(:mod:`w2vlib.training.worker_processes`), because threads queue for Python's global lock between the ~30 NumPy calls of
a minibatch step (two threads trained only about 1.3 times as fast as one).

The first exception in any worker or in the producer (a divergence, an error, a KeyboardInterrupt raised in a
hook) stops every thread after its current minibatch and is raised again in the calling thread; Ctrl-C in the
calling thread does the same.
"""
from __future__ import annotations

import queue
import threading
from typing import Callable, Iterable

PREFETCH = 8          # minibatches the producer may be ahead of the workers
_POLL_SECONDS = 0.05  # how often a waiting thread checks whether the stream was stopped
_END = object()       # put after the last item


class SharedStream:
    """The items of ``items``, made in a producer thread (up to ``prefetch`` ahead) and handed out one at a time
    to any number of threads, until the items end or the stream is stopped.

    error: the first exception passed to :meth:`stop` (or raised by ``items`` itself), or None.
    """

    def __init__(self, items: Iterable, prefetch: int = PREFETCH):
        self._items = items
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, prefetch))
        self._stopped = threading.Event()
        self.error: BaseException | None = None
        self._producer = threading.Thread(target=self._produce, name="w2vlib-producer", daemon=True)
        self._producer.start()

    def _put(self, item) -> bool:
        """Put ``item`` on the queue, waiting for room; False if the stream was stopped meanwhile."""
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            for item in self._items:
                if not self._put(item):
                    return
        except BaseException as error:  # noqa: B036 - handed to the calling thread by run_workers
            self.stop(error)
        finally:
            self._put(_END)

    def take(self):
        """The next item, or None when the stream has ended or was stopped."""
        while not self._stopped.is_set():
            try:
                item = self._queue.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                continue
            if item is _END:
                self._queue.put(_END)   # for the other workers (the queue has room: this thread just took one)
                return None
            return item
        return None

    def stop(self, error: BaseException | None = None) -> None:
        """Make :meth:`take` return None from now on; remember ``error`` if it is the first one."""
        if error is not None and self.error is None:
            self.error = error
        self._stopped.set()

    def close(self) -> None:
        """Stop the stream and wait for the producer thread to end."""
        self.stop()
        self._producer.join()


def run_workers(stream: SharedStream, work: Callable[[SharedStream], None], workers: int,
                on_wait: Callable[[], None] | None = None, wait_seconds: float = 0.2) -> None:
    """Run ``work(stream)`` in ``workers`` threads until the stream ends; re-raise the first error of any of them
    (or of the stream's producer). The stream is closed (its producer thread ended) before this returns.

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
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(wait_seconds)
                if on_wait is not None:
                    on_wait()
    except BaseException as error:  # Ctrl-C (or an error in on_wait): stop the workers, wait for them, re-raise
        stream.stop(error)
        for thread in threads:
            if thread.ident is not None:
                thread.join()
        stream.close()
        raise
    stream.close()
    if on_wait is not None:
        on_wait()
    if stream.error is not None:
        raise stream.error
