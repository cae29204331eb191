"""The `orderflow` command: run everything embedded, serve one service, migrate, mint tokens."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

import uvicorn

from orderflow.cli.catalog import SERVICES
from orderflow.cli.embedded import create_embedded_app
from orderflow.intake import keys as intake_keys
from orderflow.reporting import replay as reporting_replay
from orderflow.runtime import migrations
from orderflow.runtime.db import create_engine
from orderflow.runtime.settings import ServiceSettings, SettingsError, load_settings
from orderflow.runtime.web import auth
from orderflow.runtime.web import logging as json_logging


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except SettingsError as exc:
        sys.exit(f"orderflow: {exc}")


def _up(args: argparse.Namespace) -> None:
    json_logging.configure_logging(args.log_level, service="orderflow")
    app = create_embedded_app(Path(args.data_dir), f"http://{args.host}:{args.port}")
    print(f"OrderFlow embedded on http://{args.host}:{args.port}/  (docs: /<service>/docs)")
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False)


def _serve(args: argparse.Namespace) -> None:
    entry = SERVICES[args.service]
    settings = load_settings(entry.settings)
    json_logging.configure_logging(settings.log_level, service=entry.name)
    app = entry.app(settings)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        root_path=args.root_path,
    )


def _migrate(args: argparse.Namespace) -> None:
    entry = SERVICES[args.service]
    settings = load_settings(entry.settings)

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await migrations.upgrade(engine, entry.definition.migrations, entry.definition.metadata)
        finally:
            await engine.dispose()

    asyncio.run(run())
    print(f"{args.service}: migrated to heads")


def _revision(args: argparse.Namespace) -> None:
    entry = SERVICES[args.service]
    definition = entry.definition
    if definition.metadata is None:
        sys.exit(f"orderflow: {args.service} declares no table metadata")
    metadata = definition.metadata

    async def run() -> None:
        with tempfile.TemporaryDirectory() as scratch:
            engine = create_engine(f"sqlite+aiosqlite:///{scratch}/scratch.sqlite3")
            try:
                await migrations.make_revision(
                    engine, definition.migrations, metadata, args.service, args.message
                )
            finally:
                await engine.dispose()

    asyncio.run(run())


def _rotate_keys(_: argparse.Namespace) -> None:
    sys.exit(intake_keys.main(["rotate"]))


def _replay(_: argparse.Namespace) -> None:
    reporting_replay.main()


def _token(args: argparse.Namespace) -> None:
    settings = ServiceSettings(database_url="unused")
    config = auth.AuthConfig(
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
    print(
        auth.mint_token(
            config,
            subject=args.subject,
            scopes=args.scope,
            kind=args.kind,
            customer_id=args.customer_id,
            partner_id=args.partner_id,
            ttl_seconds=args.ttl,
        )
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orderflow", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="command")

    up = commands.add_parser("up", help="run all services embedded (SQLite, in-process bus)")
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--port", type=int, default=8000)
    up.add_argument("--data-dir", default=".data", help="where the SQLite files live")
    up.add_argument("--log-level", default="INFO")
    up.set_defaults(run=_up)

    serve = commands.add_parser("serve", help="run one service (PostgreSQL + Kafka from env)")
    serve.add_argument("service", choices=sorted(SERVICES))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--root-path", default="", help="path prefix a reverse proxy strips")
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="run one service's database migrations")
    migrate.add_argument("service", choices=sorted(SERVICES))
    migrate.set_defaults(run=_migrate)

    revision = commands.add_parser(
        "revision", help="autogenerate a service's next migration from its table metadata"
    )
    revision.add_argument("service", choices=sorted(SERVICES))
    revision.add_argument("-m", "--message", required=True)
    revision.set_defaults(run=_revision)

    rotate = commands.add_parser(
        "rotate-keys",
        help="re-encrypt order-intake's contact data with the active key (after adding it)",
    )
    rotate.set_defaults(run=_rotate_keys)

    replay = commands.add_parser(
        "replay", help="rebuild reporting's read models from its event archive (progress bar)"
    )
    replay.set_defaults(run=_replay)

    token = commands.add_parser("token", help="mint a development bearer token")
    token.add_argument("--subject", required=True)
    token.add_argument("--scope", action="append", default=[], help="repeat for more scopes")
    token.add_argument(
        "--kind", default="staff", choices=["staff", "customer", "partner", "service"]
    )
    token.add_argument("--customer-id")
    token.add_argument("--partner-id")
    token.add_argument("--ttl", type=int, default=3600, help="seconds")
    token.set_defaults(run=_token)
    return parser
