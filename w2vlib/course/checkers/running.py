"""Running a student's function for a checker: under a time limit, watching for the reference's code, recording
NumPy's floating-point errors, and locating an exception in the student's own code.

The function runs in a worker thread, so that a checker given a function that never returns can say so after
:data:`TIME_LIMIT_S` seconds instead of waiting forever; the worker is then stopped (an exception is raised in it at
its next Python instruction). While it runs, a profile function (``sys.setprofile``, which sees every Python function
that starts) watches for the *code* of the functions the exercise must not use: a call through a module attribute,
an alias, a default argument, ``functools.partial`` or a list is the same code running, so every route is seen.
"""
from __future__ import annotations

import ctypes
import os
import sys
import sysconfig
import threading
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

TIME_LIMIT_S = 5.0     # how long a student's function may run on one case
STOP_WAIT_S = 1.0      # how long a stopped function is given to end
STAND_IN_CODES: set = set()   # code of the stand-ins the checkers put in place of failing functions (engine.py)

_PACKAGE_DIR = os.path.dirname(os.path.abspath(sys.modules[__name__.split(".")[0]].__file__))   # w2vlib/
_LIBRARY_DIRS = tuple(os.path.abspath(path) + os.sep for path in {
    sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")} | {_PACKAGE_DIR})


class _TimeIsUp(BaseException):
    """Raised inside the worker thread when the student's function ran out of time (not an Exception, so that a
    student's ``except Exception`` does not swallow it)."""


@dataclass
class Run:
    """What happened when the student's function ran once."""

    value: object = None
    error: BaseException | None = None      # what it raised (None if it returned)
    reference_called: tuple = ()            # (w2vlib function it called, reference that ran, stand-in name or "")
    timed_out: bool = False
    time_limit: float = 0.0                 # the limit it ran under, in seconds
    still_running: bool = False             # timed out and could not be stopped (e.g. inside time.sleep)
    float_errors: set = field(default_factory=set)   # NumPy's "overflow", "invalid value", "divide by zero"


def _module_of(frame) -> str:
    return str(frame.f_globals.get("__name__", ""))


def _describe_reference_call(frame, watched: dict) -> tuple:
    """(the outermost w2vlib function between the student's code and the reference, the reference's name, and the
    student's name for it when that function is a stand-in the checker put in place of a failing function)."""
    outer = frame
    while outer.f_back is not None and _module_of(outer.f_back).startswith("w2vlib") \
            and outer.f_back.f_code is not _WORKER_CODE:
        outer = outer.f_back
    stand_in_for = outer.f_code.co_name if outer.f_code in STAND_IN_CODES else ""
    return outer.f_code.co_name, watched[frame.f_code], stand_in_for


def run_student(fn, args: tuple, watched: dict | None = None, time_limit: float | None = None) -> Run:
    """Call ``fn(*args)`` in a worker thread and return a :class:`Run`.

    watched: {code object: name} of the functions whose code must not run while ``fn`` runs; the first one that
    starts is recorded in ``Run.reference_called`` (the function still runs to the end).
    time_limit: seconds (default :data:`TIME_LIMIT_S`); after that the worker is stopped and ``timed_out`` is set.
    """
    watched = watched or {}
    limit = TIME_LIMIT_S if time_limit is None else time_limit
    run = Run(time_limit=limit)

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in watched and not run.reference_called:
            run.reference_called = _describe_reference_call(frame, watched)

    def record(kind, flag):
        run.float_errors.add(kind)

    worker = threading.Thread(target=_work, args=(fn, args, run, profile, record), daemon=True,
                              name="w2vlib checker: the student's function")
    worker.start()
    try:
        worker.join(limit)
    except BaseException:          # KeyboardInterrupt (the kernel's stop button): stop the worker too
        _stop(worker)
        raise
    if worker.is_alive():
        run.timed_out = True
        _stop(worker)
        run.still_running = worker.is_alive()
    return run


def _work(fn, args, run, profile, record):
    sys.setprofile(profile)
    try:
        with np.errstate(all="call", under="ignore", call=record), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # NumPy's are recorded; the checker reports nan/inf
            run.value = fn(*args)
    except _TimeIsUp:
        pass
    except BaseException as error:   # the student's bug (even SystemExit), reported as a sentence by the checker
        run.error = error
    finally:
        sys.setprofile(None)


_WORKER_CODE = _work.__code__


def _stop(worker: threading.Thread) -> None:
    """Raise :class:`_TimeIsUp` in ``worker`` at its next Python instruction and give it a moment to end."""
    if worker.ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_TimeIsUp))
    worker.join(STOP_WAIT_S)


# ----------------------------------------------------------------------------------------------------------------
# Where an exception happened, in the student's words
# ----------------------------------------------------------------------------------------------------------------

def _is_students(filename: str) -> bool:
    """A frame of the student's code: not in w2vlib, NumPy, the standard library or installed packages."""
    if filename.startswith("<") and not filename.startswith("<ipython-input"):
        return False   # "<frozen ...>", "<string>"
    return not os.path.abspath(filename).startswith(_LIBRARY_DIRS)


def _place(filename: str) -> str:
    """``cell In[12]`` for a notebook cell (IPython knows its number), else the file's path."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
        number = shell.compile._filename_map.get(filename) if shell is not None else None
    except Exception:   # no IPython, or one without the map: the file name will do
        number = None
    if number is not None:
        return f"cell In[{number}]"
    relative = os.path.relpath(filename) if os.path.isabs(filename) else filename
    return relative if not relative.startswith("..") else filename


def where_it_failed(error: BaseException) -> str:
    """``cell In[12], line 4, in my_loss: <the line>`` for the last line of the student's code in the traceback of
    ``error``, or "" when none of its lines is the student's."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _is_students(f.filename)]
    if not frames:
        return ""
    last = frames[-1]
    line = (last.line or "").strip()
    return f"{_place(last.filename)}, line {last.lineno}, in {last.name}" + (f": {line}" if line else "")
