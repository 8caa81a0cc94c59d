import { randomInt, randomUUID } from "node:crypto";
import { generateKeyPair } from "jose";
import { CONSENT_AUTHORITY_KEY_NAME } from "../../consent/receipt.js";
import { signReleasePart, signReleasePublication, type ReleasePartPage } from "../../indicators/releases/release-messages.js";
import { BREAKDOWNS, COHORT_ATTRIBUTES, GRANULARITIES, PTABLE_PARAMETERS } from "@percorsi/indicators";
import { loadSigningKey, SIGNING_ALGORITHM, type SigningKey } from "../../trust/keys.js";
import { askAs, caller, errorShape, indicatorReaderRole, leak, organisationTypes, post, type Answer, type Check, type ConformanceTarget } from "./probe.js";
import { indicatorSections, keepsPathways, type PublishedSdl } from "./sdl.js";

// Indicator sections: the release endpoint (`POST /indicator-releases`) takes only the consent
// authority's signed messages for this subgraph, each once (a replay, of a draft's page too, is
// refused RELEASE_MESSAGE_REPLAYED and changes nothing); a small valid cohort, published, reads
// back (IndicatorReport, as the control room's analyst) with no count the perturbation forbids
// (1 to PTABLE_PARAMETERS.forbiddenUpTo) and no median of fewer values than the threshold.

/** Medians need at least this many values (indicator-table.ts): a cohort of a few women has none. */
const MEDIAN_MIN_VALUES = 10;
const COHORT_SIZE = 3;

/** A page of a small valid cohort; `release` shared by the pages of one release. */
function page(seq: number, release = releaseHeader(seq), n = 0, last = true): ReleasePartPage {
  const organisations = organisationTypes().map((type, i) => ({ id: `conformance-org-${i}`, type, operators: 20 }));
  return {
    release,
    page: n,
    last,
    threshold: 10,
    organisations,
    attributes: [...COHORT_ATTRIBUTES],
    pathways: Array.from({ length: COHORT_SIZE }, () => ({
      id: randomUUID(),
      keys: [randomInt(0, 2 ** 32)],
      openedOn: "2025-03-03",
      planSignedOn: "2025-03-17",
      referrals: organisations.map((o) => ({ to: o.id, sentOn: "2025-03-10" })),
    })),
  };
}

/** Each release of a run its own version too: a store keeps one release per month and version. */
const releaseHeader = (seq: number): ReleasePartPage["release"] => ({
  seq,
  id: "2025-12",
  version: seq,
  cutOff: "2025-12-31",
  asOf: "2026-12-31",
  years: [{ year: 2025, epoch: `conformance-${randomUUID()}` }],
});

/** A release number no real release has: far past any schedule. */
const freshSeq = () => randomInt(1_000_000, 2 ** 31 - 1);

const unsigned = (token: string) => {
  const [, payload] = token.split(".");
  return `${Buffer.from(JSON.stringify({ alg: "none", typ: "indicator-release-part+jwt" })).toString("base64url")}.${payload}.`;
};

export async function checkIndicators(target: ConformanceTarget, sdl: PublishedSdl, check: Check): Promise<void> {
  const sections = indicatorSections(sdl);
  // The consent authority computes its own part from its own store: nobody hands it a cohort.
  if (sections.length === 0 || keepsPathways(sdl)) return;
  const endpoint = new URL("/indicator-releases", target.url).toString();
  const send = (token: string) => post(endpoint, token, { "content-type": "application/jwt" });
  const authority = await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME);
  const stranger: SigningKey = { privateKey: (await generateKeyPair(SIGNING_ALGORITHM)).privateKey, kid: "not-the-consent-authority" };
  const analystRole = indicatorReaderRole();
  const read = async (seq: number, granularity = "MONTH", breakdown = "NETWORK"): Promise<Answer> => {
    const analyst = caller("analyst", "CONTROL_ROOM", analystRole ? [analystRole] : [], "MONITORING");
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on IndicatorReport { ${sections.map((s) => `${s} { id kind unit cells { period group category value numerator denominator reason } }`).join(" ")} } } }`;
    return askAs(target, analyst, query, { r: [{ __typename: "IndicatorReport", release: seq, from: "2025-01-01", to: "2025-12-31", granularity, breakdown }] });
  };
  /** A draft of two pages, computed; its first page replayed must be refused and change nothing (it would restart the draft). */
  const replayedDraft = async (): Promise<string[]> => {
    const seq = freshSeq();
    const release = releaseHeader(seq);
    const first = signReleasePart(authority, target.name, page(seq, release, 0, false));
    for (const [n, token] of [first, signReleasePart(authority, target.name, page(seq, release, 1, true))].entries()) {
      const answer = await send(token);
      if (answer.status < 200 || answer.status > 299) return [`page ${n} of a draft was refused: HTTP ${answer.status} ${answer.json?.code ?? "no code"}`];
    }
    const before = await read(seq);
    if (before.json?.errors?.length) return [`a computed draft did not read back for the control room's analyst: ${errorShape(before)}`];
    const problems = refused("a replayed page of a draft", await send(first), "RELEASE_MESSAGE_REPLAYED");
    const after = await read(seq);
    if (JSON.stringify(after.json) !== JSON.stringify(before.json)) problems.push(`a replayed page of a draft changed what the draft reads${after.json?.errors?.length ? ` (now ${errorShape(after)})` : ""}`);
    return problems;
  };
  const storedNothing = (answer: Answer) => sections.every((s) => answer.json?.data?._entities?.[0]?.[s] == null) && (answer.json?.errors?.length ?? 0) > 0;

  await check("indicator releases refuse an unsigned, foreign-key or other-audience cohort, and store nothing", async () => {
    const problems: string[] = [];
    const cases: [string, (p: ReleasePartPage) => string][] = [
      ["an unsigned cohort", (p) => unsigned(signReleasePart(authority, target.name, p))],
      ["a cohort signed by another key", (p) => signReleasePart(stranger, target.name, p)],
      ["a cohort for another subgraph", (p) => signReleasePart(authority, `not-${target.name}`, p)],
    ];
    for (const [what, sign] of cases) {
      const part = page(freshSeq());
      const answer = await send(sign(part));
      if (answer.status !== 403 || answer.json?.code !== "RELEASE_MESSAGE_REJECTED") problems.push(`${what}: HTTP ${answer.status} ${answer.json?.code ?? "no code"} (403 RELEASE_MESSAGE_REJECTED wanted)`);
      const leaked = leak(answer, part.pathways.map((p) => p.id));
      if (leaked) problems.push(`${what}: ${leaked}`);
      const after = await read(part.release.seq);
      if (!storedNothing(after)) problems.push(`${what} was stored: its release reads back (${errorShape(after)})`);
    }
    return problems.length === 0 ? null : problems.join("; ");
  });

  await check("indicator releases take a valid cohort once, and never show a count below the threshold", async () => {
    const part = page(freshSeq());
    const token = signReleasePart(authority, target.name, part);
    const computed = await send(token);
    if (computed.status !== 200) return `a valid cohort was refused: HTTP ${computed.status} ${computed.json?.error ?? ""}`.trim();
    const published = await send(signReleasePublication(authority, target.name, part.release));
    if (published.status !== 200) return `its publication was refused: HTTP ${published.status}`;
    const problems: string[] = [];
    const before = await read(part.release.seq);
    const refusals: [string, string, string][] = [
      ["a replayed page of a published release", token, "RELEASE_MESSAGE_REPLAYED"],
      ["a fresh page for a published release", signReleasePart(authority, target.name, page(part.release.seq, part.release)), "RELEASE_PART_REFUSED"],
    ];
    for (const [what, message, code] of refusals) problems.push(...refused(what, await send(message), code));
    const after = await read(part.release.seq);
    if (JSON.stringify(after.json) !== JSON.stringify(before.json)) problems.push("a page sent again changed the published cells");
    problems.push(...(await replayedDraft()));
    for (const granularity of GRANULARITIES) {
      for (const breakdown of BREAKDOWNS) {
        const answer = granularity === "MONTH" && breakdown === "NETWORK" ? before : await read(part.release.seq, granularity, breakdown);
        if (answer.json?.errors?.length) {
          problems.push(`${granularity}/${breakdown} did not read back: ${errorShape(answer)}`);
          continue;
        }
        problems.push(...smallCells(answer, sections, `${granularity}/${breakdown}`));
      }
    }
    return problems.length === 0 ? null : [...new Set(problems)].slice(0, 5).join("; ");
  });
}

/** Nothing when refused 409 with `code`; else what was answered instead. */
function refused(what: string, answer: Answer, code: string): string[] {
  return answer.status === 409 && answer.json?.code === code ? [] : [`${what}: HTTP ${answer.status} ${answer.json?.code ?? "no code"} (409 ${code} wanted)`];
}

interface Cell {
  period: string;
  group: string;
  value: number | null;
  numerator: number | null;
  reason: string | null;
}

/** Cells a reader could learn a small count from. */
function smallCells(answer: Answer, sections: string[], where: string): string[] {
  const forbidden = (n: number | null) => n !== null && n >= 1 && n <= PTABLE_PARAMETERS.forbiddenUpTo;
  const problems: string[] = [];
  for (const section of sections) {
    for (const indicator of (answer.json?.data?._entities?.[0]?.[section] ?? []) as { id: string; kind: string; unit: string; cells: Cell[] }[]) {
      for (const cell of indicator.cells) {
        const at = `${indicator.id} ${where} ${cell.period}`;
        if (indicator.kind === "COUNT" && forbidden(cell.value)) problems.push(`${at} shows ${cell.value}`);
        if (forbidden(cell.numerator)) problems.push(`${at} has numerator ${cell.numerator}`);
        if (indicator.kind === "MEDIAN" && cell.value !== null) problems.push(`${at} shows a median of fewer than ${MEDIAN_MIN_VALUES} values`);
      }
    }
  }
  return problems;
}
