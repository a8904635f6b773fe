"""A real Celery round trip: Redis broker and result backend, an embedded worker, the real task.

Skipped only when ``REDIS_URL`` is not set. ``.ci/run`` always starts a throwaway Redis and
exports ``REDIS_URL``, so in CI this test always runs (on SQLite and on PostgreSQL).
Locally: ``REDIS_URL=redis://127.0.0.1:6379/0 ./scripts/test -m redis``.
"""

import os

import pytest
from celery import signals
from celery.backends.redis import RedisBackend
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.db import connections

from netra import celery_app
from netra.regions.models import Region
from netra.regions.tasks import import_regions_task

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI always sets it)"),
]


def _drop_cached_clients(app) -> None:
    """Forget the result backend and producer pools built from an earlier configuration."""
    # Drop references only: kombu keeps pools in a process-wide registry keyed by broker URL,
    # so closing one here would hand a closed pool to the next user of the same URL.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_celery():
    """The project's Celery app pointed at ``REDIS_URL``, with eager execution off."""
    conf = celery_app.conf
    overrides = {
        "broker_url": REDIS_URL,
        "result_backend": REDIS_URL,
        "task_always_eager": False,
        "worker_hijack_root_logger": False,  # leave pytest's log capture alone
    }
    saved = {key: conf[key] for key in overrides}
    conf.update(overrides)
    _drop_cached_clients(celery_app)
    try:
        yield celery_app
    finally:
        conf.update(saved)
        _drop_cached_clients(celery_app)


def _close_worker_db_connections(**kwargs) -> None:
    # Runs in the worker thread: its connection must not outlive the test database.
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_import_regions_task_runs_on_a_real_worker(redis_celery):
    assert not Region.objects.exists()
    signals.task_postrun.connect(_close_worker_db_connections, weak=False)
    try:
        # The worker runs in a thread of this process and uses the same test database;
        # transaction=True makes the rows it writes visible here.
        with start_worker(redis_celery, perform_ping_check=False, shutdown_timeout=30):
            async_result = import_regions_task.delay(province="36")
            assert not isinstance(async_result, EagerResult)
            assert isinstance(async_result.backend, RedisBackend)
            result = async_result.get(timeout=120)
    finally:
        signals.task_postrun.disconnect(_close_worker_db_connections)

    assert async_result.successful()
    banten = Region.objects.filter(code__startswith="36")
    count = banten.count()
    assert count > 1000
    assert Region.objects.count() == count  # only the requested province
    assert Region.objects.filter(code="36.73", name__icontains="Serang").exists()
    assert set(result) == {"total", "created", "seconds"}
    assert result["total"] == count
    assert result["created"] == count  # the database started empty
    assert isinstance(result["seconds"], float | int)
    assert result["seconds"] >= 0
