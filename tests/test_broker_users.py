"""The broker users of deploy/rabbitmq/users.sh: each service reads its own queues and publishes only its
own events; RabbitMQ enforces it. Run in a virtual host of its own, deleted afterwards."""
from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import kombu
import pytest
from amqp import Message

from qms_shared import testing

ROOT = Path(__file__).resolve().parent.parent
HOST = testing.BROKER_URL.split("@", 1)[1].split("/", 1)[0]


@pytest.fixture(scope="module")
def vhost():
    name = f"qmstest-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    users = {"complaints": f"{name}-complaints", "system": f"{name}-erp"}
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", name], check=True, capture_output=True)
    script = (f". deploy/rabbitmq/users.sh && qms_service_user {users['complaints']} pw complaints"
              f" && qms_system_user {users['system']} pw erp erp")
    try:
        subprocess.run(["bash", "-c", script], cwd=ROOT, env={**os.environ, "QMS_VHOST": name}, check=True,
                       capture_output=True)
        yield name, users
    finally:
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", name], capture_output=True)
        for user in users.values():
            subprocess.run(["rabbitmqctl", "-q", "delete_user", user], capture_output=True)


def _channel(vhost, user):
    conn = kombu.Connection(f"amqp://{user}:pw@{HOST}/{vhost}")
    conn.connect()
    return conn, conn.connection.channel()


def test_a_service_user_publishes_its_own_events_only(vhost):
    name, users = vhost
    conn, channel = _channel(name, users["complaints"])
    with conn:
        channel.exchange_declare("qms.events", "topic", durable=True, auto_delete=False)
        channel.queue_declare("complaints.events", durable=True, auto_delete=False)
        channel.queue_declare("complaints.events.dead", durable=True, auto_delete=False)
        channel.basic_publish_confirm(Message("{}", user_id=users["complaints"]), exchange="qms.events",
                                      routing_key="complaints.complaint.received", confirm_timeout=10)
        with pytest.raises(Exception, match="ACCESS_REFUSED|access to topic"):
            channel.basic_publish_confirm(Message("{}"), exchange="qms.events",
                                          routing_key="compliance.product.evaluated", confirm_timeout=10)


def test_a_service_user_cannot_touch_another_services_queues(vhost):
    name, users = vhost
    conn, channel = _channel(name, users["complaints"])
    with conn:
        with pytest.raises(Exception, match="ACCESS_REFUSED"):
            channel.queue_declare("reviews.events", durable=True, auto_delete=False)


def test_another_company_system_consumes_its_own_queue_and_publishes_under_its_prefix(vhost):
    name, users = vhost
    conn, channel = _channel(name, users["system"])
    with conn:
        channel.queue_declare("erp.complaints", durable=True, auto_delete=False)
        channel.queue_bind("erp.complaints", "qms.events", routing_key="complaints.#")
        channel.basic_publish_confirm(Message("{}"), exchange="qms.events", routing_key="erp.order.booked",
                                      confirm_timeout=10)
        with pytest.raises(Exception, match="ACCESS_REFUSED|access to topic"):
            channel.basic_publish_confirm(Message("{}"), exchange="qms.events",
                                          routing_key="complaints.complaint.received", confirm_timeout=10)
