"""Private RabbitMQ nodes for tests that stop, kill or cluster a broker (never the machine's shared one).

`RabbitCluster(3)` starts three nodes on this machine, each with its own node name
(`qms<N>-<pid>@localhost`), AMQP and distribution ports on 127.0.0.1, data and logs in a temporary
directory and no plugins, joins them into one cluster and creates a broker user per service. Closing
it stops every node and deletes the directory; nodes and directories of a run that was killed before
it could close are removed by the next run. The nodes use the machine's Erlang cookie when it can be
read (so `rabbitmqctl -n qms1-<pid>@localhost ...` works for a person looking on), else one of their own.
"""
from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

RABBIT_BIN = Path(os.environ.get("QMS_RABBITMQ_BIN", "/usr/lib/rabbitmq/bin"))
SYSTEM_COOKIE = Path("/var/lib/rabbitmq/.erlang.cookie")
_TMP_PREFIX = "qms-rabbit-"
_NAME = re.compile(r"^qms(\d+)-(\d+)$")
_numbers = itertools.count(1)


def available() -> str | None:
    """None when private nodes can be started here, else why not (for a skip)."""
    if not (RABBIT_BIN / "rabbitmq-server").exists():
        return f"no RabbitMQ server scripts in {RABBIT_BIN}"
    if shutil.which("epmd") is None:
        return "no epmd"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    """One private RabbitMQ node: its name, ports, directory and server process."""

    def __init__(self, home: Path, number: int):
        self.name = f"qms{number}-{os.getpid()}@localhost"
        self.port = free_port()
        self.dist_port = free_port()
        self.dir = home / self.name.split("@")[0]
        self.process: subprocess.Popen | None = None

    def env(self, home: Path) -> dict:
        """The environment the server script reads (everything in the node's own directory)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        conf = self.dir / "rabbitmq.conf"
        conf.write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n"
                        "disk_free_limit.absolute = 50MB\n")
        (self.dir / "enabled_plugins").write_text("")
        (self.dir / "rabbitmq-env.conf").write_text("ERL_EPMD_ADDRESS=127.0.0.1\n")
        return {**_cli_env(home), "RABBITMQ_NODENAME": self.name, "RABBITMQ_NODE_PORT": str(self.port),
                "RABBITMQ_DIST_PORT": str(self.dist_port), "RABBITMQ_CONFIG_FILE": str(conf),
                "RABBITMQ_CONF_ENV_FILE": str(self.dir / "rabbitmq-env.conf"),
                "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.dir / "enabled_plugins"),
                "RABBITMQ_MNESIA_BASE": str(self.dir / "mnesia"), "RABBITMQ_LOG_BASE": str(self.dir / "log"),
                "ERL_FLAGS": "-kernel inet_dist_use_interface {127,0,0,1}"}

    def accepts_amqp(self) -> bool:
        """Whether the AMQP listener answers (it opens once the node has booted)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False


class RabbitCluster:
    """`size` private RabbitMQ nodes in one cluster, with a broker user per service; use it in `with`."""

    def __init__(self, size: int = 1, services=("test",)):
        remove_leftovers()
        self.home = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-"))
        self.cookie = self._write_cookie()
        self.nodes = [Node(self.home, next(_numbers)) for _ in range(size)]
        self.users = {service: (f"qms-{service}", uuid.uuid4().hex) for service in services}

    def __enter__(self) -> "RabbitCluster":
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Boot every node, join them to the first, create the users."""
        for index in range(len(self.nodes)):
            self.start_node(index, wait=False)
        for index in range(len(self.nodes)):
            self.wait_booted(index)
        first = self.nodes[0].name
        for index in range(1, len(self.nodes)):
            for args in (["stop_app"], ["join_cluster", first], ["start_app"]):
                self.ctl(index, *args)
        self._import_users()

    def start_node(self, index: int, wait: bool = True) -> None:
        """Start node `index` (again: it keeps its data, its cluster and its queues)."""
        node = self.nodes[index]
        env = node.env(self.home)
        with open(node.dir / "server.out", "ab") as log:
            node.process = subprocess.Popen([str(RABBIT_BIN / "rabbitmq-server")], env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        if wait:
            self.wait_booted(index)

    def wait_booted(self, index: int, timeout: float = 90) -> None:
        """Block until node `index` accepts AMQP connections."""
        node = self.nodes[index]
        deadline = time.monotonic() + timeout
        while not node.accepts_amqp():
            if node.process.poll() is not None:
                raise RuntimeError(f"{node.name} exited: {self._tail(node)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{node.name} did not boot in {timeout}s: {self._tail(node)}")
            time.sleep(0.2)

    def stop_node(self, index: int, kill: bool = False) -> None:
        """Stop node `index`: cleanly (`rabbitmqctl stop`), or with SIGKILL as a crash would."""
        node = self.nodes[index]
        if node.process is None or node.process.poll() is not None:
            return
        if not kill:
            self.ctl(index, "stop", check=False, timeout=60)
        try:
            os.killpg(node.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        node.process.wait(30)

    def running(self, index: int) -> bool:
        """Whether node `index`'s server process is alive."""
        process = self.nodes[index].process
        return process is not None and process.poll() is None

    def ctl(self, index: int, *args: str, check: bool = True, timeout: float = 120,
            tool: str = "rabbitmqctl") -> str:
        """Run `rabbitmqctl -n <node> args...` (or rabbitmq-queues, rabbitmq-diagnostics) on node `index`."""
        done = subprocess.run([str(RABBIT_BIN / tool), "-q", "-n", self.nodes[index].name, *args],
                              env=_cli_env(self.home), capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} on {self.nodes[index].name}: {done.stderr or done.stdout}")
        return done.stdout

    def queue_leader(self, queue: str, via: int | None = None) -> int:
        """The index of the node leading quorum queue `queue` (asked of a running node)."""
        via = via if via is not None else next(i for i in range(len(self.nodes)) if self.running(i))
        for line in self.ctl(via, "list_queues", "name", "leader", "--no-table-headers").splitlines():
            name, _, leader = line.partition("\t")
            if name == queue:
                return [node.name for node in self.nodes].index(leader.strip())
        raise LookupError(f"no queue {queue}")

    def url(self, service: str, nodes=None) -> str:
        """`service`'s AMQP URL listing the given nodes (all by default) for failover."""
        user, password = self.users[service]
        indexes = range(len(self.nodes)) if nodes is None else nodes
        return ";".join(f"amqp://{user}:{password}@127.0.0.1:{self.nodes[i].port}//" for i in indexes)

    def broker_users(self) -> dict[str, str]:
        """service -> its broker user on this cluster (`Config.broker_users`)."""
        return {service: user for service, (user, _) in self.users.items()}

    def close(self) -> None:
        """Stop every node (SIGKILL: their data goes with them) and delete the directory."""
        for index, node in enumerate(self.nodes):
            if node.process is not None and node.process.poll() is None:
                try:
                    os.killpg(node.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                node.process.wait(30)
        shutil.rmtree(self.home, ignore_errors=True)
        # epmd forgets a killed node only when it notices its socket closed: wait for that, so nothing is
        # left registered when close() returns
        ours = {node.name.split("@")[0] for node in self.nodes}
        deadline = time.monotonic() + 15
        while ours.intersection(running_private_nodes()) and time.monotonic() < deadline:
            time.sleep(0.1)

    def _write_cookie(self) -> str:
        try:
            cookie = SYSTEM_COOKIE.read_text().strip()
        except OSError:  # not root: a cookie of our own, shared by our nodes and our CLI calls
            cookie = uuid.uuid4().hex.upper()
        path = self.home / ".erlang.cookie"
        path.write_text(cookie)
        path.chmod(0o400)
        return cookie

    def _import_users(self) -> None:
        import base64
        import hashlib

        def hashed(password: str) -> str:
            salt = os.urandom(4)
            return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()
        users = list(self.users.values())
        definitions = {
            "users": [{"name": u, "password_hash": hashed(p), "tags": [],
                       "hashing_algorithm": "rabbit_password_hashing_sha256"} for u, p in users],
            "permissions": [{"user": u, "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"}
                            for u, _ in users]}
        path = self.home / "definitions.json"
        path.write_text(json.dumps(definitions))
        self.ctl(0, "import_definitions", str(path))
        path.unlink()
        for service in self.users:  # an imported user may take a moment before it can log in
            self._wait_for_login(service)

    def _wait_for_login(self, service: str, timeout: float = 20) -> None:
        import kombu
        deadline = time.monotonic() + timeout
        while True:
            try:
                with kombu.Connection(self.url(service, nodes=[0]), connect_timeout=2) as conn:
                    conn.ensure_connection(max_retries=0)
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    @staticmethod
    def _tail(node: Node) -> str:
        try:
            return (node.dir / "server.out").read_text()[-1500:]
        except OSError:
            return ""


def _cli_env(home: Path) -> dict:
    """The environment of the server scripts and the CLI: the cookie in `home`, epmd on 127.0.0.1 only."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("RABBITMQ_", "ERL_"))}
    return {**keep, "HOME": str(home), "ERL_EPMD_ADDRESS": "127.0.0.1"}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def remove_leftovers() -> None:
    """Kill the private nodes and delete the directories of runs whose process is gone."""
    for path in Path(tempfile.gettempdir()).glob(f"{_TMP_PREFIX}*"):
        pid = path.name[len(_TMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            _kill_node_processes(path)
            shutil.rmtree(path, ignore_errors=True)


def _kill_node_processes(home: Path) -> None:
    """SIGKILL every process whose command line names a directory under `home` (a node of a dead run)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if str(home).encode() in cmdline:
            try:
                os.kill(int(proc.name), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def running_private_nodes() -> list[str]:
    """The `qms<N>-<pid>` nodes epmd knows of (for a test asserting that nothing was left behind)."""
    listed = subprocess.run(["epmd", "-names"], capture_output=True, text=True, env=_cli_env(Path("/")))
    names = [line.split()[1] for line in listed.stdout.splitlines() if line.startswith("name ")]
    return [name for name in names if _NAME.match(name)]
