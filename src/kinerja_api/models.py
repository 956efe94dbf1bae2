"""Imports every model so ``Base.metadata`` is complete (Alembic, tests)."""

from kinerja_api.activities.models import ActivityReport
from kinerja_api.appraisals.models import (
    Appraisal,
    AppraisalEvent,
    AppraisalItem,
    AppraisalPeerInput,
    AppraisalPeriod,
    AppraisalReward,
)
from kinerja_api.auth.models import AuthSession, RefreshToken, User
from kinerja_api.collaboration.models import (
    Program,
    ProgramContribution,
    ProgramGoal,
    ProgramMember,
    ProgramMilestone,
    ProgramPartner,
)
from kinerja_api.core.audit import AuditLog
from kinerja_api.core.db import Base
from kinerja_api.core.idempotency import IdempotencyRecord
from kinerja_api.core.outbox import OutboxEvent
from kinerja_api.dialogs.models import Dialogue, DialogueAction, DialogueParticipant
from kinerja_api.indicators.goals.models import KeyIndicator, OrganizationGoal, OrganizationStrategy
from kinerja_api.indicators.skp.models import (
    Skp,
    SkpEvent,
    SkpEvidence,
    SkpIndicator,
    SkpRealization,
    SkpVersion,
    SkpWorkResult,
)
from kinerja_api.integration.models import (
    ServiceAccount,
    ServiceAccountSecret,
    WebhookDelivery,
    WebhookSubscription,
)
from kinerja_api.needs.development.models import (
    Competency,
    CompetencyAssessment,
    CompetencyStandard,
    DevelopmentPlan,
)
from kinerja_api.needs.register.models import Need, NeedLink
from kinerja_api.needs.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from kinerja_api.needs.workload.models import WorkloadTask
from kinerja_api.notifications.models import Notification
from kinerja_api.organizations.models import (
    AppraiserOverride,
    Employee,
    EmployeePosition,
    EmployeeTransfer,
    Organization,
    Position,
    Unit,
)
from kinerja_api.organizations.units_of_measure.models import UnitOfMeasure

__all__ = [
    "ActivityReport",
    "Appraisal",
    "AppraisalEvent",
    "AppraisalItem",
    "AppraisalPeerInput",
    "AppraisalPeriod",
    "AppraisalReward",
    "AppraiserOverride",
    "AuditLog",
    "AuthSession",
    "Base",
    "Competency",
    "CompetencyAssessment",
    "CompetencyStandard",
    "DevelopmentPlan",
    "Dialogue",
    "DialogueAction",
    "DialogueParticipant",
    "Employee",
    "EmployeePosition",
    "EmployeeTransfer",
    "IdempotencyRecord",
    "KeyIndicator",
    "Need",
    "NeedLink",
    "Notification",
    "Organization",
    "OrganizationGoal",
    "OrganizationStrategy",
    "OutboxEvent",
    "Position",
    "Program",
    "ProgramContribution",
    "ProgramGoal",
    "ProgramMember",
    "ProgramMilestone",
    "ProgramPartner",
    "RefreshToken",
    "ServiceAccount",
    "ServiceAccountSecret",
    "Skp",
    "SkpEvent",
    "SkpEvidence",
    "SkpIndicator",
    "SkpRealization",
    "SkpVersion",
    "SkpWorkResult",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "Unit",
    "UnitOfMeasure",
    "User",
    "WebhookDelivery",
    "WebhookSubscription",
    "WorkloadTask",
]
