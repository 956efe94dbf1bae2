"""The one permission mechanism: roles grant permissions; endpoints require permissions.

Row-level scope (own / subordinates / organization) is decided per domain by a statement
helper that takes the :class:`Principal`; tenant isolation is decided by
:meth:`Principal.can_access_org`. Service accounts carry permissions as scopes
(:data:`SERVICE_SCOPES`): a few read and write permissions, never one that acts as a person
(approving, rating, objecting), since those need an employee record and a position chain.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from kinerja_api.auth.models import Role


class Perm(enum.StrEnum):
    ORGANIZATIONS_MANAGE = "organizations:manage"  # platform: create/update organizations
    ORGANIZATION_READ = "organization:read"
    SETTINGS_WRITE = "settings:write"  # an organization's configuration
    UNITS_READ = "units:read"
    UNITS_WRITE = "units:write"
    POSITIONS_READ = "positions:read"
    POSITIONS_WRITE = "positions:write"
    # Everyone reads employees; row-level rules decide full record vs directory fields.
    EMPLOYEES_READ = "employees:read"
    EMPLOYEES_READ_ALL = "employees:read_all"  # full records of the whole organization
    EMPLOYEES_WRITE = "employees:write"  # create/update employees, assign/end positions
    EMPLOYEES_TRANSFER = "employees:transfer"  # ask to move an employee to another organization
    # Accept or refuse a transfer request into one's organization: its instansi admins only
    # (not the platform admin: the receiving instansi decides whom it takes in).
    TRANSFERS_DECIDE = "transfers:decide"
    APPRAISERS_MANAGE = "appraisers:manage"  # override the chain's appraisers
    DATA_QUALITY_READ = "data_quality:read"
    USERS_READ = "users:read"
    USERS_MANAGE = "users:manage"
    AUDIT_READ = "audit:read"
    GOALS_READ = "goals:read"  # vision, mission, goals and IKU
    GOALS_WRITE = "goals:write"
    SURVEYS_MANAGE = "surveys:manage"  # build, publish, close surveys; results and export
    NEEDS_READ = "needs:read"  # the needs register and its coverage
    NEEDS_WRITE = "needs:write"
    # Performance plans (SKP): read and write what the position chain allows (own SKP,
    # subordinates' SKP as appraiser); admins read every SKP of the organization, lock and
    # force-unlock them and see the organization-wide views (cascade tree, waiting, late).
    SKP_READ = "skp:read"
    SKP_WRITE = "skp:write"
    SKP_ADMIN = "skp:admin"
    # Daily activity reports: write one's own; review derives from the position chain (only
    # the appraiser on the report date reviews); admins read every report of the organization.
    ACTIVITIES_READ = "activities:read"
    ACTIVITIES_WRITE = "activities:write"
    ACTIVITIES_REVIEW = "activities:review"
    ACTIVITIES_READ_ALL = "activities:read_all"
    # Appraisals: the row-level rules (own, snapshot appraiser, appraiser's superior, peer
    # asked for input) decide what each person reads and does; admins manage periods,
    # organization results, curve checks, finalization and rewards.
    APPRAISALS_READ = "appraisals:read"
    APPRAISALS_WRITE = "appraisals:write"
    APPRAISALS_ADMIN = "appraisals:admin"
    APPRAISALS_READ_ALL = "appraisals:read_all"  # read every appraisal (admins, services)
    # The results feed for allowance payroll (TPP): realization, activity summary, predikat.
    RESULTS_READ = "results:read"
    SERVICE_ACCOUNTS_MANAGE = "service_accounts:manage"  # integration accounts, webhooks
    WORKLOAD_READ = "workload:read"  # workload analysis (ABK): tasks and the report
    WORKLOAD_WRITE = "workload:write"
    COMPETENCIES_WRITE = "competencies:write"  # the catalog and position standards
    # Competency assessments, gaps and development plans need only NEEDS_READ: the position
    # chain (own / subordinates / organization) decides whose.
    # Bulk CSV/XLSX import and export of units, positions and employees (with NIP, email,
    # phone). Platform admins get them too: they load a new agency's structure for it.
    DATA_IMPORT = "data:import"
    DATA_EXPORT = "data:export"
    # Performance dialogues: the position chain decides who schedules, records, confirms and
    # reads (participants, their superiors, the organization's admins).
    DIALOGUES = "dialogues:use"
    # Collaboration programs: everyone of a taking-part organization reads them (members link
    # their RHK); admins create programs, invite, answer invitations and set member roles.
    PROGRAMS_READ = "programs:read"
    PROGRAMS_MANAGE = "programs:manage"


_STAFF = frozenset(
    {
        Perm.ORGANIZATION_READ,
        Perm.UNITS_READ,
        Perm.POSITIONS_READ,
        Perm.EMPLOYEES_READ,
        Perm.GOALS_READ,
        Perm.NEEDS_READ,
        Perm.SKP_READ,
        Perm.SKP_WRITE,
        Perm.ACTIVITIES_READ,
        Perm.ACTIVITIES_WRITE,
        Perm.ACTIVITIES_REVIEW,
        Perm.APPRAISALS_READ,
        Perm.APPRAISALS_WRITE,
        Perm.DIALOGUES,
        Perm.PROGRAMS_READ,
    }
)
# Supervisors get no extra permission: what they may see of their subordinates follows from
# the position chain (including acting assignments), whatever the account's role.
_SUPERVISOR = _STAFF
_ADMIN = _SUPERVISOR | {
    Perm.SETTINGS_WRITE,
    Perm.UNITS_WRITE,
    Perm.POSITIONS_WRITE,
    Perm.EMPLOYEES_READ_ALL,
    Perm.EMPLOYEES_WRITE,
    Perm.EMPLOYEES_TRANSFER,
    Perm.TRANSFERS_DECIDE,
    Perm.APPRAISERS_MANAGE,
    Perm.DATA_QUALITY_READ,
    Perm.USERS_READ,
    Perm.USERS_MANAGE,
    Perm.AUDIT_READ,
    Perm.GOALS_WRITE,
    Perm.SURVEYS_MANAGE,
    Perm.NEEDS_WRITE,
    Perm.SKP_ADMIN,
    Perm.ACTIVITIES_READ_ALL,
    Perm.APPRAISALS_ADMIN,
    Perm.APPRAISALS_READ_ALL,
    Perm.RESULTS_READ,
    Perm.SERVICE_ACCOUNTS_MANAGE,
    Perm.WORKLOAD_READ,
    Perm.WORKLOAD_WRITE,
    Perm.COMPETENCIES_WRITE,
    Perm.DATA_IMPORT,
    Perm.DATA_EXPORT,
    Perm.PROGRAMS_MANAGE,
}
_PLATFORM = frozenset(
    {
        Perm.ORGANIZATIONS_MANAGE,
        Perm.ORGANIZATION_READ,
        Perm.SETTINGS_WRITE,
        Perm.UNITS_READ,
        Perm.POSITIONS_READ,
        Perm.EMPLOYEES_READ,
        Perm.EMPLOYEES_READ_ALL,
        Perm.EMPLOYEES_TRANSFER,
        Perm.DATA_QUALITY_READ,
        Perm.USERS_READ,
        Perm.USERS_MANAGE,
        Perm.AUDIT_READ,
        Perm.DATA_IMPORT,
        Perm.DATA_EXPORT,
    }
)

#: What only an instansi admin (BKPSDM) does, never an OPD admin: the instansi's settings,
#: appraisal periods, organization results, curve checks and rewards, moves out of the
#: instansi, the audit log, integration accounts and the payroll results feed, the
#: competency catalogue, surveys, and bulk import/export (whole-organization files). An OPD
#: admin runs one unit kerja: its people, accounts, units and positions, appraiser
#: corrections, SKP administration, its OPD's strategy, goals and IKU (Renstra; the
#: instansi's RPJMD stays with the instansi admin), the needs register and workload of its
#: units, collaboration programs its OPD leads or takes part in (``collaboration.service.
#: is_admin_of``), and reads its people's reports and appraisals (each check limited to the
#: OPD, see ``Principal.reaches_opd``).
INSTANSI_ONLY = frozenset(
    {
        Perm.SETTINGS_WRITE,
        Perm.EMPLOYEES_TRANSFER,
        Perm.TRANSFERS_DECIDE,
        Perm.AUDIT_READ,
        Perm.SERVICE_ACCOUNTS_MANAGE,
        Perm.RESULTS_READ,
        Perm.COMPETENCIES_WRITE,
        Perm.SURVEYS_MANAGE,
        Perm.APPRAISALS_ADMIN,
        Perm.DATA_IMPORT,
        Perm.DATA_EXPORT,
    }
)
_OPD_ADMIN = _ADMIN - INSTANSI_ONLY

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.STAFF: _STAFF,
    Role.SUPERVISOR: _SUPERVISOR,
    Role.ADMIN: _ADMIN,
    Role.PLATFORM_ADMIN: _PLATFORM,
    Role.SERVICE: frozenset(),  # only what its scopes grant
}

_EMPLOYEES_READ = frozenset(
    {
        Perm.ORGANIZATION_READ,
        Perm.UNITS_READ,
        Perm.POSITIONS_READ,
        Perm.EMPLOYEES_READ,
        Perm.EMPLOYEES_READ_ALL,
    }
)
#: The scopes a service account may be granted, each with the permissions it carries. None
#: of them lets a service act as a person: SKP and report decisions, ratings and objections
#: need ``SKP_WRITE``/``ACTIVITIES_REVIEW``/``APPRAISALS_WRITE``, which no scope grants.
SERVICE_SCOPES: dict[str, frozenset[Perm]] = {
    "employees:read": _EMPLOYEES_READ,
    "employees:write": _EMPLOYEES_READ | {Perm.EMPLOYEES_WRITE},
    "activities:read": frozenset(
        {Perm.ORGANIZATION_READ, Perm.ACTIVITIES_READ, Perm.ACTIVITIES_READ_ALL}
    ),
    "appraisals:read": frozenset(
        {Perm.ORGANIZATION_READ, Perm.APPRAISALS_READ, Perm.APPRAISALS_READ_ALL}
    ),
    "results:read": frozenset({Perm.ORGANIZATION_READ, Perm.RESULTS_READ}),
}


def scope_permissions(scopes: str | None) -> frozenset[Perm]:
    """The permissions of a space-separated OAuth2 ``scope`` string (unknown names: none)."""
    perms: set[Perm] = set()
    for name in (scopes or "").split():
        perms |= SERVICE_SCOPES.get(name, frozenset())
    return frozenset(perms)


@dataclass(frozen=True)
class Principal:
    """Who is calling: resolved once per request from the access token."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    organization_id: uuid.UUID | None
    role: Role
    username: str
    #: The employee (ASN) record linked to the account, if any: the anchor of "own" data and
    #: of the supervisor scope (see ``kinerja_api.organizations.scope``).
    employee_id: uuid.UUID | None = None
    #: A service account's permissions (from the scopes in its token); ignored for people.
    scopes: frozenset[Perm] = frozenset()
    #: An OPD admin's OPD (a top-level unit): their admin powers stop at its subtree. Null
    #: for instansi admins and everyone who is not an admin.
    opd_id: uuid.UUID | None = None

    @property
    def permissions(self) -> frozenset[Perm]:
        if self.role is Role.SERVICE:
            return self.scopes
        if self.is_opd_admin:
            return _OPD_ADMIN
        return ROLE_PERMISSIONS[self.role]

    @property
    def is_opd_admin(self) -> bool:
        """An admin of one OPD (unit kerja), not of the whole instansi."""
        return self.role is Role.ADMIN and self.opd_id is not None

    def reaches_opd(self, opd_id: uuid.UUID | None) -> bool:
        """Admin reach inside the organization: an OPD admin reaches their own OPD only (a
        person not yet placed in any OPD belongs to the instansi admins); everyone else with
        admin permissions reaches every OPD."""
        return not self.is_opd_admin or opd_id == self.opd_id

    @property
    def is_service(self) -> bool:
        return self.role is Role.SERVICE

    @property
    def is_platform_admin(self) -> bool:
        return self.role is Role.PLATFORM_ADMIN

    def has(self, *perms: Perm) -> bool:
        return all(p in self.permissions for p in perms)

    def can_access_org(self, organization_id: uuid.UUID) -> bool:
        """Tenant isolation: one's own organization only; platform admins reach all."""
        return self.is_platform_admin or self.organization_id == organization_id
