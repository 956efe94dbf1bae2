"""Demo rows of the integration domain: Palu's payroll system (SIMPEG TPP) as a service
account with a known demo secret, so the README's client example runs against the demo."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import Role, User
from kinerja_api.core.security import hash_token
from kinerja_api.integration.models import ServiceAccount, ServiceAccountSecret
from kinerja_api.integration.service import NO_PASSWORD
from kinerja_api.organizations.models import Organization

DEMO_CLIENT_ID = "ksa_demo_palu_tpp"
DEMO_CLIENT_SECRET = "kss_Demo-TPP-Palu-2026"  # demo data only (refused in production)
DEMO_SCOPES = ["employees:read", "results:read"]


async def ensure_demo_integration(session: AsyncSession, palu: Organization) -> None:
    """Idempotent: the service account "SIMPEG TPP Kota Palu" of Pemerintah Kota Palu."""
    if await session.scalar(
        select(ServiceAccount.id).where(ServiceAccount.client_id == DEMO_CLIENT_ID)
    ):
        return
    user = User(
        organization_id=palu.id,
        username=DEMO_CLIENT_ID,
        full_name="SIMPEG TPP Kota Palu",
        role=Role.SERVICE,
        password_hash=NO_PASSWORD,
    )
    session.add(user)
    await session.flush()
    account = ServiceAccount(
        organization_id=palu.id,
        user_id=user.id,
        client_id=DEMO_CLIENT_ID,
        name="SIMPEG TPP Kota Palu",
        description="Tambahan penghasilan pegawai (TPP): menarik hasil kinerja bulanan",
        scopes=DEMO_SCOPES,
    )
    session.add(account)
    await session.flush()
    session.add(
        ServiceAccountSecret(
            service_account_id=account.id, secret_hash=hash_token(DEMO_CLIENT_SECRET)
        )
    )
    await session.flush()
