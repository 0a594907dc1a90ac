"""A new object's children in plain lists (domain.start_with) still work with the ORM (qms_shared.db)."""
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.orm import Session, registry, relationship
from sqlalchemy.orm.collections import InstrumentedList

import qms_shared.db  # noqa: F401  (registers the listeners under test)
from qms_shared.domain import start_with

metadata = MetaData()
parents = Table("pc_parents", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
children = Table("pc_children", metadata, Column("id", Integer, primary_key=True),
                 Column("parent_id", Integer, ForeignKey("pc_parents.id"), nullable=False),
                 Column("name", String(20)))


class Parent:
    def __init__(self, id, name, kids):
        start_with(self, id=id, name=name, kids=list(kids))


class Child:
    def __init__(self, name):
        start_with(self, name=name)


mappers = registry(metadata=metadata)
mappers.map_imperatively(Child, children)
mappers.map_imperatively(Parent, parents, properties={
    "kids": relationship(Child, cascade="all, delete-orphan", order_by=children.c.id)})


def _engine():
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    return engine


def _stored_children(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(children.c.parent_id, children.c.name)
                                                   .order_by(children.c.id))]


def test_a_new_objects_plain_list_is_stored_whole_when_added_to_a_session():
    engine = _engine()
    parent = Parent(1, "p", [Child("a")])
    parent.kids.append(Child("b"))  # a plain list: no ORM event
    assert type(parent.kids) is list
    with Session(engine) as session:
        session.add(parent)
        assert isinstance(parent.kids, InstrumentedList)
        session.commit()
        parent.kids.append(Child("c"))  # now the ORM's collection: the change is tracked
        session.commit()
    assert _stored_children(engine) == [(1, "a"), (1, "b"), (1, "c")]


def test_a_new_objects_plain_list_can_be_replaced_by_assignment():
    engine = _engine()
    parent = Parent(1, "p", [Child("a"), Child("b")])
    parent.kids = [Child("c")]
    assert [kid.name for kid in parent.kids] == ["c"]
    with Session(engine) as session:
        session.add(parent)
        session.commit()
    assert _stored_children(engine) == [(1, "c")]


def test_a_stored_objects_collection_is_replaced_as_before():
    engine = _engine()
    with Session(engine) as session:
        session.add(Parent(1, "p", [Child("a"), Child("b")]))
        session.commit()
    with Session(engine) as session:
        parent = session.get(Parent, 1)
        parent.kids = [parent.kids[1], Child("c")]  # "a" is orphaned and deleted
        session.commit()
    assert _stored_children(engine) == [(1, "b"), (1, "c")]
