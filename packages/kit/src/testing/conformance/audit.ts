import { randomUUID } from "node:crypto";
import type { Actor } from "../../trust/actor.js";
import { askAs, caller, leak, receiptFor, reportReaderRole, errorShape, type Check, type ConformanceTarget } from "./probe.js";
import type { ExistenceProbes } from "./existence.js";
import { accessReportParts, keepsPathways, type PublishedSdl } from "./sdl.js";
import type { WriteProbe } from "./writes.js";

// Every decision audited, allowed and refused: read black-box through the subgraph's own part of
// her access report, as the data protection officer would (the role that reads every pathway's
// report, with the receipt the consent authority hands the other subgraphs), after the probes.

interface ReportEvent {
  action: string;
  organisationId: string;
  decision: string;
  reasons: string[];
  count: number;
}

/** One pathway's events in this subgraph's part, or why they could not be read. */
async function reportOf(target: ConformanceTarget, sdl: PublishedSdl, part: string, pathwayId: string): Promise<{ events: ReportEvent[]; text: string } | string> {
  const role = reportReaderRole();
  if (!role) return "the network has no role that reads every access report";
  const reader: Actor = caller("dpo", "CONTROL_ROOM", [role], null);
  const selection = `${part}(first: 200) { action organisationId decision reasons count categories purpose bases }`;
  let answer;
  if (keepsPathways(sdl) && sdl.schema.getQueryType()?.getFields().accessReport) {
    const query = `query($p: ID!) { accessReport(pathwayId: $p, view: STAFF) { ${selection} } }`;
    answer = await askAs(target, reader, query, { p: pathwayId });
    if (answer.json?.data?.accessReport?.[part]) return { events: answer.json.data.accessReport[part], text: answer.text };
  } else {
    const receipt = await receiptFor(reader, pathwayId, "foreign");
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on AccessReport { ${selection} } } }`;
    answer = await askAs(target, reader, query, { r: [{ __typename: "AccessReport", pathwayId, view: "STAFF", consentReceipt: receipt }] });
    if (answer.json?.data?._entities?.[0]?.[part]) return { events: answer.json.data._entities[0][part], text: answer.text };
  }
  return `its report part ${part} could not be read by the data protection officer (${errorShape(answer)})`;
}

export async function checkAudit(target: ConformanceTarget, sdl: PublishedSdl, check: Check, existence: ExistenceProbes | null, writes: WriteProbe[]): Promise<void> {
  if (!existence && writes.length === 0) return;
  const name = "audits every decision, allowed and refused, in its access report part, with no personal value";
  const [part] = accessReportParts(sdl);
  if (!part) return check(name, async () => "contributes no part to her access report (AccessReport.<name>: [AccessEvent])");
  await check(name, async () => {
    const expected: { pathwayId: string; organisationId: string; action: string; decision: "ALLOW" | "DENY"; what: string }[] = [];
    for (const [label, pathwayId] of existence?.pathways ?? []) {
      // The consent authority has no report for a pathway it never opened (NOT_FOUND).
      if (keepsPathways(sdl) && !existence!.allowed.some((a) => a.pathwayId === pathwayId)) continue;
      expected.push({ pathwayId, organisationId: existence!.reader.organisationId, action: "READ", decision: "DENY", what: `the refused read of ${label}` });
    }
    for (const allowed of existence?.allowed ?? []) expected.push({ ...allowed, decision: "ALLOW", what: "the allowed write that opened a pathway" });
    for (const write of writes) {
      expected.push({ pathwayId: write.pathwayId, organisationId: write.writer.organisationId, action: "WRITE", decision: "DENY", what: `the refused ${write.mutation}` });
      if (write.readBack && !keepsPathways(sdl)) {
        expected.push({ pathwayId: write.pathwayId, organisationId: write.writer.organisationId, action: "READ", decision: "ALLOW", what: `the allowed read after ${write.mutation}` });
      }
    }
    const values = [...(existence?.values ?? []), ...writes.map((write) => write.value)];
    const problems: string[] = [];
    const reports = new Map<string, Awaited<ReturnType<typeof reportOf>>>();
    for (const want of expected) {
      if (!reports.has(want.pathwayId)) reports.set(want.pathwayId, await reportOf(target, sdl, part, want.pathwayId));
      const report = reports.get(want.pathwayId)!;
      if (typeof report === "string") return report;
      const seen = report.events.some((e) => e.organisationId === want.organisationId && e.action === want.action && e.decision === want.decision);
      if (!seen) problems.push(`${want.what} is not in her report as ${want.action} ${want.decision}`);
    }
    for (const report of reports.values()) {
      const leaked = typeof report === "string" ? null : leak({ status: 200, text: report.text, json: null }, values);
      if (leaked) problems.push(`her report: ${leaked}`);
    }
    // Someone else's pathway stays empty: the report is per pathway.
    const untouched = await reportOf(target, sdl, part, randomUUID());
    if (typeof untouched !== "string" && untouched.events.some((e) => e.action !== "REPORT" && e.organisationId.startsWith("conformance-"))) problems.push("a pathway never probed shows the probes");
    return problems.length === 0 ? null : [...new Set(problems)].join("; ");
  });
}
