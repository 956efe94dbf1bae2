"""HTTP: service accounts of an organization (admins create, rotate, revoke them) and the
results feed for allowance payroll."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status
from pydantic import BaseModel
from sqlalchemy import select

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.errors import NotFound
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.patterns import NIP_PATTERN
from kinerja_api.core.validation import MONTH_PATTERN
from kinerja_api.integration import feeds, rules, service, webhooks
from kinerja_api.integration.feed_schemas import EmployeeResult, ResultsPage
from kinerja_api.integration.models import (
    DeliveryStatus,
    ServiceAccount,
    WebhookDelivery,
    WebhookSubscription,
)
from kinerja_api.integration.schemas import (
    DeliveryRead,
    SecretRotate,
    ServiceAccountCreate,
    ServiceAccountCredentials,
    ServiceAccountRead,
    ServiceAccountUpdate,
    WebhookCreate,
    WebhookCredentials,
    WebhookRead,
    WebhookUpdate,
)
from kinerja_api.organizations.models import Employee, Unit
from kinerja_api.organizations.service import org_today, visible_organization

router = APIRouter(tags=["integration"], route_class=IdempotentRoute)

Manager = Annotated[Principal, require(Perm.SERVICE_ACCOUNTS_MANAGE)]


@router.get(
    "/organizations/{org_id}/service-accounts",
    response_model=Page[ServiceAccountRead],
    summary="List service accounts",
    description="The organization's service accounts (other systems calling this API), with "
    "their scopes, when and from where each last obtained a token, and which secrets still "
    "work (never their values). Sort: `name`, `created_at`.",
    responses=problems(*AUTHED, 404),
)
async def list_service_accounts(
    org_id: uuid.UUID, principal: Manager, session: SessionDep, page: PageDep
) -> Page[ServiceAccountRead]:
    await visible_organization(session, principal, org_id)
    stmt = select(ServiceAccount).where(ServiceAccount.organization_id == org_id)
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"name": ServiceAccount.name, "created_at": ServiceAccount.created_at},
        default_sort="name",
        id_column=ServiceAccount.id,
    )
    items = [await service.to_read(session, a) for a in rows]
    return Page[ServiceAccountRead](items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/organizations/{org_id}/service-accounts",
    response_model=ServiceAccountCredentials,
    status_code=status.HTTP_201_CREATED,
    summary="Create a service account",
    description="Returns the client id and the client secret **once** (only its SHA-256 is "
    "stored). The system exchanges them at `POST /api/v1/auth/token` "
    "(`grant_type=client_credentials`) for an access token limited to the scopes granted "
    "here and to this organization. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_service_account(
    org_id: uuid.UUID,
    body: ServiceAccountCreate,
    response: Response,
    principal: Manager,
    session: SessionDep,
) -> ServiceAccountCredentials:
    await visible_organization(session, principal, org_id)
    account, secret = await service.create_account(session, principal, org_id, body)
    created(response, f"/api/v1/service-accounts/{account.id}", account.version)
    return ServiceAccountCredentials(
        client_id=account.client_id,
        client_secret=secret,
        service_account=await service.to_read(session, account),
    )


@router.get(
    "/service-accounts/{service_account_id}",
    response_model=ServiceAccountRead,
    summary="Read a service account",
    responses=problems(*AUTHED, 404),
)
async def read_service_account(
    service_account_id: uuid.UUID, response: Response, principal: Manager, session: SessionDep
) -> ServiceAccountRead:
    account = await service.visible_account(session, principal, service_account_id)
    set_etag(response, account.version)
    return await service.to_read(session, account)


@router.patch(
    "/service-accounts/{service_account_id}",
    response_model=ServiceAccountRead,
    summary="Update a service account (name, description, scopes)",
    description="Changing the scopes ends the account's access tokens at once (the system "
    "asks for a new one). Send `If-Match` with the ETag you read. A revoked account: 409.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_service_account(
    service_account_id: uuid.UUID,
    body: ServiceAccountUpdate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    if_match: IfMatch = None,
) -> ServiceAccountRead:
    account = await service.visible_account(session, principal, service_account_id)
    check_if_match(if_match, account.version)
    account = await service.update_account(session, account, body)
    set_etag(response, account.version)
    return await service.to_read(session, account)


@router.post(
    "/service-accounts/{service_account_id}/rotate-secret",
    response_model=ServiceAccountCredentials,
    summary="Rotate the client secret",
    description="Returns a new secret **once**. The previous secret keeps working for "
    "`grace_minutes` (default one day), so the other system can switch without downtime; "
    "tokens already issued stay valid until they expire. A revoked account: 409.",
    responses=problems(*AUTHED, 404, 409),
)
async def rotate_service_account_secret(
    service_account_id: uuid.UUID,
    body: SecretRotate,
    response: Response,
    principal: Manager,
    session: SessionDep,
) -> ServiceAccountCredentials:
    account = await service.visible_account(session, principal, service_account_id)
    secret = await service.rotate_secret(session, account, body.grace_minutes)
    set_etag(response, account.version)
    return ServiceAccountCredentials(
        client_id=account.client_id,
        client_secret=secret,
        service_account=await service.to_read(session, account),
    )


@router.post(
    "/service-accounts/{service_account_id}/revoke",
    response_model=ServiceAccountRead,
    summary="Revoke a service account",
    description="Final: every secret and every access token of the account stops working at "
    "once. Revoking a revoked account changes nothing.",
    responses=problems(*AUTHED, 404),
)
async def revoke_service_account(
    service_account_id: uuid.UUID, response: Response, principal: Manager, session: SessionDep
) -> ServiceAccountRead:
    account = await service.visible_account(session, principal, service_account_id)
    account = await service.revoke_account(session, account)
    set_etag(response, account.version)
    return await service.to_read(session, account)


# ---- the results feed (allowance payroll) --------------------------------------------------

ResultsReader = Annotated[Principal, require(Perm.RESULTS_READ)]
MonthParam = Annotated[
    str,
    Query(
        pattern=MONTH_PATTERN,
        description="Month `YYYY-MM` (the payroll month).",
        examples=["2026-03"],
    ),
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        description="The `ETag` of the copy you hold: answered with 304 and no body when "
        "nothing changed."
    ),
]
FEED_DOC = (
    " Answers carry an `ETag`; send it back as `If-None-Match` to get **304 Not Modified** "
    "(no body) while nothing changed. Numbers are the ones the SKP realization, activity "
    "summary and appraisal endpoints show; predikat only once delivered (`finalized`) or "
    "decided after an objection (`final`)."
)


def _conditional(request_tag: str | None, model: BaseModel) -> Response:
    body = model.model_dump_json().encode()
    tag = rules.entity_tag(body)
    headers = {"ETag": tag}
    if rules.not_modified(request_tag, tag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(content=body, media_type="application/json", headers=headers)


@router.get(
    "/organizations/{org_id}/results",
    response_model=ResultsPage,
    summary="Results feed for allowance payroll (by organization or unit)",
    description="Per employee of the organization (or holding a position in `unit_id` or a "
    "unit below it today) and month: the approved SKP's realization per indicator, the "
    "month's activity-report figures, the appraisals of periods overlapping the month. "
    "`updated_since` lists only employees with a change since then (incremental pulls: "
    "keep the largest `updated_at` you received). Sorted by NIP; paginated." + FEED_DOC,
    responses={304: {"description": "Not modified"}, **problems(*AUTHED, 404)},
)
async def list_results(
    org_id: uuid.UUID,
    month: MonthParam,
    principal: ResultsReader,
    session: SessionDep,
    page: PageDep,
    unit_id: uuid.UUID | None = None,
    updated_since: Annotated[
        datetime | None,
        Query(description="ISO 8601 with time zone, e.g. `2026-04-01T00:00:00Z`."),
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    org = await visible_organization(session, principal, org_id)
    units = None
    if unit_id is not None:
        unit = await session.get(Unit, unit_id)
        if unit is None or unit.organization_id != org.id:
            raise NotFound()
        units = feeds.unit_subtree(unit)
    stmt = feeds.employees_statement(
        org,
        unit_ids=units,
        today=org_today(org),
        month=month,
        updated_since=_aware(updated_since),
    )
    rows, cursor = await paginate(
        session, stmt, page, sorts={"nip": Employee.nip}, default_sort="nip", id_column=Employee.id
    )
    items = await feeds.results(session, org, list(rows), month)
    return _conditional(
        if_none_match, ResultsPage(items=items, next_cursor=cursor, limit=page.limit)
    )


@router.get(
    "/results/employees/{nip}",
    response_model=EmployeeResult,
    summary="Results of one employee by NIP (allowance payroll)",
    description="The month's results of the employee with this NIP in the caller's "
    "organization (another organization's NIP: 404)." + FEED_DOC,
    responses={304: {"description": "Not modified"}, **problems(*AUTHED, 404)},
)
async def employee_results(
    nip: Annotated[str, Path(pattern=NIP_PATTERN, description="NIP, 18 digits.")],
    month: MonthParam,
    principal: ResultsReader,
    session: SessionDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    employee = await session.scalar(
        select(Employee).where(
            Employee.nip == nip, Employee.organization_id == principal.organization_id
        )
    )
    if employee is None:
        raise NotFound()
    org = await visible_organization(session, principal, employee.organization_id)
    [result] = await feeds.results(session, org, [employee], month)
    return _conditional(if_none_match, result)


def _aware(value: datetime | None) -> datetime | None:
    """``updated_since`` without a time zone is read as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# ---- webhooks --------------------------------------------------------------------------------

WebhookFilter = Annotated[
    DeliveryStatus | None, Query(description="Only deliveries in this state.")
]
WEBHOOK_DOC = (
    " Each delivery is a `POST` of `{id, type, occurred_at, organization_id, subject, data}` "
    "with the headers `Kinerja-Event`, `Kinerja-Delivery` (this delivery's id) and "
    '`Kinerja-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the '
    "secret>`; a 2xx answer confirms it. Delivery is at least once: de-duplicate by the body's "
    "`id`. One subscription's events arrive in order: a failure holds the later ones back and "
    "is retried with exponential backoff; after `KINERJA_WEBHOOK_DISABLE_AFTER` consecutive "
    "failures the subscription is disabled with the reason (its events keep waiting)."
)


@router.get(
    "/organizations/{org_id}/webhooks",
    response_model=Page[WebhookRead],
    summary="List webhook subscriptions",
    description="The organization's webhook subscriptions (never their secrets), newest "
    "first, with their delivery state. Instansi admins.",
    responses=problems(*AUTHED, 404),
)
async def list_webhooks(
    org_id: uuid.UUID, principal: Manager, session: SessionDep, page: PageDep
) -> Page[WebhookRead]:
    await visible_organization(session, principal, org_id)
    stmt = select(WebhookSubscription).where(WebhookSubscription.organization_id == org_id)
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"created_at": WebhookSubscription.created_at},
        default_sort="-created_at",
        id_column=WebhookSubscription.id,
    )
    items = [await webhooks.to_read(session, h) for h in rows]
    return Page[WebhookRead](items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/organizations/{org_id}/webhooks",
    response_model=WebhookCredentials,
    status_code=status.HTTP_201_CREATED,
    summary="Register a webhook subscription",
    description="Returns the signing secret **once**. Events of the chosen types that happen "
    "from now on are delivered to `url`." + WEBHOOK_DOC + " Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 422),
    dependencies=[Idempotent],
)
async def create_webhook(
    org_id: uuid.UUID,
    body: WebhookCreate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    settings: SettingsDep,
) -> WebhookCredentials:
    await visible_organization(session, principal, org_id)
    hook, secret = await webhooks.create(session, settings, principal, org_id, body)
    created(response, f"/api/v1/webhooks/{hook.id}", hook.version)
    return WebhookCredentials(secret=secret, webhook=await webhooks.to_read(session, hook))


@router.get(
    "/webhooks/{webhook_id}",
    response_model=WebhookRead,
    summary="Read a webhook subscription",
    responses=problems(*AUTHED, 404),
)
async def read_webhook(
    webhook_id: uuid.UUID, response: Response, principal: Manager, session: SessionDep
) -> WebhookRead:
    hook = await webhooks.visible(session, principal, webhook_id)
    set_etag(response, hook.version)
    return await webhooks.to_read(session, hook)


@router.patch(
    "/webhooks/{webhook_id}",
    response_model=WebhookRead,
    summary="Update, disable or enable a webhook subscription",
    description="URL, description, event types; `active: false` stops deliveries, "
    "`active: true` enables a disabled subscription (also one disabled after failures) and "
    "sends what waited, in order. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412, 422),
)
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    settings: SettingsDep,
    if_match: IfMatch = None,
) -> WebhookRead:
    hook = await webhooks.visible(session, principal, webhook_id)
    check_if_match(if_match, hook.version)
    hook = await webhooks.update(session, settings, hook, body)
    set_etag(response, hook.version)
    return await webhooks.to_read(session, hook)


@router.delete(
    "/webhooks/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a webhook subscription",
    description="Deletes it with its delivery log and undelivered events. To pause "
    "deliveries instead, `PATCH` it with `active: false`.",
    responses=problems(*AUTHED, 404, 412),
)
async def delete_webhook(
    webhook_id: uuid.UUID, principal: Manager, session: SessionDep, if_match: IfMatch = None
) -> Response:
    hook = await webhooks.visible(session, principal, webhook_id)
    check_if_match(if_match, hook.version)
    await webhooks.delete(session, hook)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response_model=Page[DeliveryRead],
    summary="Delivery log of a webhook subscription",
    description="Newest first: each event sent (or waiting) with its attempts, the last "
    "answer's status and start of its body, or the error.",
    responses=problems(*AUTHED, 404),
)
async def list_deliveries(
    webhook_id: uuid.UUID,
    principal: Manager,
    session: SessionDep,
    page: PageDep,
    status_filter: Annotated[WebhookFilter, Query(alias="status")] = None,
) -> Page[DeliveryRead]:
    hook = await webhooks.visible(session, principal, webhook_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == hook.id)
    if status_filter is not None:
        stmt = stmt.where(WebhookDelivery.status == status_filter)
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"created_at": WebhookDelivery.created_at},
        default_sort="-created_at",
        id_column=WebhookDelivery.id,
    )
    return Page[DeliveryRead](
        items=[webhooks.delivery_read(d) for d in rows], next_cursor=cursor, limit=page.limit
    )


@router.post(
    "/webhook-deliveries/{delivery_id}/redeliver",
    response_model=DeliveryRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a delivered event again",
    description="Queues a new delivery of the same event (same body `id`) to the same "
    "subscription; the worker sends it. A delivery still waiting: 409.",
    responses=problems(*AUTHED, 404, 409),
)
async def redeliver(
    delivery_id: uuid.UUID, principal: Manager, session: SessionDep
) -> DeliveryRead:
    delivery = await webhooks.visible_delivery(session, principal, delivery_id)
    return webhooks.delivery_read(await webhooks.redeliver(session, delivery))
