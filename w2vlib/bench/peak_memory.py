"""A process's peak resident memory, as the benchmark and the training processes report it.

``resource.getrusage(...).ru_maxrss`` is the obvious source but the wrong one for a process that was started by
fork and exec (``subprocess``, ``multiprocessing``'s spawn): Linux carries the peak of the forked copy of the
parent, taken just before the exec, into the child's ``ru_maxrss``, so a child started from a 300 MiB process
reports at least 300 MiB however little it uses. ``VmHWM`` in ``/proc/self/status`` is the peak of the process's
own memory since its exec; it is read where it exists (Linux), ``ru_maxrss`` elsewhere.
"""
from __future__ import annotations

import sys


def peak_rss_mib() -> float:
    """This process's peak resident set size so far, in MiB: ``VmHWM`` on Linux, else ``ru_maxrss``."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024       # kB
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux
