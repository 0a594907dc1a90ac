"""The private RabbitMQ node helper: a node of our own, gone without a trace even when the test fails."""
from __future__ import annotations

import kombu
import pytest

from qms_shared import testing_rabbit
from qms_shared.broker import broker_reachable
from qms_shared.testing_rabbit import RabbitCluster

pytestmark = pytest.mark.skipif(testing_rabbit.available() is not None, reason=str(testing_rabbit.available()))


class Boom(Exception):
    pass


def test_a_private_node_serves_its_users_and_leaves_nothing_behind_when_the_test_fails():
    with pytest.raises(Boom):
        with RabbitCluster(1, services=("test", "intruder")) as rabbit:
            node, home = rabbit.nodes[0], rabbit.home
            assert node.port != 5672 and node.name in [f"{n}@localhost" for n in testing_rabbit.running_private_nodes()]
            assert broker_reachable(rabbit.url("test")) is None
            with kombu.Connection(rabbit.url("intruder")) as conn:
                conn.connect()
                assert conn.connected
            assert broker_reachable(rabbit.url("test").replace(":" + rabbit.users["test"][1], ":wrong")) is not None
            raise Boom()
    assert not home.exists()
    assert node.name.split("@")[0] not in testing_rabbit.running_private_nodes()
    assert not node.accepts_amqp()
