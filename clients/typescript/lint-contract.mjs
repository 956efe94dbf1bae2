// Lints openapi/openapi.json with Redocly (recommended, redocly.yaml) and Spectral
// (spectral:oas, .spectral.yaml). Fails on any error, or on more than MAX_WARNINGS warnings
// from either linter; the warnings left are justified in the two config files.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const MAX_WARNINGS = 10;
const here = path.dirname(new URL(import.meta.url).pathname);
const document = path.join(here, "..", "..", "openapi", "openapi.json");
const bin = (name) => path.join(here, "node_modules", ".bin", name);

function run(command, args) {
  try {
    return execFileSync(command, args, { cwd: here, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    // Both tools exit non-zero when they find errors; their report is still on stdout.
    return error.stdout ?? "";
  }
}

const redocly = JSON.parse(
  run(bin("redocly"), ["lint", document, "--config", "redocly.yaml", "--format", "json"]),
).problems.map((p) => ({
  tool: "redocly",
  rule: p.ruleId,
  severity: p.severity === "error" ? "error" : "warning",
  where: p.location?.[0]?.pointer ?? "",
  message: p.message,
}));

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "spectral-")), "report.json");
run(bin("spectral"), ["lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--output", out, "--quiet"]);
const SEVERITY = ["error", "warning", "info", "hint"];
const spectral = JSON.parse(fs.readFileSync(out, "utf8") || "[]").map((p) => ({
  tool: "spectral",
  rule: p.code,
  severity: SEVERITY[p.severity] ?? "error",
  where: "#/" + p.path.join("/"),
  message: p.message,
}));

let failed = false;
for (const [tool, problems] of [["redocly", redocly], ["spectral", spectral]]) {
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");
  for (const p of [...errors, ...warnings]) {
    console.log(`${tool} ${p.severity} ${p.rule} ${p.where}: ${p.message}`);
  }
  console.log(`${tool}: ${errors.length} errors, ${warnings.length} warnings (at most ${MAX_WARNINGS})`);
  if (errors.length > 0 || warnings.length > MAX_WARNINGS) failed = true;
}
process.exit(failed ? 1 : 0);
