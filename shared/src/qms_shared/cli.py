"""The command line every service has: serve, worker, migrate, dead letters, outbox, tokens.

Imports happen inside the commands: PROMETHEUS_MULTIPROC_DIR must be set before prometheus_client
is first imported, and `serve` must open no connection before gunicorn forks.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from pathlib import Path


def _load(path: str):
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


def _metrics_dir(service: str) -> None:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        base = Path(os.environ.get("QMS_DATA_DIR", "var")).resolve()
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(base / "metrics" / service)
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)


def service_main(service: str, package: str, port: int, argv=None) -> int:
    """Parse and run a service command; `package` has bootstrap.py and entrypoints/app.py."""
    parser = argparse.ArgumentParser(prog=f"qms-{service}", description=f"The QMS {service} service")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="apply migrations, then run the API under gunicorn")
    serve.add_argument("--bind", default=os.environ.get("BIND", f"0.0.0.0:{port}"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    sub.add_parser("worker", help="apply migrations, then relay the outbox, consume events, run jobs")
    sub.add_parser("migrate", help="apply the database migrations")
    dead = sub.add_parser("dead-letters", help="list or replay events that failed every retry")
    dead.add_argument("action", choices=["list", "replay"])
    dead.add_argument("--id", action="append", help="event id to replay (repeatable); default all")
    sub.add_parser("outbox", help="how many events wait to be published")
    sub.add_parser("migrate-queues", help="turn the service's classic queues into quorum queues, keeping "
                                          "every message (stop the worker first)")
    args = parser.parse_args(argv)
    _metrics_dir(service)
    return {"serve": _serve, "worker": _worker, "migrate": _migrate, "dead-letters": _dead,
            "outbox": _outbox, "migrate-queues": _migrate_queues}[args.command](service, package, args)


def _context(package: str):
    return _load(f"{package}.bootstrap:bootstrap")()


def _migrate(service, package, args) -> int:
    from .migrations import upgrade
    ctx = _context(package)
    upgrade(ctx.db, package)
    ctx.db.dispose()
    return 0


def _warn_of_a_provisional_calendar(package: str) -> None:
    """Say once at start when working days are counted in a year whose official schedule is not loaded."""
    from .logs import configure_logging
    from .web.health import calendar_status
    config = _context(package).config
    status = calendar_status(config)
    if status:
        configure_logging(config.service, config.log_level)
        logging.getLogger("qms_shared.workdays").warning(status["detail"], extra=status)


def refuse_insecure_start(package: str) -> int:
    """Non-zero (and why, on stderr) when a secret is unset, short or shipped, outside development.

    `serve` and `worker` call it first; a service command doing work of its own before them calls it too."""
    from .shipped_secrets import insecure_secrets, refusal_message
    config = _context(package).config
    problems = insecure_secrets(config)
    if problems:
        print(refusal_message(config, problems), file=sys.stderr)
        return 2
    return 0


def _serve(service, package, args) -> int:
    if refuse_insecure_start(package):
        return 2
    _migrate(service, package, args)
    _warn_of_a_provisional_calendar(package)
    gunicorn = [sys.executable, "-m", "gunicorn", "--config", "python:qms_shared.gunicorn_conf",
                "--bind", args.bind, "--workers", str(args.workers), "--threads", str(args.threads),
                f"{package}.entrypoints.app:create_app()"]
    os.execv(sys.executable, gunicorn)
    return 0  # not reached


def _worker(service, package, args) -> int:
    from .worker import Worker
    if refuse_insecure_start(package):
        return 2
    _migrate(service, package, args)
    _warn_of_a_provisional_calendar(package)
    Worker(_context(package)).run_forever()
    return 0


def _dead(service, package, args) -> int:
    from . import deadletters
    config = _context(package).config
    if args.action == "list":
        for row in deadletters.list_dead_letters(config):
            print(json.dumps(row, ensure_ascii=False, default=str))
        return 0
    count = deadletters.replay(config, set(args.id) if args.id else None)
    print(f"replayed {count} dead letter(s) to {config.queue}")
    return 0


def _migrate_queues(service, package, args) -> int:
    from .queue_migration import migrate_queues
    ctx = _context(package)
    for queue, outcome in migrate_queues(ctx.config, ctx.event_handlers.keys()).items():
        print(f"{queue}: {outcome}")
    return 0


def _outbox(service, package, args) -> int:
    from sqlalchemy import func, select
    ctx = _context(package)
    outbox = ctx.tables.outbox
    with ctx.db.engine.connect() as conn:
        pending = conn.execute(select(func.count()).where(outbox.c.published_at.is_(None))).scalar_one()
        unroutable = conn.execute(select(func.count()).where(outbox.c.unroutable.is_(True))).scalar_one()
    print(json.dumps({"service": service, "pending": pending, "unroutable": unroutable}))
    return 0


def token_main(argv=None) -> int:
    """`qms-token`: mint a bearer token signed with JWT_SECRET."""
    from .auth_tokens import mint_from_args
    return mint_from_args(argv)
