"""The application factory every service's `create_app()` calls."""
from __future__ import annotations

import re
import time
import uuid

import orjson
from flask import Flask, Response, g, request, send_from_directory
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api
from sqlalchemy import func, select
from swagger_ui_bundle import swagger_ui_path

from .. import correlation, metrics
from ..bootstrap import ServiceContext
from ..logs import configure_logging
from . import openapi, problems, security_headers
from .body_limit import BodyLimit
from .health import provisional_years, register_health
from .request_checks import check_request_body
from .schemas import ProblemSchema

_CORRELATION_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,100}$")
DOCS_STATIC = "/api/v1/docs/static/"


class FastJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson's encoder: a contract's body took a twentieth of a submission's CPU
    through the standard library's. The same values come out: dates, decimals, UUIDs and dataclasses go
    through Flask's own `default`, as before; non-ASCII text is sent as UTF-8 rather than escaped (both
    are the same JSON). Asked for options of the standard library (indentation, sorted keys), it uses it."""

    _OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS

    def dumps(self, obj, **kwargs) -> str:
        if kwargs or self.sort_keys:
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=self.default, option=self._OPTIONS).decode()
        except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits, which orjson refuses
            return super().dumps(obj)

    def response(self, *args, **kwargs) -> Response:
        if self.sort_keys or self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)  # pretty-printed or sorted, as Flask does it
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(obj, default=self.default, option=self._OPTIONS)
        except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits, which orjson refuses
            body = super().dumps(obj)
        return self._app.response_class(body, mimetype=self.mimetype)


class ProblemApi(openapi.ProblemDocsMixin, Api):
    """flask-smorest's Api, answering every HTTP error as problem details (documented as such)."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        return problems.from_http_exception(error)


def create_service_app(ctx: ServiceContext, *, title: str, blueprints, description: str = "",
                       version: str = "1.0.0") -> Flask:
    """A Flask app for `ctx` with the API, docs, health, metrics, auth and error handling wired."""
    configure_logging(ctx.config.service, ctx.config.log_level)
    app = Flask(ctx.package)
    app.json = FastJSONProvider(app)
    app.json.sort_keys = False
    app.config.update(_api_settings(title, version, description))
    max_body = getattr(ctx.config, "max_body_bytes", 5 * 1024 * 1024)
    app.config["MAX_CONTENT_LENGTH"] = max_body
    app.config["QMS"] = ctx.config
    app.extensions["qms"] = ctx
    app.wsgi_app = BodyLimit(app.wsgi_app, max_body)
    api = ProblemApi(app, spec_kwargs={"info": {"description": description}})
    _security(api)
    for blp in blueprints:
        api.register_blueprint(blp)
    problems.register(app)
    _correlation_and_metrics(app, ctx.config.service)
    app.before_request(check_request_body)
    security_headers.register(app)
    register_health(app, ctx)
    _metrics_route(app, ctx)
    _docs_assets(app)
    return app


def _api_settings(title: str, version: str, description: str) -> dict:
    return {
        "API_TITLE": title,
        "API_VERSION": version,
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": DOCS_STATIC,
        "OPENAPI_SWAGGER_UI_CONFIG": {"persistAuthorization": True, "validatorUrl": None},  # no external origin
        "PROPAGATE_EXCEPTIONS": False,
    }


def _security(api: Api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    api.spec.options["security"] = [{"bearerAuth": []}]


def _correlation_and_metrics(app: Flask, service: str) -> None:
    @app.before_request
    def _start():
        g.started = time.perf_counter()
        given = request.headers.get("X-Correlation-ID", "")
        correlation.set_correlation(given if _CORRELATION_ID.match(given) else str(uuid.uuid4()))

    @app.after_request
    def _finish(response: Response):
        response.headers["X-Correlation-ID"] = correlation.correlation_id()
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"  # the rule, never the raw path
        if endpoint != "/metrics":
            elapsed = time.perf_counter() - g.get("started", time.perf_counter())
            method = metrics.method_label(request.method)
            metrics.HTTP_REQUESTS.labels(service, method, endpoint, response.status_code).inc()
            metrics.HTTP_LATENCY.labels(service, method, endpoint).observe(elapsed)
        return response


def _metrics_route(app: Flask, ctx: ServiceContext) -> None:
    outbox = ctx.tables.outbox

    def count_pending() -> int:
        with ctx.db.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(outbox).where(
                outbox.c.published_at.is_(None))).scalar_one()

    @app.get("/metrics")
    def prometheus_metrics():
        """Prometheus text format: requests, latency, events, outbox backlog."""
        return Response(metrics.render(ctx.config.service, count_pending, lambda: provisional_years(ctx.config)),
                        mimetype="text/plain; version=0.0.4")


def _docs_assets(app: Flask) -> None:
    @app.get(DOCS_STATIC + "<path:filename>")
    def swagger_ui_asset(filename: str):
        """Swagger UI's files, served from the installed package (no CDN)."""
        return send_from_directory(swagger_ui_path, filename)
