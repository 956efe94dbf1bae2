"""Contract fuzzing with schemathesis: every operation of the OpenAPI document, as each role.

Cases come from two schemathesis generators per operation: its deterministic *coverage* cases
(boundary values, missing and wrongly typed fields, unexpected methods; the first
``coverage`` of them) and ``examples`` Hypothesis-drawn cases (positive and negative data,
derandomized so a run is reproducible). Path ids are the real ids of the test data (see
:func:`seed_path_ids`) in the positive coverage cases and in part of the drawn ones, generated
ids elsewhere. Every response is checked: no 5xx, the
status code, content type, headers and body documented for the operation, and invalid input
rejected with a 4xx. Failures are collected (one per operation, check and status) with a curl
command that reproduces them, so one run lists everything.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity, given
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@dataclass(frozen=True)
class Profile:
    """How many cases per operation and role."""

    examples: int
    coverage: int


#: The CI profile (about 5,000 cases over all roles); anonymous requests mostly meet 401.
QUICK = Profile(examples=2, coverage=4)
QUICK_ANONYMOUS = Profile(examples=1, coverage=2)


@dataclass
class Report:
    cases: int = 0
    operations: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def add(self, other: Report) -> None:
        self.cases += other.cases
        self.operations += other.operations
        self.seconds += other.seconds
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        for key, text in other.failures.items():
            self.failures.setdefault(key, text)

    def summary(self) -> str:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"{self.cases} cases over {self.operations} operation runs in "
            f"{self.seconds:.1f} s ({statuses}); {len(self.failures)} distinct failures"
        )

    def failure_text(self, limit: int = 40) -> str:
        items = list(self.failures.values())
        shown = "\n\n".join(items[:limit])
        more = f"\n\n... and {len(items) - limit} more" if len(items) > limit else ""
        return shown + more


def load_schema(document: Mapping[str, Any]) -> Any:
    schema = schemathesis.openapi.from_dict(dict(document))
    return schema


def _operations(schema: Any) -> list[Any]:
    ops = []
    for result in schema.get_all_operations():
        ops.append(result.ok())
    return ops


def fuzz(
    schema: Any,
    *,
    role: str,
    base_url: str,
    headers: Callable[[], dict[str, str]],
    path_ids: Mapping[str, str],
    profile: Profile,
    only: Callable[[Any], bool] | None = None,
) -> Report:
    """Fuzz every operation as one role; ``headers()`` is called per operation (fresh token)."""
    report = Report()
    session = requests.Session()
    started = time.monotonic()
    for operation in _operations(schema):
        if only is not None and not only(operation):
            continue
        report.operations += 1
        sent = headers()
        known = {p.name: path_ids[p.name] for p in operation.path_parameters if p.name in path_ids}
        unencodable_sent = False
        for case in _coverage_cases(schema, operation, profile.coverage):
            if known and case.meta is not None and case.meta.generation.mode.is_positive:
                # Valid data reaches a real row instead of a 404.
                case.path_parameters = {**(case.path_parameters or {}), **known}
            _run_case(report, case, role, base_url, sent, session)
            if not unencodable_sent and isinstance(case.body, dict | list):
                unencodable_sent = True
                _run_unencodable(report, case, role, base_url, sent, session)
        if profile.examples:
            _fuzz_operation(report, operation, role, base_url, sent, session, path_ids, profile)
    report.seconds = time.monotonic() - started
    return report


def _coverage_cases(schema: Any, operation: Any, limit: int) -> list[Case]:
    if limit <= 0:
        return []
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=MODES,
        generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(),
        feedback=FeedbackSources(),
    )
    cases: list[Case] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in generator:
            cases.append(case)
            if len(cases) >= limit:
                break
    return cases


def _fuzz_operation(
    report: Report,
    operation: Any,
    role: str,
    base_url: str,
    sent: dict[str, str],
    session: requests.Session,
    path_ids: Mapping[str, str],
    profile: Profile,
) -> None:
    names = [p.name for p in operation.path_parameters]
    known = {name: path_ids[name] for name in names if name in path_ids}
    strategies = [operation.as_strategy(generation_mode=mode) for mode in MODES]
    if known:
        strategies.append(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=known)
        )
        strategies.append(
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, path_parameters=known)
        )

    @hypothesis.settings(
        max_examples=profile.examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(case=st.one_of(strategies))
    def run(case: Case) -> None:
        _run_case(report, case, role, base_url, sent, session)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run()


def _run_case(
    report: Report,
    case: Case,
    role: str,
    base_url: str,
    sent: dict[str, str],
    session: requests.Session,
) -> None:
    report.cases += 1
    label = case.operation.label
    try:
        response = case.call(base_url=base_url, headers=sent, session=session, timeout=30)
    except requests.RequestException as exc:
        key = (label, "transport", type(exc).__name__)
        report.failures.setdefault(key, f"[{role}] {label}: {exc!r}")
        return
    status = response.status_code
    report.statuses[status] = report.statuses.get(status, 0) + 1
    try:
        case.validate_response(response, checks=CHECKS, headers=sent)
    except FailureGroup as group:
        for failure in group.exceptions:
            key = (label, type(failure).__name__, str(status))
            if key in report.failures:
                continue
            curl = case.as_curl_command(headers=sent, base_url=base_url)
            body = response.text[:600]
            report.failures[key] = (
                f"[{role}] {label} -> {status}: {failure.title}\n"
                f"  {(failure.message or '').strip()[:600]}\n"
                f"  response: {body}\n"
                f"  reproduce: {curl}"
            )


#: Text no column can store and UTF-8 cannot encode: lone surrogates (schemathesis never
#: generates them: it cannot put them on the wire itself) and NUL.
UNENCODABLE = ("\ud800", "\udfff", "x\udc00y", "\ude00\ud83d", "a\x00b")


def with_unencodable_text(value: Any, text: str, *, keys: bool) -> Any:
    """``value`` with ``text`` put into every string (``keys``: also one extra key per object
    and one extra item per array, where free-form ``Any`` data keeps them)."""
    if isinstance(value, str):
        return value + text
    if isinstance(value, dict):
        changed = {k: with_unencodable_text(v, text, keys=keys) for k, v in value.items()}
        if keys:
            changed[f"k{text}"] = f"v{text}"
        return changed
    if isinstance(value, list):
        items = [with_unencodable_text(v, text, keys=keys) for v in value]
        return [*items, text] if keys else items
    return value


def _run_unencodable(
    report: Report,
    case: Case,
    role: str,
    base_url: str,
    sent: dict[str, str],
    session: requests.Session,
) -> None:
    """Send a JSON body of ``case`` with unencodable text in its values, then in its keys:
    each must be a 4xx problem (422 ``invalid_text``), never a 5xx."""
    import json

    label = case.operation.label
    kwargs = case.as_transport_kwargs(base_url=base_url, headers=sent)
    for index, text in enumerate(UNENCODABLE):
        body = with_unencodable_text(case.body, text, keys=index % 2 == 1)
        if body == case.body:  # no string to carry it: put it in a key
            body = with_unencodable_text(case.body, text, keys=True)
        # ensure_ascii writes each surrogate as its \\uXXXX escape, as a client would.
        raw = json.dumps(body, ensure_ascii=True).encode()
        headers = {**kwargs.get("headers", {}), "Content-Type": "application/json"}
        report.cases += 1
        try:
            response = session.request(
                kwargs["method"],
                kwargs["url"],
                params=kwargs.get("params"),
                headers=headers,
                data=raw,
                timeout=30,
            )
        except requests.RequestException as exc:
            key = (label, "transport", type(exc).__name__)
            report.failures.setdefault(key, f"[{role}] {label}: {exc!r}")
            return
        status = response.status_code
        report.statuses[status] = report.statuses.get(status, 0) + 1
        ok = 400 <= status < 500 and response.headers.get("content-type", "").startswith(
            "application/problem+json"
        )
        if not ok:
            key = (label, "unencodable_text", str(status))
            report.failures.setdefault(
                key,
                f"[{role}] {label} -> {status}: unencodable text {text!r} not refused as 4xx\n"
                f"  response: {response.text[:600]}\n"
                f"  body: {raw[:600]!r}",
            )


#: Creating operations whose new id feeds the path parameter of other operations, in
#: dependency order, with the role that may call them.
SEEDS = [
    ("/api/v1/organizations/{org_id}/strategies", "strategy_id", "admin"),
    ("/api/v1/organizations/{org_id}/goals", "goal_id", "admin"),
    ("/api/v1/organizations/{org_id}/surveys", "survey_id", "admin"),
    ("/api/v1/organizations/{org_id}/needs", "need_id", "admin"),
    ("/api/v1/appraisal-periods", "period_id", "admin"),
    ("/api/v1/positions/{position_id}/workload-tasks", "task_id", "admin"),
    ("/api/v1/employees/{employee_id}/development-plans", "plan_id", "admin"),
    ("/api/v1/employees/{employee_id}/appraiser-overrides", "override_id", "admin"),
    ("/api/v1/skp", "skp_id", "staff"),
    ("/api/v1/skp/{skp_id}/work-results", "work_result_id", "staff"),
    ("/api/v1/work-results/{work_result_id}/indicators", "indicator_id", "staff"),
    ("/api/v1/activity-reports", "report_id", "staff"),
    ("/api/v1/organizations/{org_id}/service-accounts", "service_account_id", "admin"),
    ("/api/v1/me/dialogue-requests", "dialogue_id", "staff"),
    ("/api/v1/programs", "program_id", "admin"),
    ("/api/v1/programs/{program_id}/milestones", "milestone_id", "admin"),
]


def _with_ids(value: Any, ids: Mapping[str, str]) -> Any:
    """An example body with its ``*_id`` members pointing at existing rows where known."""
    if isinstance(value, dict):
        return {
            key: ids[key] if key.endswith("_id") and key in ids else _with_ids(item, ids)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_with_ids(item, ids) for item in value]
    return value


def seed_path_ids(
    document: Mapping[str, Any],
    base_url: str,
    headers: Mapping[str, Callable[[], dict[str, str]]],
    path_ids: dict[str, str],
) -> list[str]:
    """Create one row per :data:`SEEDS` entry from the documented examples; add their ids."""
    components = document["components"]["schemas"]
    created: list[str] = []
    with requests.Session() as session:
        for path, param, role in SEEDS:
            operation = document["paths"].get(path, {}).get("post")
            if operation is None:
                continue
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            examples = components[body["$ref"].rsplit("/", 1)[-1]].get("examples") or []
            try:
                url = base_url + path.format(**path_ids)
            except KeyError:
                continue
            sent = headers[role]()
            for example in examples:
                r = session.post(url, json=_with_ids(example, path_ids), headers=sent, timeout=30)
                if r.status_code == 201:
                    answer = r.json()
                    # credentials answers carry the new row under ``service_account``
                    path_ids[param] = answer.get("id") or answer["service_account"]["id"]
                    created.append(param)
                    break
    return created
