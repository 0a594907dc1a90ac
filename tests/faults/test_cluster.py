"""A three-node RabbitMQ cluster loses the node leading the work queue: nothing lost, nothing twice.

The worker's BROKER_URL lists all three nodes; its work queue is a quorum queue replicated on all
three. The leader is killed (SIGKILL, as a crash) under load; the worker, connected to it, fails
over to the next host, and the queue elects a new leader among the two that are left.
"""
from __future__ import annotations

import time

from harness import Load, last_change_id, wait_recovered
from qms_shared import testing
from qms_shared.testing_rabbit import RabbitCluster


def test_losing_the_queue_leader_of_a_three_node_cluster(scenario):
    started = time.monotonic()
    with RabbitCluster(3, services=("test",)) as rabbit:
        booted = time.monotonic() - started
        s = scenario("cluster: 3 nodes, queue leader killed", shared_broker=False, broker={
            "broker_url": rabbit.url("test"), "exchange": "qms.faults", "queue_prefix": "faults.",
            "broker_users": rabbit.broker_users()})
        s.start_worker()
        queue = s.ctx.config.queue
        testing.wait_until(lambda: len(_members(rabbit, queue)) == 3, timeout=30, interval=0.5)
        with Load(s.ctx) as load:
            time.sleep(4)
            leader = rabbit.queue_leader(queue)
            killed_at, at_kill = time.monotonic(), last_change_id(s.db)
            rabbit.stop_node(leader, kill=True)
            # recovered: the changes of the second after the kill are applied (they needed the new leader)
            testing.wait_until(lambda: last_change_id(s.db) >= at_kill + 20, timeout=10)
            recovery = wait_recovered(s.db, last_change_id(s.db), killed_at)
            new_leader = rabbit.queue_leader(queue)
            time.sleep(3)
            report = s.finish(load, recovery)
        s.worker.kill()
    connected = " (the node the worker was connected to)" if leader == 0 else ""
    report.notes.append(f"cluster up in {booted:.0f} s; the leader{connected} killed with SIGKILL, another took over "
                        f"({rabbit.nodes[leader].name.split('@')[0]} -> {rabbit.nodes[new_leader].name.split('@')[0]})")
    assert new_leader != leader
    assert report.changes > 0 and report.applied == report.changes
    assert (report.lost, report.twice) == (0, 0), report


def _members(rabbit: RabbitCluster, queue: str) -> list[str]:
    """The nodes holding a replica of quorum queue `queue`."""
    out = rabbit.ctl(0, "list_queues", "name", "members", "--no-table-headers", check=False)
    for line in out.splitlines():
        name, _, members = line.partition("\t")
        if name == queue:
            return [m for m in members.strip("[] ").replace(",", " ").split() if m]
    return []
