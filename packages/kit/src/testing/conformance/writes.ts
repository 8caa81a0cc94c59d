import { randomUUID } from "node:crypto";
import { PURPOSES } from "@percorsi/schema";
import type { Actor } from "../../trust/actor.js";
import { again, askAs, caller, comparable, caseworkRoles, errorShape, leak, marker, organisationTypes, receiptFor, released, type Answer, type Check, type ConformanceTarget, type ReceiptKind } from "./probe.js";
import { FOREIGN, readPathway, type ExistenceProbes } from "./existence.js";
import { keepsPathways, pathwayWrites, personalPathwayFields, type MutationCall, type PublishedSdl } from "./sdl.js";

// Writes obey the rules reads obey: every mutation naming a pathway is refused, with a stable
// code, to a caller its own rule admits but whose receipt does not permit the write (none, or
// another holder's pathway with no referral), and nothing is written: the caller, then told it
// holds her case, still reads nothing of hers. Where pathways are kept (the consent authority),
// the writes are probed on a pathway another organisation opened, whose holder reads it alike
// before and after.

/** A write probed: on which pathway, by whom, with which text (never to be seen again). */
export interface WriteProbe {
  mutation: string;
  pathwayId: string;
  writer: Actor;
  value: string;
  /** The caller read her pathway afterwards, as her holder: an allowed read. */
  readBack: boolean;
}

const REFUSED_BY_ITS_OWN_RULE = new Set(["ROLE", "PURPOSE"]);

async function attempt(target: ConformanceTarget, write: MutationCall, actor: Actor, pathwayId: string, value: string, kind: ReceiptKind): Promise<Answer> {
  const receipt = await receiptFor(actor, pathwayId, kind);
  return askAs(target, actor, write.query, write.variables(pathwayId, value), receipt ? { [pathwayId]: receipt } : undefined);
}

const wrote = (answer: Answer, name: string) => !answer.json?.errors?.length && answer.json?.data?.[name] != null;
const reasonOf = (answer: Answer): string | undefined => answer.json?.errors?.[0]?.extensions?.reason;

/**
 * A caller the mutation's own rule lets through to the write rule: a caseworker of some
 * organisation type, for some purpose (the refusal then says ORGANISATION, not ROLE or PURPOSE).
 */
async function admittedCaller(target: ConformanceTarget, write: MutationCall, pathwayId: string, value: string): Promise<{ actor: Actor; answer: Answer } | { wrote: Answer } | null> {
  for (const type of organisationTypes()) {
    for (const purpose of PURPOSES) {
      const actor = caller("writer", type, caseworkRoles(), purpose);
      const answer = await attempt(target, write, actor, pathwayId, value, "foreign");
      if (wrote(answer, write.name)) return { wrote: answer };
      if (!REFUSED_BY_ITS_OWN_RULE.has(reasonOf(answer) ?? "")) return { actor, answer };
    }
  }
  return null;
}

export async function checkWrites(target: ConformanceTarget, sdl: PublishedSdl, check: Check, existence: ExistenceProbes | null): Promise<WriteProbe[]> {
  const probes: WriteProbe[] = [];
  const writes = pathwayWrites(sdl);
  if (writes.length === 0) return probes;
  const personal = [...personalPathwayFields(sdl).keys()];
  const kept = keepsPathways(sdl) ? { pathwayId: existence?.pathways.get(FOREIGN), holder: existence?.holder } : null;
  await check("refuses writes about a pathway without the write rule, and writes nothing", async () => {
    if (kept && (!kept.pathwayId || !kept.holder)) return "no pathway of another organisation to probe writes on (see the existence check)";
    const holderView = async () => (kept ? comparable(await readPathway(target, sdl, again(kept.holder!), kept.pathwayId!, "none"), kept.pathwayId!) : "");
    const before = await holderView();
    const problems: string[] = [];
    for (const write of writes) {
      const pathwayId = kept?.pathwayId ?? randomUUID();
      const value = marker();
      const found = await admittedCaller(target, write, pathwayId, value);
      if (!found) continue; // every caller refused by its own rule: nothing reached the write
      if ("wrote" in found) {
        problems.push(`${write.name} wrote for a caller with no referral on another holder's pathway`);
        continue;
      }
      const { actor, answer } = found;
      if (answer.json?.errors?.[0]?.extensions?.code !== "FORBIDDEN") {
        // Refused before any access decision (its input, as the probe fills it): the rule was never reached.
        problems.push(`${write.name} answered ${errorShape(answer)} before any access decision: the probe could not reach its write rule`);
        continue;
      }
      const bare = await attempt(target, write, again(actor), pathwayId, value, "none");
      for (const [how, refusal] of [["another holder's pathway", answer], ["no receipt", bare]] as const) {
        if (wrote(refusal, write.name)) problems.push(`${write.name} wrote with ${how}`);
        else if (!refusal.json?.errors?.[0]?.extensions?.code) problems.push(`${write.name} refused with ${how} without a stable code (${errorShape(refusal)})`);
        const leaked = leak(refusal, [value]);
        if (leaked) problems.push(`${write.name}, ${how}: ${leaked}`);
      }
      if (errorShape(answer) !== errorShape(bare)) problems.push(`${write.name} refuses another holder's pathway (${errorShape(answer)}) and no receipt (${errorShape(bare)}) differently`);
      const probe: WriteProbe = { mutation: write.name, pathwayId, writer: actor, value, readBack: false };
      probes.push(probe);
      if (kept || personal.length === 0) continue;
      const read = await readPathway(target, sdl, again(actor), pathwayId, "holder");
      probe.readBack = true;
      const shown = released(read.json?.data?._entities?.[0]);
      if (shown.length > 0) problems.push(`after the refused ${write.name}, its caller reads ${shown.join(", ")} of her pathway: a row was written`);
    }
    if (kept && (await holderView()) !== before) problems.push("her holder reads her pathway differently after the refused writes: something was written");
    return problems.length === 0 ? null : problems.join("; ");
  });
  return probes;
}
