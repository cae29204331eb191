"""Start and stop what a benchmark run needs, on its own ports and var dir (never others')."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

REPO = Path(__file__).resolve().parent.parent
SERVICES = ("intake", "review", "production", "procurement", "logistics", "aftersales", "reporting")


@dataclass(frozen=True)
class Ports:
    """Distinct from the dev stacks on this machine (55432/9092/8080/8100-8399)."""

    pg: int = 55450
    kafka: int = 9392
    kafka_controller: int = 9393
    proxy: int = 8380
    service_base: int = 8400
    intake_alone: int = 8450
    bare: int = 8451
    smtp: int = 8455
    var: Path = Path("/tmp/benchvar")  # noqa: S108 - a private run directory, like var/
    # The checkout whose deploy/ scripts and `orderflow` run (another one for "before" numbers).
    repo: Path = REPO

    def shifted(self, offset: int, var: Path, repo: Path) -> Ports:
        """Every port moved by `offset` (two runs side by side), its own var dir and code."""
        return Ports(
            pg=self.pg + offset,
            kafka=self.kafka + offset,
            kafka_controller=self.kafka_controller + offset,
            proxy=self.proxy + offset,
            service_base=self.service_base + offset,
            intake_alone=self.intake_alone + offset,
            bare=self.bare + offset,
            smtp=self.smtp + offset,
            var=var,
            repo=repo,
        )

    def env(self) -> dict[str, str]:
        """The deploy/ scripts' variables for this run."""
        return {
            **os.environ,
            "ORDERFLOW_VAR": str(self.var),
            "ORDERFLOW_PG_PORT": str(self.pg),
            "ORDERFLOW_KAFKA_PORT": str(self.kafka),
            "ORDERFLOW_KAFKA_CONTROLLER_PORT": str(self.kafka_controller),
            "ORDERFLOW_PROXY_PORT": str(self.proxy),
            "ORDERFLOW_SERVICE_PORT_BASE": str(self.service_base),
            "ORDERFLOW_SMTP_PORT": str(self.smtp),
            # One load generator is one caller at hundreds of requests a second: with the
            # per-caller limit (20/s) on, the run would measure the limiter, not the service.
            "ORDERFLOW_RATE_LIMIT_PER_SECOND": "0",
            # The Kafka jars are cached once per machine, whichever checkout runs.
            "ORDERFLOW_CACHE": os.environ.get("ORDERFLOW_CACHE", str(REPO / ".cache")),
        }

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy}"

    def dsn(self, database: str) -> str:
        return f"postgresql://orderflow:orderflow@127.0.0.1:{self.pg}/{database}"


def deploy(ports: Ports, script: str, *args: str, log: Path) -> None:
    """Run a deploy/ script with this run's ports; its output goes to the run's log."""
    with log.open("a") as out:
        subprocess.run(
            [str(ports.repo / "deploy" / script), *args],
            env=ports.env(),
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def start_infra(ports: Ports, log: Path) -> None:
    """A fresh PostgreSQL cluster and Kafka broker under the run's own var dir."""
    stop_all(ports, log)
    shutil.rmtree(ports.var, ignore_errors=True)
    ports.var.mkdir(parents=True)
    deploy(ports, "postgres.sh", "start", log=log)
    deploy(ports, "kafka.sh", "start", log=log)
    deploy(ports, "kafka.sh", "topics", log=log)


def stop_all(ports: Ports, log: Path) -> None:
    """Stop only what lives under this run's var dir (pid files written by the scripts)."""
    if not ports.var.exists():
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(ports.repo / "deploy" / "topology.sh"), "stop", "--all"],
        env=ports.env(),
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        check=False,
    )


async def recreate_database(ports: Ports, name: str) -> None:
    conn = await asyncpg.connect(ports.dsn("postgres"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}" OWNER orderflow')
    finally:
        await conn.close()


@dataclass
class Server:
    """One uvicorn process the benchmark started (and only it stops)."""

    name: str
    port: int
    process: subprocess.Popen[bytes] | None = None
    extra: dict[str, str] = field(default_factory=dict)

    async def wait_ready(self, path: str, timeout: float = 120) -> None:
        import aiohttp

        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession() as http:
            while True:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}{path}") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError(f"{self.name} not ready on :{self.port}")
                await asyncio.sleep(0.3)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def spawn(server: Server, argv: list[str], env: dict[str, str], log: Path) -> Server:
    server.process = subprocess.Popen(
        argv, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT, cwd=REPO
    )
    return server


def orderflow_bin(ports: Ports) -> str:
    return str(ports.repo / ".venv" / "bin" / "orderflow")
