"""`uv run python -m bench`: every benchmark in one run, with its own PostgreSQL, Kafka and
topology on distinct ports; writes bench/report.md and bench/report.json."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from bench import embedded, intake, limits, pipeline, report
from bench.progress import Progress
from bench.stack import REPO, Ports, start_infra, stop_all

HERE = Path(__file__).resolve().parent
PHASES = ("intake", "limits", "pipeline", "embedded")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", nargs="*", choices=PHASES, default=list(PHASES))
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20, help="per closed-loop endpoint")
    parser.add_argument("--orders", type=int, default=3000, help="pipeline throughput orders")
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--steady-seconds", type=float, default=30)
    parser.add_argument("--embedded-orders", type=int, default=1000)
    parser.add_argument(
        "--var",
        type=Path,
        default=Path(os.environ.get("BENCH_VAR", "/tmp/benchvar")),  # noqa: S108
    )
    parser.add_argument(
        "--repo", type=Path, default=REPO, help="checkout to run (e.g. one with the old runtime)"
    )
    parser.add_argument("--port-offset", type=int, default=0, help="shift every port by this")
    parser.add_argument(
        "--max-wait", type=float, default=240, help="seconds to wait for approvals at most"
    )
    parser.add_argument("--keep", action="store_true", help="leave the stack running afterwards")
    parser.add_argument("--out", type=Path, default=HERE / "report")
    return parser.parse_args()


async def _run(
    args: argparse.Namespace, ports: Ports, progress: Progress, log: Path
) -> dict[str, Any]:
    results: dict[str, Any] = {"errors": {}}

    async def phase(name: str, work: Any) -> None:
        if name not in args.only:
            return
        progress.note(f"phase {name}")
        try:
            results[name] = await work()
        except Exception as exc:  # a failed phase is reported, the others still run
            results["errors"][name] = f"{type(exc).__name__}: {exc}"
            progress.note(traceback.format_exc())

    if set(args.only) & {"intake", "limits", "pipeline"}:
        await asyncio.to_thread(start_infra, ports, log)
    await phase(
        "intake",
        lambda: intake.run(
            ports, progress, concurrency=args.concurrency, seconds=args.seconds, log=log
        ),
    )

    async def machine() -> dict[str, Any]:
        return {
            "postgres": await limits.postgres(ports, clients=args.concurrency, seconds=10),
            "kafka": await limits.kafka(ports, progress, messages=200_000),
        }

    await phase("limits", machine)

    async def flow() -> dict[str, Any]:
        customer_ids = await pipeline.setup(ports, log)
        throughput = results["pipeline"] = await pipeline.throughput(
            ports,
            customer_ids,
            progress,
            count=args.orders,
            concurrency=args.concurrency,
            max_wait=args.max_wait,
        )
        results["steady"] = await pipeline.steady(
            ports,
            customer_ids,
            progress,
            rate=args.rate,
            seconds=args.steady_seconds,
            max_wait=args.max_wait,
        )
        return throughput  # `phase` stores it under "pipeline" again

    await phase("pipeline", flow)
    if not args.keep and set(args.only) & {"intake", "limits", "pipeline"}:
        await asyncio.to_thread(stop_all, ports, log)
    await phase(
        "embedded",
        lambda: embedded.run(
            ports, progress, count=args.embedded_orders, log=log, max_seconds=args.max_wait + 60
        ),
    )
    return results


def main() -> None:
    args = _args()
    ports = Ports().shifted(args.port_offset, args.var, args.repo.resolve())
    console = Console()
    log = args.var.parent / f"{args.var.name}.log"
    console.print(f"logs: {log}; var dir {args.var}")
    began = time.monotonic()
    meta = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    try:
        with Progress(console) as progress:
            results = asyncio.run(_run(args, ports, progress, log))
    finally:
        if not args.keep:
            stop_all(ports, log)
    meta["seconds"] = round(time.monotonic() - began)
    results = {"meta": meta, **results}
    # The JSON first: a fault in the markdown must not lose a long run's figures.
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    text = report.markdown(results)
    args.out.with_suffix(".md").write_text(text + "\n")
    console.print(text)


if __name__ == "__main__":
    main()
