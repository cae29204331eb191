"""The chaos run's own isolated topology: its own ports and var directory, driven through
the deploy/ scripts (topology.sh, postgres.sh, kafka.sh) so it is the deployment CI tests."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVICES = ("intake", "review", "production", "procurement", "logistics", "aftersales", "reporting")


class StackError(RuntimeError):
    """A deploy script failed; the message names it and where its output went."""


@dataclass(frozen=True)
class Ports:
    """Ports away from the default stack (55432, 9092, 8080, 8100) and the other helpers'."""

    pg: int = 55440
    kafka: int = 9292
    controller: int = 9293
    proxy: int = 8280
    service_base: int = 8300
    smtp: int = 8325


@dataclass
class Stack:
    """One topology under `var`: PostgreSQL, Kafka, seven services, nginx."""

    var: Path
    ports: Ports = field(default_factory=Ports)
    replicas: str = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.proxy}"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.ports.kafka}"

    @property
    def log_file(self) -> Path:
        return self.var / "chaos-scripts.log"

    def dsn(self, service: str) -> str:
        """asyncpg DSN of a service's own database (the checker reads them directly)."""
        return f"postgresql://orderflow:orderflow@127.0.0.1:{self.ports.pg}/{service}"

    def env(self) -> dict[str, str]:
        """The deploy scripts' environment: every port and path explicit, nothing inherited
        (CI exports ORDERFLOW_REPLICAS for its own topology)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERFLOW_")}
        env.update(
            ORDERFLOW_VAR=str(self.var),
            ORDERFLOW_PG_PORT=str(self.ports.pg),
            ORDERFLOW_KAFKA_PORT=str(self.ports.kafka),
            ORDERFLOW_KAFKA_CONTROLLER_PORT=str(self.ports.controller),
            ORDERFLOW_PROXY_PORT=str(self.ports.proxy),
            ORDERFLOW_SERVICE_PORT_BASE=str(self.ports.service_base),
            ORDERFLOW_SMTP_PORT=str(self.ports.smtp),
            ORDERFLOW_REPLICAS=self.replicas,
            # Seven services starting (or one restarting) on a busy two-core machine.
            ORDERFLOW_TOPOLOGY_TIMEOUT=os.environ.get("ORDERFLOW_TOPOLOGY_TIMEOUT", "600"),
        )
        if "ORDERFLOW_CACHE" in os.environ:
            env["ORDERFLOW_CACHE"] = os.environ["ORDERFLOW_CACHE"]
        return env

    async def script(self, name: str, *args: str) -> float:
        """Run deploy/<name> with this stack's environment; returns its wall time."""
        self.var.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with self.log_file.open("ab") as log:
            log.write(f"\n$ deploy/{name} {' '.join(args)}\n".encode())
            log.flush()
            proc = await asyncio.create_subprocess_exec(
                str(REPO / "deploy" / name),
                *args,
                env=self.env(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
            code = await proc.wait()
        if code != 0:
            raise StackError(f"deploy/{name} {' '.join(args)} exited {code} (see {self.log_file})")
        return time.monotonic() - started

    async def start(self) -> float:
        return await self.script("topology.sh", "start")

    async def stop(self) -> None:
        await self.script("topology.sh", "stop", "--all")

    def pid_of(self, instance: str) -> int:
        """The pid of one service instance (`intake`, `production-2`), checked to be it."""
        pid = int((self.var / "topology" / f"{instance}.pid").read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        service = instance.rsplit("-", 1)[0] if instance[-1].isdigit() else instance
        if f"serve {service}" not in cmdline:
            raise StackError(f"pid {pid} is not {instance}: {cmdline!r}")
        return pid

    async def sigkill(self, instance: str) -> int:
        """SIGKILL one service instance and wait until it is gone; returns its pid."""
        pid = self.pid_of(instance)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # polling for the exit of a process we do not parent
        return pid


def alive(pid: int) -> bool:
    """Running, not a zombie (a killed service whose parent is gone may stay unreaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
