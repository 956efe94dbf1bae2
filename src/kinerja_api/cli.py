"""The ``kinerja`` command: serve, database migrations, accounts, demo data, OpenAPI."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from kinerja_api.core.config import Settings, get_settings
from kinerja_api.core.db import is_unavailable

app = typer.Typer(
    help="kinerja_api: performance management API for Indonesian civil servants (ASN).",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database migrations (Alembic).", no_args_is_help=True)
openapi_app = typer.Typer(help="The OpenAPI document.", no_args_is_help=True)
docs_app = typer.Typer(help="Documentation artefacts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(openapi_app, name="openapi")
app.add_typer(docs_app, name="docs")


def _project_root() -> Path:
    """Where alembic.ini and migrations/ live: the source checkout, else the working dir."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "alembic.ini").exists() else Path.cwd()


ROOT = _project_root()
T = TypeVar("T")


def _fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


def _settings() -> Settings:
    try:
        return get_settings()
    except ValueError as exc:  # pydantic ValidationError is a ValueError
        raise _fail(f"invalid configuration: {exc}") from exc


def _run_db(action: Callable[[], T]) -> T:
    """Run a database action, turning connection and URL problems into clear messages."""
    try:
        return action()
    except (ArgumentError, NoSuchModuleError) as exc:
        raise _fail(f"bad KINERJA_DATABASE_URL: {exc}") from exc
    except (DBAPIError, OSError) as exc:
        if is_unavailable(exc):
            raise _fail(f"cannot reach the database: {exc}") from exc
        raise _fail(f"database error: {exc}") from exc
    except CommandError as exc:
        raise _fail(f"migration failed: {exc}") from exc


def alembic_config(settings: Settings) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = settings.database_url
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade_database(settings: Settings, revision: str = "head") -> None:
    command.upgrade(alembic_config(settings), revision)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply migrations up to REVISION (default: head)."""
    settings = _settings()
    _run_db(lambda: upgrade_database(settings, revision))
    typer.echo(f"database at {revision}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base")],
) -> None:
    """Revert migrations down to REVISION."""
    settings = _settings()
    _run_db(lambda: command.downgrade(alembic_config(settings), revision))
    typer.echo(f"database at {revision}")


@db_app.command("current")
def db_current() -> None:
    """Show the current revision."""
    settings = _settings()
    _run_db(lambda: command.current(alembic_config(settings)))


def create_partitions(settings: Settings, ahead: int) -> list[str]:
    """PostgreSQL: create the month partitions of ``activity_reports`` up to ``ahead``
    months after the current one (see :mod:`kinerja_api.activities.partitions`)."""
    from kinerja_api.activities.partitions import ensure_partitions
    from kinerja_api.core.db import make_engine

    async def run() -> list[str]:
        engine = make_engine(settings)
        try:
            async with engine.begin() as conn:
                return await conn.run_sync(lambda c: ensure_partitions(c, ahead=ahead))
        finally:
            await engine.dispose()

    return asyncio.run(run())


@db_app.command("partitions")
def db_partitions(
    ahead: Annotated[
        int, typer.Option(min=0, max=60, help="Months to create after the current one")
    ] = 3,
) -> None:
    """Create the coming months' partitions of activity_reports (PostgreSQL; run monthly).

    Idempotent. Rows already in the default partition for a new month are moved into it.
    On SQLite (no partitioning) it does nothing.
    """
    settings = _settings()
    created = _run_db(lambda: create_partitions(settings, ahead))
    typer.echo(f"created: {', '.join(created)}" if created else "no partition to create")


def _in_session(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    from kinerja_api.core.db import make_engine, make_sessionmaker

    async def run() -> T:
        engine = make_engine(settings)
        try:
            async with make_sessionmaker(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return _run_db(lambda: asyncio.run(run()))


@app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Option(help="Login name")],
    full_name: Annotated[str, typer.Option(help="Display name")] = "Platform Admin",
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Create a platform admin (manages organizations and their first admins)."""
    from kinerja_api.auth.service import create_platform_admin
    from kinerja_api.core.errors import AppError

    settings = _settings()
    try:
        user = _in_session(
            settings,
            lambda s: create_platform_admin(
                s, settings, username=username, full_name=full_name, password=password
            ),
        )
    except AppError as exc:
        details = "; ".join(e.message for e in exc.errors or []) or exc.detail_text() or exc.code
        raise _fail(details) from exc
    typer.echo(f"platform admin {user.username} created")


@app.command("demo-data")
def demo_data(
    migrate: Annotated[bool, typer.Option(help="Apply migrations first")] = True,
) -> None:
    """Load the demo organizations and accounts, and print the sign-in details."""
    settings = _settings()
    if settings.environment == "production":
        raise _fail("demo data is refused in production")
    if migrate:
        _run_db(lambda: upgrade_database(settings))
    from kinerja_api.demo import load_demo_data

    accounts = _in_session(settings, load_demo_data)
    typer.echo("Demo accounts (username / password / role / instansi / level):")
    for a in accounts:
        typer.echo(
            f"  {a.username:<16} {a.password:<20} {a.role.value:<15} {a.org_code or '-':<14}"
            f" {a.level}"
        )


@docs_app.command("render")
def docs_render(
    out: Annotated[Path, typer.Option(help="Directory for the PNG files")] = ROOT
    / "docs"
    / "documents",
    ppi: Annotated[int, typer.Option(min=36, max=300, help="Resolution")] = 90,
) -> None:
    """Render the first page of each document of the demo data as PNG (into a fresh,
    temporary SQLite database: the configured database is not touched)."""
    import tempfile

    from kinerja_api.reports.demo_documents import demo_documents
    from kinerja_api.reports.render import render

    async def work(session: Any) -> list[str]:
        from kinerja_api.demo import load_demo_data

        await load_demo_data(session)
        await session.flush()
        written = []
        for name, document in (await demo_documents(session)).items():
            png = await render(document.template, document.data, fmt="png", ppi=ppi)
            (out / f"{name}.png").write_bytes(png)
            written.append(name)
        return written

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = _settings().model_copy(
            update={"database_url": f"sqlite+aiosqlite:///{tmp}/docs.db", "environment": "test"}
        )
        _run_db(lambda: upgrade_database(settings))
        written = _in_session(settings, work)
    typer.echo(f"rendered {', '.join(written)} into {out}")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    migrate: Annotated[bool, typer.Option(help="Apply migrations before serving")] = True,
    demo: Annotated[bool, typer.Option(help="Load demo data before serving")] = False,
) -> None:
    """Run the API with uvicorn (Swagger UI at /docs)."""
    import uvicorn

    settings = _settings()
    if demo:
        demo_data(migrate=migrate)
    elif migrate:
        _run_db(lambda: upgrade_database(settings))
    typer.echo(f"Swagger UI: http://{host}:{port}/docs")
    uvicorn.run(
        "kinerja_api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,  # the app decides whom to believe: KINERJA_TRUSTED_PROXIES
        log_level=settings.log_level.lower(),
        access_log=False,
    )


@app.command("worker")
def worker(
    once: Annotated[
        bool, typer.Option(help="One round (fan out, deliver what is due), then exit")
    ] = False,
) -> None:
    """Deliver outbox events to webhook subscriptions until stopped (SIGTERM/SIGINT finish the
    round in progress, then exit). Several may run at once."""
    import signal

    from kinerja_api.core.db import make_engine, make_sessionmaker
    from kinerja_api.core.logging import configure_logging
    from kinerja_api.integration import worker as delivery
    from kinerja_api.notifications import service as notifications

    settings = _settings()
    configure_logging(settings.log_level, json_logs=settings.log_json)

    async def main() -> None:
        engine = make_engine(settings)
        sessionmaker = make_sessionmaker(engine)
        consumers = [notifications.from_events]

        async def email() -> None:
            await notifications.send_emails(sessionmaker, settings)

        try:
            if once:
                import httpx

                async with httpx.AsyncClient() as client:
                    outcome = await delivery.run_once(
                        sessionmaker, settings, client, consumers=consumers, chores=[email]
                    )
                typer.echo(
                    f"{outcome.dispatched} events dispatched, {outcome.delivered} delivered, "
                    f"{outcome.failed} failed"
                )
                return
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            typer.echo("worker started; stop with Ctrl+C or SIGTERM")
            sys.stdout.flush()
            await delivery.run(sessionmaker, settings, stop, consumers=consumers, chores=[email])
            typer.echo("worker stopped")
        finally:
            await engine.dispose()

    _run_db(lambda: asyncio.run(main()))


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The document of this code (built once per process: it takes seconds)."""
    from kinerja_api.main import create_app

    return create_app(Settings(environment="development")).openapi()


def render_openapi() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


@openapi_app.command("export")
def openapi_export(
    output: Annotated[Path, typer.Option(help="Where to write; - for stdout")] = ROOT
    / "openapi"
    / "openapi.json",
    check: Annotated[bool, typer.Option(help="Only verify the file is up to date")] = False,
) -> None:
    """Write the OpenAPI document (or check that the committed one is current)."""
    text = render_openapi()
    if str(output) == "-":
        sys.stdout.write(text)
        return
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            raise _fail(f"{output} is out of date; run `kinerja openapi export`")
        typer.echo(f"{output} is up to date")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}")


if __name__ == "__main__":  # pragma: no cover
    app()
