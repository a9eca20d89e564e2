"""The replications shared by the tests of one session (``_reproduced.py``) are removed at its end."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def pytest_sessionfinish(session, exitstatus):
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run and not hasattr(session.config, "workerinput"):  # the controller, after its workers
        shutil.rmtree(Path(tempfile.gettempdir()) / f"dg-replications-{run}", ignore_errors=True)
