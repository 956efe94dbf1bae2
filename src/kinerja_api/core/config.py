"""Settings from the environment (``KINERJA_*``), cached and overridable in tests."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-secret-change-me-0123456789abcdef"


class Settings(BaseSettings):
    """Every knob of the service. Read once per process via :func:`get_settings`."""

    model_config = SettingsConfigDict(env_prefix="KINERJA_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./kinerja.db"
    database_echo: bool = False
    database_pool_size: int = Field(default=10, ge=1, le=200)

    secret_key: str = DEV_SECRET
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=365)

    password_min_length: int = Field(default=10, ge=8, le=128)
    login_rate_per_ip: int = Field(default=30, ge=1, description="login attempts per IP per window")
    login_rate_per_account: int = Field(default=10, ge=1)
    login_rate_window_seconds: int = Field(default=60, ge=1)
    lockout_failures: int = Field(default=5, ge=1, description="failed logins before lockout")
    lockout_seconds: int = Field(default=15 * 60, ge=1)

    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    survey_rate_per_ip: int = Field(
        default=20, ge=1, description="public survey submissions per client IP per window"
    )
    survey_rate_window_seconds: int = Field(default=600, ge=1)
    nip_taken_answers: int = Field(
        default=20,
        ge=1,
        description='answers "NIP already registered" (elsewhere: another organization, or '
        "another OPD for an OPD admin) one account may get per window, from POST /employees, "
        "PATCH /employees and employee imports (dry runs too); 429 nip_answers_limited above",
    )
    nip_taken_window_seconds: int = Field(default=24 * 3600, ge=1)
    survey_response_max_bytes: int = Field(
        default=32 * 1024, ge=1024, description="body limit of one public survey submission"
    )
    import_max_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="largest CSV/XLSX file accepted by the bulk imports (413 above it); "
        "applies instead of max_body_bytes to the import endpoints",
    )
    import_max_rows: int = Field(default=20_000, ge=1, description="data rows per import file")
    import_max_errors: int = Field(
        default=10_000,
        ge=1,
        description="row errors listed in one 422 answer to an import (the count is always "
        "complete)",
    )
    page_size_default: int = Field(default=50, ge=1)
    page_size_max: int = Field(default=200, ge=1)

    evidence_dir: Path = Field(
        default=Path("./data/evidence"),
        description="Where uploaded evidence (bukti dukung) files are stored, under generated "
        "names; keep it outside any path a web server serves",
    )
    evidence_max_bytes: int = Field(
        default=5 * 1024 * 1024,
        ge=1024,
        le=100 * 1024 * 1024,
        description="Largest evidence file accepted (413 above it)",
    )
    evidence_content_types: list[str] = Field(
        default_factory=lambda: ["application/pdf", "image/png", "image/jpeg"],
        min_length=1,
        description="Evidence file types accepted, recognized by their content (magic bytes)",
    )

    redis_url: str | None = Field(
        default=None,
        description="redis://host:6379/0 — shares login throttling and lockout across "
        "processes; without it each process counts on its own",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="CIDRs of reverse proxies whose X-Forwarded-For is believed (e.g. "
        '["10.0.0.0/8"]); empty: the TCP peer is the client',
    )
    ipv6_throttle_prefix: int = Field(
        default=64,
        ge=32,
        le=128,
        description="IPv6 clients are throttled per network of this prefix length",
    )
    webhook_allow_private_targets: bool = Field(
        default=False,
        description="let webhooks call loopback, private and link-local addresses (and plain "
        "http:// on loopback): on-premise deployments whose receivers are inside the network",
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    webhook_backoff_base_seconds: float = Field(
        default=30.0, gt=0, description="first retry delay; doubles per consecutive failure"
    )
    webhook_backoff_max_seconds: float = Field(default=6 * 3600.0, gt=0)
    webhook_disable_after: int = Field(
        default=12,
        ge=1,
        description="consecutive failed attempts after which a subscription is disabled "
        "(its undelivered events wait until an admin enables it again)",
    )
    worker_batch: int = Field(default=20, ge=1, le=1000, description="deliveries per claim")
    worker_poll_seconds: float = Field(default=2.0, gt=0)
    smtp_host: str | None = Field(
        default=None, description="SMTP server for notification e-mails; unset: no e-mail"
    )
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "kinerja@localhost"
    cors_origins: list[str] = Field(default_factory=list)
    log_level: str = "INFO"
    log_json: bool = True

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment != "development" and (
            self.secret_key == DEV_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "KINERJA_SECRET_KEY must be set to a random value of at least 32 characters "
                "outside development"
            )
        return self

    @model_validator(mode="after")
    def _check_proxies(self) -> Settings:
        for cidr in self.trusted_proxies:
            try:
                ipaddress.ip_network(cidr.strip(), strict=False)
            except ValueError as exc:
                raise ValueError(f"KINERJA_TRUSTED_PROXIES: {cidr!r} is not a CIDR") from exc
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
