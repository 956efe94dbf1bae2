# ruff: noqa: E501  -- one line per operation: the table reads best unwrapped
"""THE access policy of the API, one line per operation, read by ``test_permission_matrix``.

A rule says which roles get past the permission gate of an operation and, for each of them,
on which objects the operation then succeeds:

* ``OWN`` — the caller's own (their SKP, reports, appraisal, employee record, ...);
* ``SUB`` — a subordinate's, by the position chain (only supervisors have them here);
* ``ORG`` — anything else of the caller's organization: another unit's employee, or an
  organization-level object (unit, goal, survey, ...) of the caller's organization;
* ``OTHER_OPD`` — (the OPD admin only) an employee, unit, position, need, workload task or
  account of another OPD of the caller's instansi;
* ``OTHER_ORG`` — an object of another organization.

The ``service`` column is a service account of the caller's organization holding every scope
(``integration``): it never acts as a person, so it appears only where a scope grants
reading or writing data (:data:`SERVICE`); elsewhere it is refused at the gate (403).

The expected status of every (operation, role, scope) follows from the rule:

* a role absent from the rule: anonymous → 401, others → 403 (refused at the gate, whatever
  the object);
* a role present with the scope: success (2xx; 409/412/422 from business rules count too:
  access was granted);
* a role present without the scope: 404 for ``OTHER_ORG`` (no existence leak), else 403
  (a known object the caller may not act on).

The platform admin belongs to no organization: both ``ORG`` and ``OTHER_ORG`` are "some
organization" to it. Operations without a path object are called once per role (scope ``ORG``).

Lines commented ``kept:`` record the app's behaviour where the design does not settle the
question; change the line together with the app when the policy is decided.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class Scope(enum.StrEnum):
    OWN = "own"
    SUB = "subordinate"
    ORG = "other unit"
    OTHER_OPD = "other OPD"
    OTHER_ORG = "other organization"


ROLES = ("anonymous", "staff", "supervisor", "admin", "opd_admin", "platform", "service")
#: Roles in the permission matrix are accounts of organization A: its instansi admin
#: (``admin``, no OPD), the admin of its Dinas Kesehatan (``opd_admin``), ...
OWN, SUB, ORG, OTHER_ORG = Scope.OWN, Scope.SUB, Scope.ORG, Scope.OTHER_ORG
OTHER_OPD = Scope.OTHER_OPD
ANYWHERE = frozenset(Scope)


@dataclass(frozen=True)
class Rule:
    #: role → the scopes it succeeds on; a role present passes the permission gate.
    grants: Mapping[str, frozenset[Scope]]
    #: role → one status whatever the scope (e.g. 404 "no employee record" of a /me route).
    fixed: Mapping[str, int] = field(default_factory=dict)
    #: The SKP workflow answers 409 before 403 when the SKP's state allows the action to no
    #: one (documented on each action): a refusal may then be 409 instead of 403.
    state_first: bool = False

    def __or__(self, other: Rule) -> Rule:
        roles = {*self.grants, *other.grants}
        return Rule(
            {r: self.grants.get(r, frozenset()) | other.grants.get(r, frozenset()) for r in roles},
            {**self.fixed, **other.fixed},
            self.state_first or other.state_first,
        )

    def expected(self, role: str, scope: Scope) -> int | None:
        """``None`` for success, else the status the caller must get."""
        if role in self.fixed:
            return self.fixed[role]
        if role not in self.grants:
            return 401 if role == "anonymous" else 403
        if scope in self.grants[role]:
            return None
        return 404 if scope is OTHER_ORG else 403


def grant(roles: Iterable[str], scopes: Iterable[Scope]) -> Rule:
    return Rule({r: frozenset(scopes) for r in roles})


def answers(status: int, *roles: str) -> Rule:
    """Roles that always get ``status`` (not an access decision: e.g. no employee record)."""
    return Rule({}, {r: status for r in roles})


def gate(*roles: str) -> Rule:
    """Roles that pass the permission gate but succeed on no object (row-level refusal)."""
    return grant(roles, ())


_MEMBERS = ("staff", "supervisor", "admin")
PUBLIC = grant(ROLES, ANYWHERE)  # no sign-in
SIGNED_IN = grant(ROLES[1:], ANYWHERE)  # any account, about itself
PEOPLE_SIGNED_IN = grant(ROLES[1:-1], ANYWHERE)  # any person's account, about itself
SERVICE = grant(("service",), (ORG,))  # a service account of the organization, by its scopes
MEMBERS = grant(_MEMBERS, (OWN, SUB, ORG))  # everyone of the organization
PLATFORM = grant(("platform",), (ORG, OTHER_ORG))  # the platform admin, every organization
ADMIN = grant(("admin",), (ORG,))  # the organization's admin
SELF = grant(("staff", "supervisor"), (OWN,))  # the employee themself
CHAIN = grant(("staff", "supervisor"), (OWN,)) | grant(("supervisor",), (SUB,))  # + superiors
APPRAISER = grant(("supervisor",), (SUB,)) | gate("staff")  # the superior, not the employee

# kept: SKP actions answer 409 "not possible in this state" before 403 "not yours to take"
WORKFLOW = Rule({}, state_first=True)
# kept: "my ..." routes answer 404 to an account without an employee record (the matrix's
# admin and the platform admin), not 403
NO_EMPLOYEE = answers(404, "admin")
NO_EMPLOYEE_ANYONE = answers(404, "admin", "platform")

# fmt: off
TABLE: dict[str, Rule] = {
    # ---- sign-in, public, health ----------------------------------------------------------
    "POST /api/v1/auth/token":                                  PUBLIC,
    "POST /api/v1/auth/refresh":                                PUBLIC,
    "POST /api/v1/auth/logout":                                 SIGNED_IN,
    "GET /api/v1/auth/me":                                      SIGNED_IN,
    "POST /api/v1/auth/password":                               PEOPLE_SIGNED_IN,
    "GET /api/v1/public/surveys/{token}":                       PUBLIC,
    "POST /api/v1/public/surveys/{token}/responses":            PUBLIC,
    "GET /health/live":                                         PUBLIC,
    "GET /health/ready":                                        PUBLIC,
    "GET /metrics":                                             PUBLIC,
    # ---- organizations, units, positions --------------------------------------------------
    "GET /api/v1/organizations":                                SIGNED_IN,  # one's own only
    "POST /api/v1/organizations":                               PLATFORM,
    "GET /api/v1/organizations/{org_id}":                       MEMBERS | PLATFORM,
    "PATCH /api/v1/organizations/{org_id}":                     PLATFORM,
    "GET /api/v1/organizations/{org_id}/settings":              MEMBERS | PLATFORM,
    "PATCH /api/v1/organizations/{org_id}/settings":            ADMIN | PLATFORM,
    # the catalogue of units of measure (satuan) is the instansi's: its admins add units
    "GET /api/v1/organizations/{org_id}/units-of-measure":      MEMBERS | PLATFORM,
    "POST /api/v1/organizations/{org_id}/units-of-measure":     ADMIN | PLATFORM,
    "GET /api/v1/units-of-measure/{unit_of_measure_id}":        MEMBERS | PLATFORM,
    "GET /api/v1/organizations/{org_id}/units":                 MEMBERS | PLATFORM,
    "POST /api/v1/organizations/{org_id}/units":                ADMIN,
    "GET /api/v1/units/{unit_id}":                              MEMBERS | PLATFORM,
    "PATCH /api/v1/units/{unit_id}":                            ADMIN,
    "GET /api/v1/units/{unit_id}/subtree":                      MEMBERS | PLATFORM,
    "GET /api/v1/units/{unit_id}/path":                         MEMBERS | PLATFORM,
    "GET /api/v1/units/{unit_id}/org-chart":                    MEMBERS | PLATFORM,
    "GET /api/v1/organizations/{org_id}/positions":             MEMBERS | PLATFORM,
    "POST /api/v1/organizations/{org_id}/positions":            ADMIN,
    "GET /api/v1/positions/{position_id}":                      MEMBERS | PLATFORM,
    "PATCH /api/v1/positions/{position_id}":                    ADMIN,
    # ---- employees, assignments, appraisers, users, bulk data -----------------------------
    "GET /api/v1/organizations/{org_id}/employees":             MEMBERS | PLATFORM,  # directory
    "POST /api/v1/organizations/{org_id}/employees":            ADMIN,
    "GET /api/v1/employees/{employee_id}":                      MEMBERS | PLATFORM,  # directory
    "PATCH /api/v1/employees/{employee_id}":                    ADMIN,
    "GET /api/v1/employees/{employee_id}/assignments":          CHAIN | ADMIN | PLATFORM,
    "POST /api/v1/employees/{employee_id}/assignments":         ADMIN,
    "GET /api/v1/organizations/{org_id}/assignments":           ADMIN | PLATFORM,
    "GET /api/v1/assignments/{assignment_id}":                  CHAIN | ADMIN | PLATFORM,
    "PATCH /api/v1/assignments/{assignment_id}":                ADMIN,
    "POST /api/v1/assignments/{assignment_id}/end":             ADMIN,
    # transfers involve two organizations: the matrix's request (``transfer-requests``) is one
    # into organization A from a third one, so A's admin is its receiver (reads, accepts,
    # refuses, never cancels); the sender's side and the platform admin, who asks on a
    # sender's behalf but never decides for a receiver: tests/test_transfer_requests.py
    "POST /api/v1/employees/{employee_id}/transfer-requests":   ADMIN | PLATFORM,
    "GET /api/v1/organizations/{org_id}/transfer-requests":     ADMIN | PLATFORM,
    "GET /api/v1/transfer-requests/{request_id}":               ADMIN | PLATFORM,
    "POST /api/v1/transfer-requests/{request_id}/accept":       ADMIN,
    "POST /api/v1/transfer-requests/{request_id}/refuse":       ADMIN,
    "POST /api/v1/transfer-requests/{request_id}/cancel":       gate("admin") | PLATFORM,
    "GET /api/v1/employees/{employee_id}/transfers":            CHAIN | ADMIN | PLATFORM,
    "GET /api/v1/organizations/{org_id}/data-quality":          ADMIN | PLATFORM,
    "GET /api/v1/employees/{employee_id}/appraisers":           CHAIN | ADMIN | PLATFORM,
    "GET /api/v1/employees/{employee_id}/appraiser-overrides":  CHAIN | ADMIN | PLATFORM,
    "POST /api/v1/employees/{employee_id}/appraiser-overrides": ADMIN,
    "GET /api/v1/appraiser-overrides/{override_id}":            ADMIN | PLATFORM | gate("staff", "supervisor"),
    "PATCH /api/v1/appraiser-overrides/{override_id}":          ADMIN,
    "POST /api/v1/appraiser-overrides/{override_id}/revoke":    ADMIN,
    "POST /api/v1/organizations/{org_id}/imports/{kind}":       ADMIN | PLATFORM,
    "GET /api/v1/organizations/{org_id}/imports/{kind}/template": ADMIN | PLATFORM,
    "GET /api/v1/organizations/{org_id}/exports/{kind}":        ADMIN | PLATFORM,
    "GET /api/v1/me/profile":                                   MEMBERS | NO_EMPLOYEE_ANYONE,
    "GET /api/v1/me/team":                                      MEMBERS | NO_EMPLOYEE_ANYONE,
    "GET /api/v1/organizations/{org_id}/users":                 ADMIN | PLATFORM,
    "POST /api/v1/organizations/{org_id}/users":                ADMIN | PLATFORM,
    "GET /api/v1/users/{user_id}":                              ADMIN | PLATFORM,
    "PATCH /api/v1/users/{user_id}":                            ADMIN | PLATFORM,
    "POST /api/v1/users/{user_id}/password-reset":              ADMIN | PLATFORM,
    "GET /api/v1/audit-log":                                    ADMIN | PLATFORM,
    # ---- vision, goals, IKU ----------------------------------------------------------------
    "GET /api/v1/organizations/{org_id}/strategies":            MEMBERS,
    "POST /api/v1/organizations/{org_id}/strategies":           ADMIN,
    "GET /api/v1/strategies/{strategy_id}":                     MEMBERS,
    "PATCH /api/v1/strategies/{strategy_id}":                   ADMIN,
    "GET /api/v1/organizations/{org_id}/goals":                 MEMBERS,
    "POST /api/v1/organizations/{org_id}/goals":                ADMIN,
    "GET /api/v1/organizations/{org_id}/goals/tree":            MEMBERS,
    "GET /api/v1/goals/{goal_id}":                              MEMBERS,
    "PATCH /api/v1/goals/{goal_id}":                            ADMIN,
    "DELETE /api/v1/goals/{goal_id}":                           ADMIN,
    "GET /api/v1/goals/{goal_id}/key-indicators":               MEMBERS,
    "POST /api/v1/goals/{goal_id}/key-indicators":              ADMIN,
    "GET /api/v1/key-indicators/{indicator_id}":                MEMBERS,
    "PATCH /api/v1/key-indicators/{indicator_id}":              ADMIN,
    "DELETE /api/v1/key-indicators/{indicator_id}":             ADMIN,
    # ---- SKP: the owner writes, the appraiser decides, the admin locks ---------------------
    "POST /api/v1/skp":                                         MEMBERS | NO_EMPLOYEE,  # my SKP
    "GET /api/v1/skp":                                          MEMBERS,  # in one's scope
    "GET /api/v1/skp/{skp_id}":                                 CHAIN | ADMIN,
    "PATCH /api/v1/skp/{skp_id}":                               SELF | gate("admin"),
    "POST /api/v1/skp/{skp_id}/submit":                         SELF | gate("admin") | WORKFLOW,
    "POST /api/v1/skp/{skp_id}/approve":                        APPRAISER | gate("admin") | WORKFLOW,
    "POST /api/v1/skp/{skp_id}/return":                         APPRAISER | gate("admin") | WORKFLOW,
    "POST /api/v1/skp/{skp_id}/request-revision":               CHAIN | gate("admin") | WORKFLOW,
    "POST /api/v1/skp/{skp_id}/lock":                           ADMIN | gate("staff", "supervisor") | WORKFLOW,
    "POST /api/v1/skp/{skp_id}/unlock":                         ADMIN | gate("staff", "supervisor") | WORKFLOW,
    "GET /api/v1/skp/{skp_id}/events":                          CHAIN | ADMIN,
    "GET /api/v1/skp/{skp_id}/versions":                        CHAIN | ADMIN,
    "GET /api/v1/skp/{skp_id}/versions/{revision}":             CHAIN | ADMIN,
    "GET /api/v1/skp/{skp_id}/versions/{revision}/diff/{other_revision}": CHAIN | ADMIN,
    "GET /api/v1/skp/{skp_id}/cascade-options":                 CHAIN | ADMIN,
    "GET /api/v1/skp/{skp_id}/realizations":                    CHAIN | ADMIN,
    "GET /api/v1/skp/{skp_id}/work-results":                    CHAIN | ADMIN,
    "GET /api/v1/skp/{skp_id}/pdf":                             CHAIN | ADMIN,  # reports
    "POST /api/v1/skp/{skp_id}/work-results":                   SELF | gate("admin"),
    "GET /api/v1/work-results/{work_result_id}":                CHAIN | ADMIN,
    "PATCH /api/v1/work-results/{work_result_id}":              SELF | gate("admin"),
    "DELETE /api/v1/work-results/{work_result_id}":             SELF | gate("admin"),
    "GET /api/v1/work-results/{work_result_id}/indicators":     CHAIN | ADMIN,
    "POST /api/v1/work-results/{work_result_id}/indicators":    SELF | gate("admin"),
    "GET /api/v1/skp-indicators/{indicator_id}":                CHAIN | ADMIN,
    "PATCH /api/v1/skp-indicators/{indicator_id}":              SELF | gate("admin"),
    "DELETE /api/v1/skp-indicators/{indicator_id}":             SELF | gate("admin"),
    "GET /api/v1/skp-indicators/{indicator_id}/realizations/{period}": CHAIN | ADMIN,
    "PUT /api/v1/skp-indicators/{indicator_id}/realizations/{period}": SELF | gate("admin"),
    "POST /api/v1/skp-indicators/{indicator_id}/realizations/{period}/evidence": SELF | gate("admin"),
    "GET /api/v1/skp-indicators/{indicator_id}/realizations/{period}/evidence/{evidence_id}": CHAIN | ADMIN,
    "GET /api/v1/organizations/{org_id}/skp/waiting":           ADMIN,
    "GET /api/v1/organizations/{org_id}/skp/late":              ADMIN,
    "GET /api/v1/organizations/{org_id}/cascade":               ADMIN,
    "GET /api/v1/me/skp-blockers":                              MEMBERS | NO_EMPLOYEE,
    # ---- daily activity reports: the employee writes, the appraiser reviews ---------------
    "POST /api/v1/activity-reports":                            MEMBERS | NO_EMPLOYEE,  # my report
    "GET /api/v1/activity-reports":                             MEMBERS | NO_EMPLOYEE,  # mine
    "GET /api/v1/activity-reports/inbox":                       MEMBERS | NO_EMPLOYEE,  # my team's
    "POST /api/v1/activity-reports/batch-approve":              MEMBERS,  # verdict per report
    "GET /api/v1/activity-reports/{report_id}":                 CHAIN | ADMIN,
    "PATCH /api/v1/activity-reports/{report_id}":               SELF | gate("admin"),
    "POST /api/v1/activity-reports/{report_id}/withdraw":       SELF | gate("admin"),
    "POST /api/v1/activity-reports/{report_id}/approve":        APPRAISER | gate("admin"),
    "POST /api/v1/activity-reports/{report_id}/reject":         APPRAISER | gate("admin"),
    "GET /api/v1/employees/{employee_id}/activity-summary":     CHAIN | ADMIN,
    "GET /api/v1/employees/{employee_id}/activity-calendar":    CHAIN | ADMIN,
    "GET /api/v1/employees/{employee_id}/activity-recap.pdf":   CHAIN | ADMIN,  # reports
    # the matrix's unit is the supervisor's own (PKM): superiors see their subordinates there
    "GET /api/v1/units/{unit_id}/activity-recap":               ADMIN | grant(["supervisor"], [ORG]) | gate("staff"),
    "GET /api/v1/organizations/{org_id}/activity-reminders":    MEMBERS,  # one's scope
    # ---- appraisal: periods by the admin; the appraiser rates; the appraised answers -------
    "POST /api/v1/appraisal-periods":                           ADMIN,
    "GET /api/v1/appraisal-periods":                            MEMBERS,
    "GET /api/v1/appraisal-periods/{period_id}":                MEMBERS,
    "POST /api/v1/appraisal-periods/{period_id}/open":          ADMIN,
    "POST /api/v1/appraisal-periods/{period_id}/close":         ADMIN,
    "POST /api/v1/appraisal-periods/{period_id}/reopen":        ADMIN,
    "PUT /api/v1/appraisal-periods/{period_id}/organization-result": ADMIN,
    "GET /api/v1/appraisal-periods/{period_id}/curve":          ADMIN,
    "GET /api/v1/appraisal-periods/{period_id}/curve/people":   ADMIN,
    "GET /api/v1/appraisal-periods/{period_id}/curve.png":      ADMIN,  # reports
    "POST /api/v1/appraisal-periods/{period_id}/units/{unit_id}/finalize": ADMIN,
    "GET /api/v1/appraisal-periods/{period_id}/ranking":        ADMIN,
    "POST /api/v1/appraisal-periods/{period_id}/rewards":       ADMIN,
    "GET /api/v1/appraisal-periods/{period_id}/rewards":        MEMBERS,  # recognition is public
    "POST /api/v1/appraisal-rewards/{reward_id}/revoke":        ADMIN,
    "GET /api/v1/appraisals":                                   MEMBERS,  # in one's scope
    "GET /api/v1/appraisals/{appraisal_id}":                    CHAIN | ADMIN,
    "GET /api/v1/appraisals/{appraisal_id}/pdf":                CHAIN | ADMIN,  # reports
    "PUT /api/v1/appraisals/{appraisal_id}/self-assessment":    SELF | gate("admin"),
    "PUT /api/v1/appraisals/{appraisal_id}/rating":             APPRAISER | gate("admin"),
    "POST /api/v1/appraisals/{appraisal_id}/peer-inputs":       APPRAISER | gate("admin"),
    # kept: the appraised does not see the peers' inputs on their own appraisal
    "GET /api/v1/appraisals/{appraisal_id}/peer-inputs":        APPRAISER | ADMIN,
    "PUT /api/v1/peer-inputs/{input_id}":                       SELF | gate("admin"),  # the peer asked
    "POST /api/v1/appraisals/{appraisal_id}/acknowledge":       SELF | gate("admin"),
    "POST /api/v1/appraisals/{appraisal_id}/objection":         SELF | gate("admin"),
    # only the appraiser's superior decides (kadis: none of the matrix's callers)
    "POST /api/v1/appraisals/{appraisal_id}/objection/decision": gate("staff", "supervisor", "admin"),
    "GET /api/v1/appraisals/{appraisal_id}/events":             CHAIN | ADMIN,
    # ---- needs analysis: surveys, needs register, workload, competencies, development -----
    "GET /api/v1/organizations/{org_id}/surveys":               ADMIN,
    "POST /api/v1/organizations/{org_id}/surveys":              ADMIN,
    "GET /api/v1/surveys/{survey_id}":                          ADMIN,
    "PATCH /api/v1/surveys/{survey_id}":                        ADMIN,
    "DELETE /api/v1/surveys/{survey_id}":                       ADMIN,
    "POST /api/v1/surveys/{survey_id}/publish":                 ADMIN,
    "POST /api/v1/surveys/{survey_id}/close":                   ADMIN,
    "GET /api/v1/surveys/{survey_id}/results":                  ADMIN,
    "GET /api/v1/surveys/{survey_id}/results/{question_key}/answers": ADMIN,
    "GET /api/v1/surveys/{survey_id}/responses/export":         ADMIN,
    "GET /api/v1/organizations/{org_id}/needs":                 MEMBERS,
    "POST /api/v1/organizations/{org_id}/needs":                ADMIN,
    "POST /api/v1/organizations/{org_id}/needs/from-survey":    ADMIN,
    "GET /api/v1/organizations/{org_id}/needs/coverage":        MEMBERS,
    "GET /api/v1/needs/{need_id}":                              MEMBERS,
    "PATCH /api/v1/needs/{need_id}":                            ADMIN,
    "POST /api/v1/needs/{need_id}/close":                       ADMIN,
    "POST /api/v1/needs/{need_id}/links":                       ADMIN,
    "DELETE /api/v1/needs/{need_id}/links/{link_id}":           ADMIN,
    "GET /api/v1/positions/{position_id}/workload-tasks":       ADMIN,
    "POST /api/v1/positions/{position_id}/workload-tasks":      ADMIN,
    "GET /api/v1/workload-tasks/{task_id}":                     ADMIN,
    "PATCH /api/v1/workload-tasks/{task_id}":                   ADMIN,
    "DELETE /api/v1/workload-tasks/{task_id}":                  ADMIN,
    "GET /api/v1/organizations/{org_id}/workload":              ADMIN,
    "POST /api/v1/organizations/{org_id}/workload-tasks/import": ADMIN,
    "GET /api/v1/organizations/{org_id}/workload-tasks/export": ADMIN,
    "GET /api/v1/organizations/{org_id}/competencies":          MEMBERS,
    "POST /api/v1/organizations/{org_id}/competencies":         ADMIN,
    "GET /api/v1/positions/{position_id}/competency-standards": MEMBERS,
    "PUT /api/v1/positions/{position_id}/competency-standards": ADMIN,
    "DELETE /api/v1/positions/{position_id}/competency-standards/{standard_id}": ADMIN,
    "GET /api/v1/employees/{employee_id}/competency-assessments": CHAIN | ADMIN,
    "POST /api/v1/employees/{employee_id}/competency-assessments": APPRAISER | ADMIN,
    "GET /api/v1/employees/{employee_id}/competency-gaps":      CHAIN | ADMIN,
    "GET /api/v1/units/{unit_id}/competency-gaps":              MEMBERS,  # employees in one's scope
    "GET /api/v1/organizations/{org_id}/competency-gaps":       MEMBERS,  # employees in one's scope
    "GET /api/v1/employees/{employee_id}/development-plans":    CHAIN | ADMIN,
    # kept: the employee proposes a plan for themself, then only the superior/admin edit it
    "POST /api/v1/employees/{employee_id}/development-plans":   CHAIN | ADMIN,
    "GET /api/v1/development-plans/{plan_id}":                  CHAIN | ADMIN,
    "PATCH /api/v1/development-plans/{plan_id}":                APPRAISER | ADMIN,
    "DELETE /api/v1/development-plans/{plan_id}":               APPRAISER | ADMIN,
    "POST /api/v1/development-plans/{plan_id}/approve":         APPRAISER | ADMIN,
    "GET /api/v1/organizations/{org_id}/learning-hours":        MEMBERS,  # one's scope
    "GET /api/v1/organizations/{org_id}/development-budget":    MEMBERS,  # one's scope
    # ---- integration: service accounts ----------------------------------------------------
    "GET /api/v1/organizations/{org_id}/service-accounts":     ADMIN,
    "POST /api/v1/organizations/{org_id}/service-accounts":    ADMIN,
    "GET /api/v1/service-accounts/{service_account_id}":       ADMIN,
    "PATCH /api/v1/service-accounts/{service_account_id}":     ADMIN,
    "POST /api/v1/service-accounts/{service_account_id}/rotate-secret": ADMIN,
    "POST /api/v1/service-accounts/{service_account_id}/revoke": ADMIN,
    "GET /api/v1/organizations/{org_id}/results":              ADMIN,
    "GET /api/v1/results/employees/{nip}":                      ADMIN,
    "GET /api/v1/organizations/{org_id}/webhooks":              ADMIN,
    "POST /api/v1/organizations/{org_id}/webhooks":             ADMIN,
    "GET /api/v1/webhooks/{webhook_id}":                        ADMIN,
    "PATCH /api/v1/webhooks/{webhook_id}":                      ADMIN,
    "DELETE /api/v1/webhooks/{webhook_id}":                     ADMIN,
    "GET /api/v1/webhooks/{webhook_id}/deliveries":             ADMIN,
    "POST /api/v1/webhook-deliveries/{delivery_id}/redeliver":  ADMIN,
    # ---- performance dialogues: the supervisor holds them, participants confirm ------------
    "POST /api/v1/dialogues":                                   MEMBERS | NO_EMPLOYEE,  # with one's subordinates
    "POST /api/v1/me/dialogue-requests":                        MEMBERS | NO_EMPLOYEE,  # of one's appraiser
    "GET /api/v1/dialogues":                                    MEMBERS,  # in one's scope
    "GET /api/v1/dialogues/{dialogue_id}":                      CHAIN | ADMIN,
    "POST /api/v1/dialogues/{dialogue_id}/accept":              APPRAISER | gate("admin"),
    "POST /api/v1/dialogues/{dialogue_id}/decline":             APPRAISER | gate("admin"),
    "PUT /api/v1/dialogues/{dialogue_id}/record":               APPRAISER | gate("admin"),
    "POST /api/v1/dialogues/{dialogue_id}/actions":             APPRAISER | gate("admin"),
    "POST /api/v1/dialogues/{dialogue_id}/confirmation":        SELF | gate("admin"),  # participants only
    "GET /api/v1/dialogue-actions/{action_id}":                 CHAIN | ADMIN,
    "PATCH /api/v1/dialogue-actions/{action_id}":               CHAIN | gate("admin"),  # owner or the dialogue's supervisor
    "POST /api/v1/dialogue-actions/{action_id}/development-plan": APPRAISER | ADMIN,
    "GET /api/v1/me/actions":                                   MEMBERS | NO_EMPLOYEE,
    "GET /api/v1/me/notifications":                             PEOPLE_SIGNED_IN,
    "POST /api/v1/me/notifications/read":                       PEOPLE_SIGNED_IN,
    "GET /api/v1/units/{unit_id}/dialogue-actions":             MEMBERS,  # owners in one's scope
    "GET /api/v1/employees/{employee_id}/dialogue-report":      CHAIN | ADMIN,
    "GET /api/v1/appraisals/{appraisal_id}/dialogues":          CHAIN | ADMIN,
    # ---- collaboration programs: the lead's admins run it, partners' admins answer ---------
    # (the matrix's partner is a unit of the same organization, like an OPD of an instansi;
    # other organizations as partners: tests/test_programs.py)
    "POST /api/v1/programs":                                    ADMIN,
    "GET /api/v1/programs":                                     MEMBERS,
    "GET /api/v1/programs/{program_id}":                        MEMBERS,
    "PATCH /api/v1/programs/{program_id}":                      ADMIN,
    "GET /api/v1/programs/{program_id}/dashboard":              MEMBERS,
    "POST /api/v1/programs/{program_id}/milestones":            ADMIN,
    "PATCH /api/v1/program-milestones/{milestone_id}":          ADMIN,
    "POST /api/v1/programs/{program_id}/partners":              ADMIN,
    "POST /api/v1/program-partners/{partner_id}/accept":         ADMIN,
    "POST /api/v1/program-partners/{partner_id}/decline":        ADMIN,
    "POST /api/v1/program-partners/{partner_id}/remove":         ADMIN,
    "POST /api/v1/program-partners/{partner_id}/members":        ADMIN,
    "DELETE /api/v1/program-members/{member_id}":               ADMIN,
    "POST /api/v1/programs/{program_id}/contributions":         MEMBERS | NO_EMPLOYEE,  # one's own RHK
    "DELETE /api/v1/program-contributions/{contribution_id}":   ADMIN | gate("staff", "supervisor"),  # or the RHK's owner
    "GET /api/v1/appraisals/{appraisal_id}/programs":           CHAIN | ADMIN,
}

#: Where a service account (holding every scope) succeeds, by the scope that grants it; every
#: other operation refuses it at the gate (403): nothing that acts as a person, nothing of
#: another organization.
SERVICE_GRANTS: dict[str, tuple[str, ...]] = {
    "employees:read": (
        "GET /api/v1/organizations/{org_id}",
        "GET /api/v1/organizations/{org_id}/settings",
        "GET /api/v1/organizations/{org_id}/units-of-measure",
        "GET /api/v1/units-of-measure/{unit_of_measure_id}",
        "GET /api/v1/organizations/{org_id}/units",
        "GET /api/v1/units/{unit_id}",
        "GET /api/v1/units/{unit_id}/subtree",
        "GET /api/v1/units/{unit_id}/path",
        "GET /api/v1/units/{unit_id}/org-chart",
        "GET /api/v1/organizations/{org_id}/positions",
        "GET /api/v1/positions/{position_id}",
        "GET /api/v1/organizations/{org_id}/employees",
        "GET /api/v1/employees/{employee_id}",
        "GET /api/v1/employees/{employee_id}/assignments",
        "GET /api/v1/organizations/{org_id}/assignments",
        "GET /api/v1/assignments/{assignment_id}",
        "GET /api/v1/employees/{employee_id}/transfers",
        "GET /api/v1/employees/{employee_id}/appraisers",
        "GET /api/v1/employees/{employee_id}/appraiser-overrides",
        "GET /api/v1/appraiser-overrides/{override_id}",
    ),
    "employees:write": (
        "POST /api/v1/organizations/{org_id}/employees",
        "PATCH /api/v1/employees/{employee_id}",
        "POST /api/v1/employees/{employee_id}/assignments",
        "PATCH /api/v1/assignments/{assignment_id}",
        "POST /api/v1/assignments/{assignment_id}/end",
    ),
    "activities:read": (
        "GET /api/v1/activity-reports/{report_id}",
        "GET /api/v1/employees/{employee_id}/activity-summary",
        "GET /api/v1/employees/{employee_id}/activity-calendar",
        "GET /api/v1/employees/{employee_id}/activity-recap.pdf",
        "GET /api/v1/units/{unit_id}/activity-recap",
        "GET /api/v1/organizations/{org_id}/activity-reminders",
    ),
    "results:read": (
        "GET /api/v1/organizations/{org_id}/results",
        "GET /api/v1/results/employees/{nip}",
    ),
    "appraisals:read": (
        "GET /api/v1/appraisal-periods",
        "GET /api/v1/appraisal-periods/{period_id}",
        "GET /api/v1/appraisal-periods/{period_id}/rewards",
        "GET /api/v1/appraisals",
        "GET /api/v1/appraisals/{appraisal_id}",
        "GET /api/v1/appraisals/{appraisal_id}/pdf",
        "GET /api/v1/appraisals/{appraisal_id}/events",
    ),
}
#: Past the gate, refused on every object: "my ..." routes answer 404 "no employee record"
#: (as to admins), peer inputs are for the appraiser and the admin only.
SERVICE_FIXED: dict[str, Rule] = {
    "GET /api/v1/activity-reports": answers(404, "service"),
    "GET /api/v1/me/profile": answers(404, "service"),
    "GET /api/v1/me/team": answers(404, "service"),
    "GET /api/v1/appraisals/{appraisal_id}/peer-inputs": gate("service"),
}
for _scope, _keys in SERVICE_GRANTS.items():
    for _key in _keys:
        TABLE[_key] = TABLE[_key] | SERVICE
for _key, _rule in SERVICE_FIXED.items():
    TABLE[_key] = TABLE[_key] | _rule
# fmt: on

# ---- the OPD admin ---------------------------------------------------------------------------
#: What only the instansi admin (BKPSDM) does: an OPD admin is refused at the gate (403), as
#: ``auth.permissions.INSTANSI_ONLY`` says (settings, transfers in and out, audit log, integration,
#: competency catalogue, surveys, appraisal periods and their admin actions,
#: bulk import/export).
INSTANSI_ONLY_OPS = frozenset(
    {
        "PATCH /api/v1/organizations/{org_id}/settings",
        "POST /api/v1/organizations/{org_id}/units-of-measure",
        "POST /api/v1/employees/{employee_id}/transfer-requests",
        "GET /api/v1/organizations/{org_id}/transfer-requests",
        "GET /api/v1/transfer-requests/{request_id}",
        "POST /api/v1/transfer-requests/{request_id}/accept",
        "POST /api/v1/transfer-requests/{request_id}/refuse",
        "POST /api/v1/transfer-requests/{request_id}/cancel",
        "GET /api/v1/audit-log",
        "POST /api/v1/organizations/{org_id}/imports/{kind}",
        "GET /api/v1/organizations/{org_id}/imports/{kind}/template",
        "GET /api/v1/organizations/{org_id}/exports/{kind}",
        "POST /api/v1/appraisal-periods",
        "POST /api/v1/appraisal-periods/{period_id}/open",
        "POST /api/v1/appraisal-periods/{period_id}/close",
        "POST /api/v1/appraisal-periods/{period_id}/reopen",
        "PUT /api/v1/appraisal-periods/{period_id}/organization-result",
        "GET /api/v1/appraisal-periods/{period_id}/curve",
        "GET /api/v1/appraisal-periods/{period_id}/curve/people",
        "GET /api/v1/appraisal-periods/{period_id}/curve.png",
        "POST /api/v1/appraisal-periods/{period_id}/units/{unit_id}/finalize",
        "GET /api/v1/appraisal-periods/{period_id}/ranking",
        "POST /api/v1/appraisal-periods/{period_id}/rewards",
        "POST /api/v1/appraisal-rewards/{reward_id}/revoke",
        "GET /api/v1/organizations/{org_id}/surveys",
        "POST /api/v1/organizations/{org_id}/surveys",
        "GET /api/v1/surveys/{survey_id}",
        "PATCH /api/v1/surveys/{survey_id}",
        "DELETE /api/v1/surveys/{survey_id}",
        "POST /api/v1/surveys/{survey_id}/publish",
        "POST /api/v1/surveys/{survey_id}/close",
        "GET /api/v1/surveys/{survey_id}/results",
        "GET /api/v1/surveys/{survey_id}/results/{question_key}/answers",
        "GET /api/v1/surveys/{survey_id}/responses/export",
        "POST /api/v1/organizations/{org_id}/needs/from-survey",
        "POST /api/v1/organizations/{org_id}/workload-tasks/import",
        "GET /api/v1/organizations/{org_id}/workload-tasks/export",
        "POST /api/v1/organizations/{org_id}/competencies",
        "PUT /api/v1/positions/{position_id}/competency-standards",
        "DELETE /api/v1/positions/{position_id}/competency-standards/{standard_id}",
        "GET /api/v1/organizations/{org_id}/service-accounts",
        "POST /api/v1/organizations/{org_id}/service-accounts",
        "GET /api/v1/service-accounts/{service_account_id}",
        "PATCH /api/v1/service-accounts/{service_account_id}",
        "POST /api/v1/service-accounts/{service_account_id}/rotate-secret",
        "POST /api/v1/service-accounts/{service_account_id}/revoke",
        "GET /api/v1/organizations/{org_id}/results",
        "GET /api/v1/results/employees/{nip}",
        "GET /api/v1/organizations/{org_id}/webhooks",
        "POST /api/v1/organizations/{org_id}/webhooks",
        "GET /api/v1/webhooks/{webhook_id}",
        "PATCH /api/v1/webhooks/{webhook_id}",
        "DELETE /api/v1/webhooks/{webhook_id}",
        "GET /api/v1/webhooks/{webhook_id}/deliveries",
        "POST /api/v1/webhook-deliveries/{delivery_id}/redeliver",
    }
)
#: Where the OPD admin's answer is not the instansi admin's narrowed to the OPD:
OPD_ADMIN_RULES: dict[str, Rule] = {
    # the matrix's goals, IKU and strategy are the instansi's own (RPJMD): an OPD admin writes
    # only their OPD's (Renstra; tests/test_cascade_opd.py), and is refused here
    "POST /api/v1/organizations/{org_id}/strategies": gate("opd_admin"),
    "PATCH /api/v1/strategies/{strategy_id}": gate("opd_admin"),
    "POST /api/v1/organizations/{org_id}/goals": gate("opd_admin"),
    "PATCH /api/v1/goals/{goal_id}": gate("opd_admin"),
    "DELETE /api/v1/goals/{goal_id}": gate("opd_admin"),
    "POST /api/v1/goals/{goal_id}/key-indicators": gate("opd_admin"),
    "PATCH /api/v1/key-indicators/{indicator_id}": gate("opd_admin"),
    "DELETE /api/v1/key-indicators/{indicator_id}": gate("opd_admin"),
    # the matrix's account target (a staff account without an employee record) belongs to
    # no OPD: only instansi admins manage it
    "GET /api/v1/users/{user_id}": gate("opd_admin"),
    "PATCH /api/v1/users/{user_id}": gate("opd_admin"),
    "POST /api/v1/users/{user_id}/password-reset": gate("opd_admin"),
    # the recap of another OPD's unit is for that unit's superiors, not for this OPD's admin
    "GET /api/v1/units/{unit_id}/activity-recap": grant(["opd_admin"], [ORG]),
    # kept: peers' inputs are for the appraiser and the instansi admin
    "GET /api/v1/appraisals/{appraisal_id}/peer-inputs": gate("opd_admin"),
}


def _opd_admin(key: str, rule: Rule) -> Rule:
    """The OPD admin: no instansi-only operation; elsewhere the instansi admin's reach
    within the OPD (``ORG`` objects are of the OPD), plus what any member may do on another
    unit's objects, which then holds for other OPDs too (directory, structure, needs)."""
    if key in OPD_ADMIN_RULES:
        return OPD_ADMIN_RULES[key]
    if key in INSTANSI_ONLY_OPS:
        return Rule({})
    fixed = {"opd_admin": rule.fixed["admin"]} if "admin" in rule.fixed else {}
    member = rule.grants.get("staff", frozenset()) | rule.grants.get("supervisor", frozenset())
    if "admin" not in rule.grants and ORG not in member:
        return Rule({}, fixed)
    scopes = set(rule.grants.get("admin", frozenset()))
    if ORG in member:
        scopes |= {ORG, OTHER_OPD}
    return Rule({"opd_admin": frozenset(scopes)}, fixed)


for _key, _rule in list(TABLE.items()):
    TABLE[_key] = _rule | _opd_admin(_key, _rule)
