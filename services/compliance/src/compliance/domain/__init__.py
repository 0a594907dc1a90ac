"""The compliance domain: regulations, customer requirements, products, RoHS evaluation.

Pure Python (standard library plus `qms_shared.domain`): no Flask, SQLAlchemy, marshmallow or kombu.
"""
