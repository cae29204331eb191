"""`uv run python -m chaos --orders 10000`: the chaos run of issue 10 (see chaos/README.md)."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from chaos.run import Options, main
from chaos.stack import REPO, Ports


def parse(argv: list[str] | None = None) -> Options:
    default = Ports()
    parser = argparse.ArgumentParser(prog="python -m chaos", description=__doc__)
    parser.add_argument("--orders", type=int, default=10_000, help="orders to run (10 000)")
    parser.add_argument(
        "--var",
        type=Path,
        default=Path(os.environ.get("ORDERFLOW_CHAOS_VAR", REPO / "var" / "chaos")),
        help="the stack's own data directory; wiped at the start (var/chaos)",
    )
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    parser.add_argument("--stop", action="store_true", help="only stop a kept stack")
    parser.add_argument("--concurrency", type=int, default=12, help="orders in flight (12)")
    parser.add_argument("--rate", type=float, default=0.0, help="orders/s cap (0: none)")
    parser.add_argument("--poison", type=int, default=3, help="poison records (3)")
    parser.add_argument("--kafka-down", type=float, default=5.0, help="broker outage, s (5)")
    parser.add_argument("--consumer", default="production", help="consumer instance to SIGKILL")
    parser.add_argument("--relay", default="intake", help="instance SIGKILLed mid-publish")
    parser.add_argument("--replicas", default="", help='e.g. "production=2" (none)')
    parser.add_argument(
        "--settle-timeout", type=float, default=0.0, help="cap on settling, s (0: scaled)"
    )
    parser.add_argument(
        "--stall",
        type=float,
        default=90.0,
        help="settling gives up when no count moved for this long, s (90)",
    )
    parser.add_argument("--pg-port", type=int, default=default.pg)
    parser.add_argument("--kafka-port", type=int, default=default.kafka)
    parser.add_argument("--controller-port", type=int, default=default.controller)
    parser.add_argument("--proxy-port", type=int, default=default.proxy)
    parser.add_argument("--service-port-base", type=int, default=default.service_base)
    args = parser.parse_args(argv)
    return Options(
        orders=args.orders,
        var=args.var.resolve(),
        keep=args.keep,
        stop_only=args.stop,
        concurrency=args.concurrency,
        rate=args.rate,
        poison=args.poison,
        kafka_down=args.kafka_down,
        consumer=args.consumer,
        relay=args.relay,
        replicas=args.replicas,
        settle_timeout=args.settle_timeout,
        stall=args.stall,
        ports=Ports(
            pg=args.pg_port,
            kafka=args.kafka_port,
            controller=args.controller_port,
            proxy=args.proxy_port,
            service_base=args.service_port_base,
        ),
    )


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse())))
