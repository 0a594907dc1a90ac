"""gunicorn settings for every service API: JSON-friendly logs, multiprocess metrics, no preload, and
problem+json for the requests gunicorn itself refuses.

The app is built in each worker after the fork (no `preload_app`), so no database or broker
connection ever crosses a fork.
"""
import os

preload_app = False
# gthread, answering what gunicorn refuses itself (414, 431, malformed requests) with problem+json
worker_class = "qms_shared.gunicorn_worker.ProblemThreadWorker"
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = None
errorlog = "-"
# gunicorn's own messages as JSON lines too, like the services' logs
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": []},  # the app adds its own JSON handler to the root
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
}
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def child_exit(server, worker):
    """Tell prometheus_client a worker is gone so its live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)
