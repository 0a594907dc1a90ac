"""The raw baseline for API benchmarks: a bare Flask endpoint inserting one row into PostgreSQL.

No auth, no validation, no outbox: the floor that a service endpoint is compared with.
"""
from __future__ import annotations

import os
import uuid

from flask import Flask, request
from sqlalchemy import Column, MetaData, String, Table, Text, Uuid, create_engine, insert

metadata = MetaData()
raw_rows = Table("bench_raw", metadata, Column("id", Uuid, primary_key=True),
                 Column("customer", String(200)), Column("body", Text))


def create_app() -> Flask:
    """The bare app (`BENCH_DATABASE_URL` names the database)."""
    app = Flask(__name__)
    engine = create_engine(os.environ["BENCH_DATABASE_URL"], pool_size=5)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post("/raw")
    def insert_row():
        body = request.get_json()
        with engine.begin() as conn:
            conn.execute(insert(raw_rows).values(id=uuid.uuid4(), customer=str(body.get("customer")),
                                                 body=str(body)))
        return {"ok": True}, 201

    return app


def prepare(url: str) -> None:
    """Create the baseline table."""
    engine = create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()
