"""One BLAS thread while numerics run, so results are the same bytes whatever the machine's thread settings.

A multi-threaded BLAS splits a matrix product differently for different thread counts, and the last bits of the
result follow the split. Every command (``surveysem.cli.main``) and every library entry point that runs batched
numerics (:func:`surveysem.pls.pls`, the bootstrap, the assessment, the regression and sessions studies, ...) runs
inside :func:`single_threaded_blas`; our own parallelism (the bootstrap's batch threads) is unaffected.
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import TypeVar

from threadpoolctl import ThreadpoolController

F = TypeVar("F", bound=Callable)

_THREADPOOLS: ThreadpoolController | None = None


@contextlib.contextmanager
def single_threaded_blas():
    """Run the enclosed numerics with one BLAS/OpenMP thread (``threadpoolctl``, limits = 1).

    Pinned to one thread, an estimate or bootstrap gives the same bytes whatever ``OMP_NUM_THREADS`` /
    ``OPENBLAS_NUM_THREADS`` say. The limit is process-wide while the block runs and is restored afterwards; blocks
    nest. The thread pools are found once per process (a scan of the loaded libraries takes ~25 ms; a limit then
    costs ~0.2 ms): numpy's and scipy's BLAS are loaded by then.
    """
    global _THREADPOOLS
    if _THREADPOOLS is None:
        _THREADPOOLS = ThreadpoolController()
    with _THREADPOOLS.limit(limits=1):
        yield


def blas_pinned(func: F) -> F:
    """Decorator: run ``func`` inside :func:`single_threaded_blas`."""

    @functools.wraps(func)
    def pinned(*args, **kwargs):
        with single_threaded_blas():
            return func(*args, **kwargs)

    return pinned  # type: ignore[return-value]
