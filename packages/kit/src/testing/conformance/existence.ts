import { randomUUID } from "node:crypto";
import { DATA_CATEGORIES, PURPOSES, type Purpose } from "@percorsi/schema";
import type { Actor } from "../../trust/actor.js";
import {
  again,
  askAs,
  caller,
  caseHolderType,
  directoryCaller,
  caseworkRoles,
  comparable,
  errorShape,
  leak,
  marker,
  partnerType,
  receiptFor,
  released,
  type Answer,
  type Check,
  type ConformanceTarget,
  type ReceiptKind,
} from "./probe.js";
import { keepsPathways, mutationCall, pathwayEntitiesQuery, pathwaySelections, personalPathwayFields, type PublishedSdl } from "./sdl.js";

// Existence non-disclosure, read through `_entities` as the query planner would reach a pathway:
// an unknown pathway, a sealed one and another organisation's answer exactly alike, whatever
// the receipt handed over (none, sealed, for someone else, forged, expired), and nothing of a
// category is released without a receipt permitting it.

/** A caseworker of an organisation that does not hold cases (a partner), with a purpose. */
export function partnerCaseworker(purpose: Purpose = PURPOSES[0]!): Actor {
  return caller("partner", partnerType(), caseworkRoles().slice(0, 1), purpose);
}

/** Reads the subgraph's `Pathway` fields of one pathway as `actor`, the receipt as `kind` makes it. */
export async function readPathway(target: ConformanceTarget, sdl: PublishedSdl, actor: Actor, pathwayId: string, kind: ReceiptKind): Promise<Answer> {
  const receipt = keepsPathways(sdl) ? null : await receiptFor(actor, pathwayId, kind);
  const variables = { r: [{ __typename: "Pathway", id: pathwayId, ...(receipt ? { consentReceipt: receipt } : {}) }] };
  return askAs(target, actor, pathwayEntitiesQuery(pathwaySelections(sdl).values()), variables);
}

/** Personal fields an answer released, or left null without a coded refusal at their path. */
export function unrefused(answer: Answer, fields: Iterable<string>): string[] {
  const entity = answer.json?.data?._entities?.[0] ?? {};
  const errors: { path?: unknown[]; extensions?: { code?: string } }[] = answer.json?.errors ?? [];
  return [...fields].filter((field) => {
    const value = entity?.[field];
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) return true;
    return !errors.some((error) => error.path?.join(".") === `_entities.0.${field}` && error.extensions?.code);
  });
}

/** What an answer shows a caller: its errors, and the fields it released (values withheld). */
function described(answer: Answer): string {
  const shown = released(answer.json?.data?._entities?.[0]);
  return `${errorShape(answer)}${shown.length > 0 ? ` and releases ${shown.join(", ")}` : ""}`;
}

/** The pathways probed, by how they were presented: what the audit check then looks for. */
export interface ExistenceProbes {
  reader: Actor;
  /** Label → pathway id read. */
  pathways: Map<string, string>;
  /** Allowed writes made to set the probes up (the consent authority's pathways opened and sealed). */
  allowed: { organisationId: string; pathwayId: string; action: "WRITE" }[];
  /** Values sent in those writes, never to be seen again. */
  values: string[];
  /** Who holds the pathways opened here (the consent authority only). */
  holder?: Actor;
}

export async function checkExistence(target: ConformanceTarget, sdl: PublishedSdl, check: Check): Promise<ExistenceProbes | null> {
  const personal = personalPathwayFields(sdl);
  if (personal.size === 0) return null;
  const reader = partnerCaseworker();
  const setUp: SetUp = { allowed: [], values: [] };
  const probes = keepsPathways(sdl) ? await keptPathways(target, sdl, setUp) : receiptProbes();
  if (typeof probes === "string") {
    await check("sealed pathways release nothing and disclose nothing; unknown, sealed and foreign answer alike", async () => probes);
    return null;
  }
  const answers = new Map<string, { answer: Answer; id: string }>();
  await check("sealed pathways release nothing and disclose nothing; unknown, sealed and foreign answer alike", async () => {
    for (const [label, probe] of probes) answers.set(label, { answer: await readPathway(target, sdl, again(reader), probe.id, probe.kind), id: probe.id });
    const [[firstLabel, first], ...rest] = [...answers] as [[string, { answer: Answer; id: string }], ...[string, { answer: Answer; id: string }][]];
    const baseline = comparable(first!.answer, first!.id);
    const unlike = rest.filter(([, { answer, id }]) => comparable(answer, id) !== baseline);
    if (unlike.length > 0) return `${unlike.map(([label, { answer }]) => `${label} answers ${described(answer)}`).join("; ")}; but ${firstLabel} answers ${described(first!.answer)}`;
    const open = unrefused(first!.answer, personal.keys());
    if (open.length > 0) return `${open.join(", ")} not refused (null with a coded error) for ${firstLabel}`;
    const leaks = [...answers].flatMap(([label, { answer }]) => (leak(answer) ? [`${label}: ${leak(answer)}`] : []));
    return leaks.length === 0 ? null : leaks.join("; ");
  });
  await check("releases nothing sensitive without a receipt permitting its category", async () => {
    if (keepsPathways(sdl)) {
      // Her consent lives here: a pathway of another holder, with no consent, is the case.
      const foreign = answers.get(FOREIGN);
      const open = foreign ? unrefused(foreign.answer, personal.keys()) : [];
      return open.length === 0 ? null : `released or did not refuse ${open.join(", ")} with no consent`;
    }
    const problems: string[] = [];
    for (const category of new Set(personal.values())) {
      const id = randomUUID();
      const answer = await readPathway(target, sdl, again(reader), id, { permittedExcept: category, categories: DATA_CATEGORIES });
      const fields = [...personal].filter(([, c]) => c === category).map(([field]) => field);
      const open = unrefused(answer, fields);
      if (open.length > 0) problems.push(`${open.join(", ")} (${category}) not refused when every category but ${category} is permitted`);
    }
    return problems.length === 0 ? null : problems.join("; ");
  });
  return { reader, pathways: new Map([...probes].map(([label, { id }]) => [label, id])), ...setUp };
}

type Probes = Map<string, { id: string; kind: ReceiptKind }>;
type SetUp = Pick<ExistenceProbes, "allowed" | "values" | "holder">;

/** The label of the pathway another organisation holds: the one a write about her is probed on, where pathways are kept. */
export const FOREIGN = "another organisation's pathway";

/** A subgraph judged on receipts: random pathways, each presented with a receipt spoiled another way. */
function receiptProbes(): Probes {
  const kinds: [string, ReceiptKind][] = [
    ["an unknown pathway, no receipt", "none"],
    ["a pathway her holder sealed", "sealed"],
    [FOREIGN, "foreign"],
    ["a receipt minted for another organisation", "another-organisation"],
    ["a forged receipt", "forged"],
    ["an expired receipt", "expired"],
  ];
  return new Map(kinds.map(([label, kind]) => [label, { id: randomUUID(), kind }]));
}

/**
 * The consent authority keeps pathways: two are opened by a case-holder (one then sealed) through
 * its own mutations (`openPathway`, `sealPathway`), beside an id it never gave out.
 */
async function keptPathways(target: ConformanceTarget, sdl: PublishedSdl, setUp: SetUp): Promise<Probes | string> {
  const open = mutationCall(sdl, "openPathway", "{ id }");
  const seal = mutationCall(sdl, "sealPathway", "{ __typename }");
  if (!open || !seal) return "keeps pathways but has no openPathway/sealPathway to open and seal one with";
  const holder = directoryCaller("holder", caseHolderType(), caseworkRoles().slice(0, 1), null);
  const write = async (actor: Actor, call: typeof open, pathwayId: string) => {
    const value = marker();
    setUp.values.push(value);
    return askAs(target, actor, call.query, call.variables(pathwayId, value));
  };
  for (const purpose of PURPOSES) {
    const actor = { ...again(holder), purpose };
    const id = (await write(actor, open, randomUUID())).json?.data?.openPathway?.id;
    if (typeof id !== "string") continue;
    const sealed = (await write(again(actor), open, randomUUID())).json?.data?.openPathway?.id;
    const sealing = await write(again(actor), seal, sealed);
    if (typeof sealed !== "string" || sealing.json?.errors) return `could not seal a pathway it opened: ${errorShape(sealing)}`;
    for (const pathwayId of [id, sealed]) setUp.allowed.push({ organisationId: holder.organisationId, pathwayId, action: "WRITE" });
    setUp.holder = actor;
    return new Map([
      ["an unknown pathway", { id: randomUUID(), kind: "none" as const }],
      ["a pathway her holder sealed", { id: sealed, kind: "none" as const }],
      [FOREIGN, { id, kind: "none" as const }],
    ]);
  }
  return `a case-holder's caseworker could not open a pathway for any purpose`;
}
