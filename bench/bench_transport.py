"""py-amqp (through kombu, the suite's transport) against pika, behind one small interface.

Run by `make bench`. What the relay and the consumer need of a transport, measured the same way for
each: publish N persistent ~300-byte messages, mandatory, with publisher confirms (the relay: batches of
100 published, then their confirms awaited; pika's BlockingChannel can only wait for each confirm in
turn, so pika is measured both that way and through its SelectConnection, batched like py-amqp), then
consume them with acks (prefetch 100, one `multiple` ack per 50). Rates and CPU per message (this
process's CPU time) are medians of interleaved rounds, each as a ratio to py-amqp's in the same round.
"""
from __future__ import annotations

import os
import time
import uuid

import bench_peers  # noqa: F401  (installs pika with the peers when missing)
import kombu
import pika
from amqp import Message

from common import median, print_table
from qms_shared import testing

N = int(os.environ.get("BENCH_TRANSPORT_MESSAGES", "3000"))
ROUNDS = int(os.environ.get("BENCH_TRANSPORT_ROUNDS", "3"))
BATCH = 100
BODY = "x" * 300
PIKA_URL = testing.BROKER_URL.replace(":5672//", ":5672/%2F")


def _declare(queue: str) -> None:
    with kombu.Connection(testing.BROKER_URL) as conn:
        conn.channel().queue_declare(queue, durable=True, auto_delete=False, arguments={"x-queue-type": "quorum"})


def _delete(queue: str) -> None:
    with kombu.Connection(testing.BROKER_URL) as conn:
        conn.channel().queue_delete(queue)


class PyAmqp:
    """The suite's transport: kombu's py-amqp connection, used as relay.py and consumer.py use it."""

    def publish(self, queue: str) -> None:
        with kombu.Connection(testing.BROKER_URL) as conn:
            channel = conn.connection.channel()
            channel.confirm_select()
            outstanding = set()
            channel.events["basic_ack"].add(lambda tag, multiple: outstanding.difference_update(
                [t for t in outstanding if t <= tag] if multiple else [tag]))
            tag = 0
            for start in range(0, N, BATCH):
                for _ in range(min(BATCH, N - start)):
                    tag += 1
                    channel.basic_publish(Message(BODY, delivery_mode=2, message_id=str(tag)), exchange="",
                                          routing_key=queue, mandatory=True)
                    outstanding.add(tag)
                while outstanding:
                    conn.drain_events(timeout=10)

    def consume(self, queue: str) -> None:
        with kombu.Connection(testing.BROKER_URL) as conn:
            channel = conn.connection.channel()
            channel.basic_qos(0, 100, False)
            got = []
            channel.basic_consume(queue, callback=got.append)
            while len(got) < N:
                conn.drain_events(timeout=10)
                if len(got) % 50 == 0 or len(got) == N:
                    channel.basic_ack(got[-1].delivery_tag, multiple=True)


class PikaBlocking:
    """pika's BlockingConnection: a confirm is awaited by each basic_publish."""

    def publish(self, queue: str) -> None:
        conn = pika.BlockingConnection(pika.URLParameters(PIKA_URL))
        channel = conn.channel()
        channel.confirm_delivery()
        for n in range(N):
            channel.basic_publish("", queue, BODY, pika.BasicProperties(delivery_mode=2, message_id=str(n)),
                                  mandatory=True)
        conn.close()

    def consume(self, queue: str) -> None:
        conn = pika.BlockingConnection(pika.URLParameters(PIKA_URL))
        channel = conn.channel()
        channel.basic_qos(prefetch_count=100)
        got = [0]

        def on_message(ch, method, properties, body):
            got[0] += 1
            if got[0] % 50 == 0 or got[0] == N:
                ch.basic_ack(method.delivery_tag, multiple=True)
        channel.basic_consume(queue, on_message)
        while got[0] < N:
            conn.process_data_events(time_limit=1)
        conn.close()


class PikaSelect(PikaBlocking):
    """pika's SelectConnection: batches of 100 published, then their confirms awaited (as py-amqp)."""

    def publish(self, queue: str) -> None:
        state = {"sent": 0, "outstanding": set()}

        def send_batch(channel):
            for _ in range(min(BATCH, N - state["sent"])):
                state["sent"] += 1
                channel.basic_publish("", queue, BODY, pika.BasicProperties(delivery_mode=2), mandatory=True)
                state["outstanding"].add(state["sent"])

        def on_confirm(frame):
            tag, outstanding = frame.method.delivery_tag, state["outstanding"]
            outstanding.difference_update([t for t in outstanding if t <= tag] if frame.method.multiple else [tag])
            if not outstanding:
                if state["sent"] >= N:
                    conn.close()
                else:
                    send_batch(channel_box[0])
        channel_box = []

        def on_channel(channel):
            channel_box.append(channel)
            channel.confirm_delivery(on_confirm, callback=lambda _: send_batch(channel))

        conn = pika.SelectConnection(pika.URLParameters(PIKA_URL),
                                     on_open_callback=lambda c: c.channel(on_open_callback=on_channel),
                                     on_close_callback=lambda c, reason: c.ioloop.stop())
        conn.ioloop.start()


def measure(transport) -> dict:
    """Publish then consume N messages on a fresh quorum queue; rates and CPU ms per message."""
    queue = f"bench.transport.{uuid.uuid4().hex[:8]}"
    _declare(queue)
    try:
        out = {}
        for step in ("publish", "consume"):
            cpu, wall = time.process_time(), time.perf_counter()
            getattr(transport, step)(queue)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            out[step] = N / wall
            out[f"{step}_cpu"] = cpu / N * 1000
        out["rate"] = out["publish"]
        return out
    finally:
        _delete(queue)


def main() -> None:
    transports = {"py-amqp (kombu), confirms per batch": PyAmqp(), "pika Blocking, confirm per message": PikaBlocking(),
                  "pika Select, confirms per batch": PikaSelect()}
    runs = {name: [] for name in transports}
    for _ in range(ROUNDS):
        for name, transport in transports.items():
            runs[name].append(measure(transport))
    base = runs[next(iter(transports))]
    rows = []
    for name, results in runs.items():
        for step in ("publish", "consume"):
            ratio = median([r[step] / b[step] for r, b in zip(results, base)])
            rows.append((f"{name}: {step}", median([r[step] for r in results]), "msg/s",
                         f"x{ratio:.2f} of py-amqp, cpu {median([r[step + '_cpu'] for r in results]):.3f} ms/msg"))
    print_table(f"transport: {N} persistent messages on a quorum queue, median of {ROUNDS} interleaved rounds", rows)


if __name__ == "__main__":
    main()
