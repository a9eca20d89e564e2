"""The Dask configuration for sweeps (deterrence_games.sweeps.cluster)."""

from __future__ import annotations

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.sweeps import DASK_SWEEP_CONFIG, dask_sweep_environ, local_cluster


def test_environ_round_trips_through_dask_config():
    dask = pytest.importorskip("dask")
    env = dask_sweep_environ()
    assert set(env) == {"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL",
                        "DASK_DISTRIBUTED__WORKER__MEMORY__MONITOR_INTERVAL",
                        "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL"}
    with dask.config.set(dask.config.collect_env(env)):
        for key, value in DASK_SWEEP_CONFIG.items():
            assert dask.config.get(key) == value


def test_local_cluster_bad_input():
    pytest.importorskip("distributed")
    with pytest.raises(ParameterError, match="`n_workers`"):
        local_cluster(0)


def _worker_state(dask_worker=None):
    import dask

    return (dask.config.get("distributed.worker.profile.enabled"), "profile" in dask_worker.periodic_callbacks,
            dask.config.get("distributed.admin.tick.interval"))


@pytest.mark.slow
def test_local_cluster_workers_run_with_the_sweep_config():
    distributed = pytest.importorskip("distributed")
    with local_cluster(2) as cluster, distributed.Client(cluster) as client:
        states = client.run(_worker_state)
        assert len(states) == 2
        assert all(s == (False, False, "1s") for s in states.values())  # no 10 ms profiler wake-ups
        grid = {"non_detection": np.linspace(0, 0.6, 13), "false_alarm": [0.0, 0.2]}
        a = dg.sweep("inspection", grid, vectorized=False, backend="serial")
        b = dg.sweep("inspection", grid, vectorized=False, client=client, chunk_size=4)
        assert a.to_csv(index=False) == b.to_csv(index=False)
