/**
 * What an agency's TypeScript frontend does, typed end to end by the contract: sign in, page
 * through my daily reports, file one with an Idempotency-Key, read its ETag from the typed
 * response headers, have the supervisor approve it with If-Match, download an XLSX export.
 *
 * Usage: node dist/src/scenario.js BASE_URL — prints one JSON line with what it saw; exits
 * non-zero on the first unexpected answer.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/schema.js";

type Schemas = components["schemas"];
type CreateReportHeaders =
  paths["/api/v1/activity-reports"]["post"]["responses"][201]["headers"];
type ApproveHeaders =
  paths["/api/v1/activity-reports/{report_id}/approve"]["post"]["responses"][200]["headers"];
type Problem = Schemas["Problem"];

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error("usage: scenario.js BASE_URL");

function fail(what: string, error?: Problem | unknown): never {
  throw new Error(`${what}: ${JSON.stringify(error)}`);
}

/** The typed value of a documented response header (a missing one is a contract breach). */
function header<H extends Record<string, unknown>, K extends keyof H & string>(
  response: Response,
  name: K,
): H[K] & string {
  const value = response.headers.get(name);
  if (value === null) fail(`response has no ${name} header`);
  return value as H[K] & string;
}

async function signIn(username: string, password: string): Promise<string> {
  const anonymous = createClient<paths>({ baseUrl });
  const { data, error } = await anonymous.POST("/api/v1/auth/token", {
    body: { grant_type: "password", username, password },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (!data) fail(`sign-in of ${username}`, error);
  const tokens: Schemas["TokenPair"] = data;
  return tokens.access_token;
}

function api(token: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

const staff = api(await signIn("perawat.siti", "Demo-Staf-2026"));

// Page through my reports: the page envelope always carries next_cursor (null at the end).
let cursor: string | null = null;
let pages = 0;
let reports = 0;
do {
  const page = await staff.GET("/api/v1/activity-reports", {
    params: { query: { limit: 5, ...(cursor ? { cursor } : {}) } },
  });
  if (!page.data) fail("list my reports", page.error);
  const envelope: Schemas["Page_ReportRead_"] = page.data;
  reports += envelope.items.length;
  cursor = envelope.next_cursor;
  pages += 1;
} while (cursor !== null && pages < 100);

// A work result of my approved SKP to report against.
const skps = await staff.GET("/api/v1/skp", { params: { query: { limit: 50 } } });
if (!skps.data) fail("list my SKP", skps.error);
const skp = skps.data.items.find((s) => s.state === "approved") ?? fail("no approved SKP");
const results = await staff.GET("/api/v1/skp/{skp_id}/work-results", {
  params: { path: { skp_id: skp.id } },
});
const workResult = results.data?.items[0] ?? fail("no work result", results.error);

// File today's report (the organization's time zone is UTC+7..+9; UTC+8 is "today" for Palu).
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const report: Schemas["ReportCreate"] = {
  report_date: today,
  start_time: "06:00:00",
  end_time: "06:45:00",
  description: "Rapat koordinasi pagi tim imunisasi",
  quantity: 1,
  unit: "kegiatan",
  work_result_id: workResult.id,
};
const key = `ts-client-${Date.now()}`;
const created = await staff.POST("/api/v1/activity-reports", {
  params: { header: { "Idempotency-Key": key } },
  body: report,
});
if (!created.data) fail("create report", created.error);
const etag = header<CreateReportHeaders, "ETag">(created.response, "ETag");
const location = header<CreateReportHeaders, "Location">(created.response, "Location");

// The retry with the same key replays the first answer.
const replay = await staff.POST("/api/v1/activity-reports", {
  params: { header: { "Idempotency-Key": key } },
  body: report,
});
if (!replay.data) fail("replay", replay.error);
const replayed = header<CreateReportHeaders, "Idempotent-Replayed">(
  replay.response,
  "Idempotent-Replayed",
);

// The supervisor approves with the ETag: a stale one would be 412.
const supervisor = api(await signIn("kapus.talise", "Demo-Kapus-2026"));
const stale = await supervisor.POST("/api/v1/activity-reports/{report_id}/approve", {
  params: { path: { report_id: created.data.id }, header: { "If-Match": '"999"' } },
  body: { note: "Sesuai." },
});
const staleCode: string | undefined = stale.error?.code;
const approved = await supervisor.POST("/api/v1/activity-reports/{report_id}/approve", {
  params: { path: { report_id: created.data.id }, header: { "If-Match": etag } },
  body: { note: "Sesuai, terima kasih." },
});
if (!approved.data) fail("approve", approved.error);
const newEtag = header<ApproveHeaders, "ETag">(approved.response, "ETag");

// The instansi admin (BKPSDM) downloads the employees as XLSX: binary, never parsed as JSON
// (bulk export is the instansi's, not an OPD admin's).
const admin = api(await signIn("bkpsdm.palu", "Demo-Admin-2026"));
const me = await admin.GET("/api/v1/auth/me");
if (!me.data) fail("me", me.error);
const orgId = me.data.organization_id ?? fail("admin without organization");
const exported = await admin.GET("/api/v1/organizations/{org_id}/exports/{kind}", {
  params: { path: { org_id: orgId, kind: "employees" }, query: { format: "xlsx" } },
  parseAs: "arrayBuffer",
});
if (!exported.data) fail("export", exported.error);
const bytes = new Uint8Array(exported.data);
const disposition = exported.response.headers.get("Content-Disposition");

console.log(
  JSON.stringify({
    pages,
    reports,
    created: created.data.id,
    status: approved.data.status,
    etag,
    location,
    replayed,
    same_id: replay.data.id === created.data.id,
    stale_code: staleCode,
    new_etag: newEtag,
    xlsx_magic: String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0),
    xlsx_bytes: bytes.length,
    content_type: exported.response.headers.get("Content-Type"),
    disposition,
  }),
);
