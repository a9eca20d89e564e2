"""Where the chunks of a sweep run: this process, a spawn-safe process pool, or Dask.

Each backend takes an iterator of tasks ``(chunk, columns, first point)`` and calls
``on_done(chunk, frame)`` in this process as chunks finish (in any order; the store puts
them back in point order).
"""

from __future__ import annotations

import atexit
import itertools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from .._validation import ParameterError
from ..models import Model
from .evaluate import evaluate_chunk

__all__ = ["progress_kind", "in_notebook", "shutdown_pools", "DASK_CONNECT_TIMEOUT", "DASK_RESUBMITS", "AUTO_POOL_SECONDS"]

#: with backend="auto", a generic-solver sweep moves to a process pool when the rest of it
#: would take longer than this many seconds serially (measured on the first chunk)
AUTO_POOL_SECONDS = 3.0




def in_notebook() -> bool:
    """True in a Jupyter kernel (JupyterLab, Notebook, Voila) where ipywidgets can draw a bar."""
    ipython = sys.modules.get("IPython")
    if ipython is None or "ipykernel" not in sys.modules:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # pragma: no cover - a broken IPython is not a notebook
        return False
    if shell is None or "IPKernelApp" not in getattr(shell, "config", {}):
        return False
    import importlib.util

    return importlib.util.find_spec("ipywidgets") is not None


def progress_kind(progress: bool | None) -> str | None:
    """Which progress bar a sweep shows: ``"notebook"``, ``"terminal"`` or None.

    ``progress=None`` (the default): tqdm's notebook bar in a Jupyter kernel with
    ipywidgets, the terminal bar when stderr is a terminal, none otherwise (a log, a pipe,
    a batch job). ``True``: the notebook bar in a kernel, else the terminal bar. ``False``: none.
    """
    if progress is not None and not progress:
        return None
    if in_notebook():
        return "notebook"
    if progress is None and not sys.stderr.isatty():
        return None
    return "terminal"


def _progress_bar(progress: Any, total: int, initial: int) -> Any:
    kind = progress_kind(progress)
    if kind is None:
        return None
    try:
        if kind == "notebook":  # shown after 0.5 s: a sweep that takes less draws no widget
            from tqdm.notebook import tqdm as notebook_tqdm

            return notebook_tqdm(total=total, initial=initial, unit="pt", desc="sweep", delay=0.5)
        from tqdm.std import tqdm
    except ImportError:  # pragma: no cover - optional
        return None
    try:  # a pseudo-terminal may report a 0 x 0 size: tqdm would then draw nothing
        size = os.get_terminal_size(sys.stderr.fileno())
        cols, rows = size.columns or 80, size.lines or 24
    except (OSError, ValueError):
        cols, rows = 80, 24
    return tqdm(total=total, initial=initial, unit="pt", desc="sweep", file=sys.stderr, disable=False,
                ncols=cols, nrows=rows)


def _run_serial(tasks: Iterator[tuple[int, dict, int]], job: Callable, on_done: Callable) -> None:
    for c, cols, start in tasks:
        on_done(c, job(cols, start))


def _run_process(tasks: Iterator[tuple[int, dict, int]], job_args: tuple, on_done: Callable, workers: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ex = _POOLS.get(workers)
    if ex is None or getattr(ex, "_broken", False):
        ctx = multiprocessing.get_context("spawn")  # safe with threads, same on every OS
        ex = _POOLS[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    pending: dict[Any, int] = {}
    try:
        for c, cols, start in tasks:
            while len(pending) >= 2 * workers:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    on_done(pending.pop(fut), fut.result())
            m, fixed, select, vectorized = job_args
            pending[ex.submit(evaluate_chunk, m, fixed, cols, start, select, vectorized)] = c
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                on_done(pending.pop(fut), fut.result())
    except BaseException:
        _POOLS.pop(workers, None)
        ex.shutdown(wait=False, cancel_futures=True)
        raise


#: process pools kept between sweeps (spawning workers costs seconds of imports); they
#: are shut down at exit, or by :func:`shutdown_pools`
_POOLS: dict[int, Any] = {}


def shutdown_pools() -> None:
    """Stop the worker processes that the ``"process"`` backend keeps between sweeps."""
    while _POOLS:
        _, ex = _POOLS.popitem()
        ex.shutdown(wait=True, cancel_futures=True)


# shut kept pools down before the interpreter tears modules down (otherwise the executor's
# weakref callback runs after `multiprocessing.util` is gone and prints an ignored error)
atexit.register(shutdown_pools)


def _evaluate_chunk_pickled(*args: Any) -> bytes:
    """:func:`evaluate_chunk`, pickled in the worker's compute thread (Dask backend).

    A Dask worker measures (``sizeof``) and serializes a task's result in its event-loop
    thread, which shares the GIL with the computing thread: for a DataFrame with text
    columns that is slow (``sizeof`` walks the strings) and stalls the computation. Bytes
    cost nothing to measure or send; the client unpickles them.
    """
    import pickle

    return pickle.dumps(evaluate_chunk(*args), protocol=pickle.HIGHEST_PROTOCOL)


#: how many times a chunk whose finished result was lost with its worker is resubmitted
DASK_RESUBMITS = 3


def _run_dask(tasks: Iterator[tuple[int, dict, int]], job_args: tuple, on_done: Callable,
              client: Any, scheduler: str | None) -> None:
    """Run chunks on a ``dask.distributed`` cluster, at most ``2 n_workers + 2`` in flight.

    A worker lost while it computes a chunk is Dask's business (the scheduler reruns the
    task elsewhere, up to ``distributed.scheduler.allowed-failures`` times, then raises
    ``KilledWorker``). A worker lost after a chunk finished but before its result was
    fetched cancels the future ("already forgotten"): the chunk is submitted again (at most
    :data:`DASK_RESUBMITS` times), so no finished work is silently dropped.
    """
    import pickle
    from concurrent.futures import CancelledError

    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - optional
        raise ImportError("backend='dask' needs dask.distributed: pip install 'deterrence_games[dask]'") from exc
    own = client is None
    if own:
        client = Client(scheduler)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        m, fixed, select, vectorized = job_args
        ac = as_completed()  # the model travels with each task (registered models pickle to ~70 bytes):
        # a scattered copy would be lost with the workers holding it
        running: dict[str, tuple[int, dict, int]] = {}
        resubmits: dict[int, int] = {}

        def submit(c: int, cols: dict, start: int) -> None:
            fut = client.submit(_evaluate_chunk_pickled, m, fixed, cols, start, select, vectorized, pure=False)
            running[fut.key] = (c, cols, start)
            ac.add(fut)

        it = iter(tasks)
        for c, cols, start in itertools.islice(it, 2 * n_workers + 2):
            submit(c, cols, start)
        for fut in ac:
            task = running.pop(fut.key)
            try:
                frame = pickle.loads(fut.result())
            except CancelledError:  # finished, then lost with its worker before we fetched it
                resubmits[task[0]] = resubmits.get(task[0], 0) + 1
                if resubmits[task[0]] > DASK_RESUBMITS:
                    raise
                submit(*task)
                continue
            on_done(task[0], frame)
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                submit(*nxt)
    finally:
        if own:
            client.close()


def _importable(m: Model) -> bool:
    """Can a spawned worker rebuild ``m``? (a model defined in ``__main__``, e.g. a notebook,
    or inside a function pickles by value: see ``Model.__reduce_ex__``)."""
    import pickle

    try:
        pickle.dumps(m)
    except Exception:
        return False
    return True


#: seconds to wait for a Dask scheduler given by address before giving up
DASK_CONNECT_TIMEOUT = 10.0


def _connect(scheduler: str | None) -> Any:
    """A ``dask.distributed.Client`` for ``scheduler``; an unreachable one is a one-line error."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - optional
        raise ImportError("backend='dask' needs dask.distributed: pip install 'deterrence_games[dask]'") from exc
    import logging

    quiet = [logging.getLogger(n) for n in ("distributed.client", "distributed.core", "distributed.comm")]
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.CRITICAL)
    try:
        return Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParameterError("scheduler", scheduler, "the address of a reachable Dask scheduler (tcp://host:8786)",
                             reason) from None
    finally:
        for lg, level in zip(quiet, levels, strict=True):
            lg.setLevel(level)
