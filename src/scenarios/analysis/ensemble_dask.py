"""An ensemble's parts on Dask (dask.distributed): a local cluster of processes, or an existing
cluster by its scheduler's address. Each part is one task (its memory bounded by the part's
rows); a worker builds the engine and draws the tables once per ensemble and keeps them for
its later tasks; finished parts come back to the caller as they complete, so that it writes
each at once and a stopped run resumes. The numbers are those of a single process: a part's
settings and the draws depend on the seed and the part, not on where it runs.

dask is imported here only, when an ensemble is asked to run on it (the ``ensemble`` extra).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from scenarios.analysis.ensemble import Context, EnsembleSpec, Part, answer_part, context
from scenarios.core.errors import QueryError
from scenarios.model.schema import Model

CONNECT_SECONDS = 10  # how long to try a scheduler before saying it cannot be reached
_KEPT: dict[tuple[int, str], Context] = {}  # per worker: one ensemble's context


def answer_parts(
    model: Model,
    spec: EnsembleSpec,
    todo: list[Part],
    scheduler: str | None,
    workers: int,
    done: Callable[[Part, dict[str, np.ndarray]], None],
) -> None:
    """Answer ``todo`` on Dask, calling ``done(part, columns)`` as each finishes."""
    with _client(scheduler, workers) as client:
        from distributed import as_completed  # lazy, as the module says

        model_ref = client.scatter(model, broadcast=True)
        futures = {client.submit(_task, model_ref, spec, part, pure=False): part for part in todo}
        for future in as_completed(futures):
            done(futures[future], future.result())


def _task(model: Model, spec: EnsembleSpec, part: Part) -> dict[str, np.ndarray]:
    key = (id(model), repr(spec))
    if key not in _KEPT:
        _KEPT.clear()  # one ensemble at a time per worker
        _KEPT[key] = context(model, spec)
    return answer_part(_KEPT[key], spec, part)


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise QueryError(
            "ensembles on Dask need dask.distributed: pip install 'scenarios[ensemble]'"
        ) from None
    if scheduler is None:
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise QueryError(
            f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}: {exc}); "
            "check the address, or leave out --scheduler to run on a local cluster"
        ) from None
    try:
        yield client
    finally:
        client.close()
