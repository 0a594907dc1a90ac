"""gunicorn settings for every service API: JSON-friendly logs, multiprocess metrics, no preload.

The app is built in each worker after the fork (no `preload_app`), so no database or broker
connection ever crosses a fork.
"""
import os

preload_app = False
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = None
errorlog = "-"
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def child_exit(server, worker):
    """Tell prometheus_client a worker is gone so its live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)
