import DataLoader from "dataloader";
import type { DataCategory } from "@percorsi/schema";
import { decideAccess, type RecordFacts } from "../access/decide.js";
import type { SubgraphContext } from "../context.js";
import { keyOnFirstUse, loadVerificationKey } from "../trust/keys.js";
import { log } from "../log.js";
import { CONSENT_AUTHORITY_KEY_NAME, ReceiptRejected, verifyConsentReceipt, type ConsentReceipt } from "./receipt.js";

const consentAuthorityKey = keyOnFirstUse(() => loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME));

type ReceiptKey = { id: string; consentReceipt?: string | null };
const verifiers = new WeakMap<object, DataLoader<ReceiptKey, ConsentReceipt | null, string>>();

function verifyOne(ctx: SubgraphContext<unknown>, pathway: ReceiptKey): Promise<ConsentReceipt | null> {
  if (!pathway.consentReceipt) return Promise.resolve(null);
  return consentAuthorityKey()
    .then((authority) => verifyConsentReceipt(pathway.consentReceipt!, authority, ctx.actor, pathway.id))
    .catch((error) => {
      log.warn("consent.receipt_rejected", { kind: error instanceof ReceiptRejected ? error.message : "error" });
      return null;
    });
}

/**
 * The consent receipt the query planner handed over with a `Pathway` representation, verified
 * once per request and pathway. Null when absent or rejected: then nothing but the caller's
 * own unsealed records could be released, and a missing receipt counts as sealed (fail closed).
 *
 * Receipts asked for in one tick are verified as one batch and answered together: awaited one
 * by one, each would resume on its own turn of the event loop and split every DataLoader batch
 * that follows (one query per pathway instead of one per list).
 */
export function receiptFor(ctx: SubgraphContext<unknown>, pathway: ReceiptKey): Promise<ConsentReceipt | null> {
  let verifier = verifiers.get(ctx.audit);
  if (!verifier) {
    verifier = new DataLoader((keys) => Promise.all(keys.map((key) => verifyOne(ctx, key))), {
      cacheKeyFn: (key) => `${key.id}|${key.consentReceipt ?? ""}`,
    });
    verifiers.set(ctx.audit, verifier);
  }
  return verifier.load(pathway);
}

/**
 * Facts for a record another agency keeps about a pathway (a placement, an enrolment): the
 * owner is that agency, everything else comes from the verified receipt.
 */
export function factsFromReceipt(ownerOrganisationId: string, pathwayId: string, receipt: ConsentReceipt | null): RecordFacts {
  return {
    ownerOrganisationId,
    pathwayId,
    holderOrganisationId: receipt?.holderOrganisationId ?? "",
    sealed: receipt ? receipt.sealed : true,
    referralAccepted: receipt?.referralAccepted ?? false,
    referralPurposes: receipt?.referralPurposes ?? [],
    consent: receipt,
  };
}

/**
 * Of a pathway's records at several organisations, those the caller may read: its own
 * organisation's (the field's rule already judged it as their keeper on her receipt), and each
 * other organisation's only when her consent (or a break-glass read) releases `category`, each
 * such decision audited once per organisation.
 */
export async function releasedUnderPathway<R>(
  loading: readonly R[] | Promise<readonly R[]>,
  keeperOf: (record: R) => string,
  category: DataCategory,
  pathway: ReceiptKey,
  ctx: SubgraphContext<unknown>,
): Promise<R[]> {
  // Both asked in the same tick, so neither splits the other's batch across pathways.
  const [records, receipt] = await Promise.all([loading, receiptFor(ctx, pathway)]);
  const decided = new Map<string, boolean>();
  const mayRead = (keeper: string): boolean => {
    if (keeper === ctx.actor.organisationId) return true;
    if (!decided.has(keeper)) {
      const decision = decideAccess(ctx.actor, category, factsFromReceipt(keeper, pathway.id, receipt));
      ctx.audit.record(pathway.id, category, decision);
      decided.set(keeper, decision.allowed);
    }
    return decided.get(keeper)!;
  };
  return records.filter((record) => mayRead(keeperOf(record)));
}

/**
 * A record another agency keeps about a pathway, reached under `Pathway` with the receipt the
 * query planner handed over. The receipt rides along (not a GraphQL field) so that nested
 * records are judged on the same verified receipt.
 */
export interface ReceiptCarrier {
  pathwayId: string;
  consentReceipt?: string | null;
}

/** A copy of the record carrying the pathway's receipt; the cached original stays untouched. */
export function carryReceipt<T extends object>(record: T, consentReceipt: string | null | undefined): T & { consentReceipt: string | null } {
  return Object.assign(Object.create(Object.getPrototypeOf(record) as object) as T, record, { consentReceipt: consentReceipt ?? null });
}

/** Facts for a record kept by `ownerOrganisationId`, judged on its verified receipt (none: sealed). */
export async function factsUnderReceipt(ownerOrganisationId: string, record: ReceiptCarrier, ctx: SubgraphContext<unknown>): Promise<RecordFacts> {
  const receipt = await receiptFor(ctx, { id: record.pathwayId, consentReceipt: record.consentReceipt });
  return factsFromReceipt(ownerOrganisationId, record.pathwayId, receipt);
}

/**
 * Facts for a labelled `Pathway` field that gathers what this subgraph keeps about her, which
 * one organisation, several or none may keep (her registrations at job centres, her enrolments at
 * training bodies): `keepers` are the organisations that keep some. THE existence rule: if the
 * caller's organisation keeps some, it is judged as their keeper; otherwise it is judged as a
 * reader of another organisation's records, whether another keeps some or nobody does. So "no
 * record here" answers exactly what "refused" answers (same decision, error, reason and audit
 * entry): null without an error only where her consent would release another's records to the
 * caller anyway. Who holds her pathway, the seal and her consent come from the receipt.
 */
export function factsOfPathwayRecords(
  keepers: Iterable<string>,
  pathway: { id: string; consentReceipt?: string | null },
  ctx: SubgraphContext<unknown>,
): Promise<RecordFacts> {
  const keepsSome = [...keepers].includes(ctx.actor.organisationId);
  // "": no organisation the caller could be; another's records and none are judged alike.
  const keeper = keepsSome ? ctx.actor.organisationId : "";
  return factsUnderReceipt(keeper, { pathwayId: pathway.id, consentReceipt: pathway.consentReceipt ?? null }, ctx);
}

/**
 * `__resolveReference` for the `Pathway` stub of a subgraph that is not the consent authority:
 * keeps the receipt the planner fetched (`@requires(fields: "consentReceipt")`) with the id.
 */
export function pathwayReference(reference: { id: string; consentReceipt?: string | null }): { id: string; consentReceipt: string | null } {
  return { id: reference.id, consentReceipt: reference.consentReceipt ?? null };
}

/** The directive every sensitive `Pathway` field of such a subgraph carries. */
export const REQUIRES_CONSENT_RECEIPT = '@requires(fields: "consentReceipt")';

/**
 * The receipt the gateway obtained from the consent authority before a mutation naming this
 * pathway, handed over with the request (`CONSENT_RECEIPTS_HEADER`), verified like the planner's.
 * A mutation cannot `@requires` one, so this is how a write learns her standing. Null: none
 * was obtained (an unknown pathway, or a caller going around the gateway), which refuses.
 */
export function requestReceipt(ctx: SubgraphContext<unknown>, pathwayId: string): Promise<ConsentReceipt | null> {
  return receiptFor(ctx, { id: pathwayId, consentReceipt: ctx.requestReceipts?.[pathwayId] ?? null });
}

/** Facts about a pathway for a write in a subgraph that is not the consent authority. */
export async function factsForWrite(pathwayId: string, ctx: SubgraphContext<unknown>): Promise<RecordFacts> {
  return factsFromReceipt(ctx.actor.organisationId, pathwayId, await requestReceipt(ctx, pathwayId));
}
