"""The services' flask-smorest Blueprint: argument schemas are built once, not on every request; the
OpenAPI document says what the shared machinery does (openapi.py); `accepts` names the request body
media types of every endpoint of the blueprint (JSON when not given)."""
from __future__ import annotations

import flask_smorest

from .openapi import prepare_doc


class Blueprint(flask_smorest.Blueprint):
    """flask_smorest.Blueprint, except that `arguments` given a schema class builds it once.

    webargs builds a schema it is given as a class anew for every request (and marshmallow deep-copies
    every field while doing so): a quarter of a millisecond per write, for nothing. Schemas keep no
    state between loads, so one instance serves every request and thread. The OpenAPI document is the
    same either way: the component is named after the class.
    """

    def __init__(self, *args, accepts: tuple[str, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_types = tuple(accepts) if accepts else None
        self._prepare_doc_cbks.append(
            lambda doc, doc_info, **kw: prepare_doc(doc, doc_info, default_accepts=self.accepted_types, **kw))

    def arguments(self, schema, *args, **kwargs):
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, *args, **kwargs)
