import type { CryptoKey } from "jose";
import { ORGANISATION_TYPES, type OrganisationType } from "@percorsi/schema";
import type { SubgraphContext } from "../context.js";
import { CONSENT_AUTHORITY_KEY_NAME, CONSENT_RECEIPT_ISSUER } from "../consent/receipt.js";
import { isUuid } from "../graphql/ids.js";
import type { Actor } from "../trust/actor.js";
import { signCompactJws, verifyCompactJws } from "../trust/compact-jws.js";
import { keyOnFirstUse, loadVerificationKey, type SigningKey } from "../trust/keys.js";
import type { CohortPathway, ReportingCohort, ReportOrganisation } from "./types.js";

const COHORT_TYPE = "reporting-cohort+jwt";
/** Seconds: a cohort serves the request it was minted for, nothing later. */
const LIFETIME_SECONDS = 60;

/*
 * Compact on the wire (a cohort travels in the planner's representations, under the subgraphs'
 * body limit): organisations as [id, type, operators], pathways as [id, recordKey, openedOn,
 * planSignedOn, [organisation index, sentOn, acceptedOn], ...].
 */
type WireOrganisation = [string, string, number | null];
type WireReferral = [number, string, string | null];
type WirePathway = [string, number, string, string | null, ...WireReferral[]];

/** Minted by the consent authority for one request and one report, to the caller's organisation. */
export function signReportingCohort(key: SigningKey, actor: Actor, report: string, cohort: ReportingCohort): string {
  const index = new Map(cohort.organisations.map((organisation, i) => [organisation.id, i]));
  const now = Math.floor(Date.now() / 1000);
  return signCompactJws(key, COHORT_TYPE, {
    iss: CONSENT_RECEIPT_ISSUER,
    rid: actor.requestId,
    org: actor.organisationId,
    aud: actor.organisationId,
    purpose: actor.purpose,
    report,
    threshold: cohort.threshold,
    iat: now,
    exp: now + LIFETIME_SECONDS,
    orgs: cohort.organisations.map((o): WireOrganisation => [o.id, o.type, o.operators ?? null]),
    p: cohort.pathways.map((p): WirePathway => [
      p.id,
      p.recordKey,
      p.openedOn,
      p.planSignedOn,
      ...p.referrals.flatMap((r): WireReferral[] => (index.has(r.to) ? [[index.get(r.to)!, r.sentOn, r.acceptedOn]] : [])),
    ]),
  });
}

export class CohortRejected extends Error {}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: unknown): value is string => typeof value === "string" && DAY.test(value);
const isRecordKey = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) < 0x1_0000_0000;

/**
 * Verifies a cohort handed over by the planner: the authority's signature, not expired, minted
 * for this request, organisation, purpose and report, and well formed. Anything else: rejected.
 */
export function verifyReportingCohort(token: string, key: CryptoKey, actor: Actor, report: string): ReportingCohort {
  try {
    const payload = verifyCompactJws(token, key, COHORT_TYPE);
    const now = Math.floor(Date.now() / 1000);
    if (payload.iss !== CONSENT_RECEIPT_ISSUER || payload.aud !== actor.organisationId || payload.org !== actor.organisationId) throw new Error("claims");
    if (payload.rid !== actor.requestId || (payload.purpose ?? null) !== actor.purpose || payload.report !== report) throw new Error("another request");
    if (typeof payload.exp !== "number" || payload.exp <= now) throw new Error("expired");
    if (!Array.isArray(payload.orgs) || !Array.isArray(payload.p)) throw new Error("shape");
    if (!Number.isInteger(payload.threshold) || (payload.threshold as number) < 2) throw new Error("threshold");
    const organisations = payload.orgs.map((o: unknown): ReportOrganisation => {
      if (!Array.isArray(o) || typeof o[0] !== "string" || !ORGANISATION_TYPES.includes(o[1] as OrganisationType)) throw new Error("shape");
      const operators = o[2] === null ? null : Number.isInteger(o[2]) && o[2] > 0 ? (o[2] as number) : undefined;
      if (operators === undefined) throw new Error("shape");
      return { id: o[0], type: o[1] as OrganisationType, operators };
    });
    const pathways = payload.p.map((p: unknown): CohortPathway => {
      if (!Array.isArray(p) || !isUuid(p[0]) || !isRecordKey(p[1]) || !isDay(p[2]) || !(p[3] === null || isDay(p[3]))) throw new Error("shape");
      const referrals = (p.slice(4) as unknown[]).map((r) => {
        if (!Array.isArray(r) || !organisations[r[0]] || !isDay(r[1]) || !(r[2] === null || isDay(r[2]))) throw new Error("shape");
        return { to: organisations[r[0]]!.id, sentOn: r[1], acceptedOn: r[2] as string | null };
      });
      return { id: (p[0] as string).toLowerCase(), recordKey: p[1] as number, openedOn: p[2] as string, planSignedOn: p[3] as string | null, referrals };
    });
    return { organisations, pathways, threshold: payload.threshold as number };
  } catch {
    throw new CohortRejected("reporting cohort not valid");
  }
}

const authorityKey = keyOnFirstUse(() => loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME));
const verified = new WeakMap<object, Map<string, ReportingCohort | null>>();

/** The cohort a representation carries, verified once per request; null when absent or not valid. */
export async function cohortFromPlanner(ctx: SubgraphContext<unknown>, token: string | null | undefined, report: string): Promise<ReportingCohort | null> {
  if (!token) return null;
  let cache = verified.get(ctx);
  if (!cache) verified.set(ctx, (cache = new Map()));
  const key = `${report}\n${token}`;
  if (!cache.has(key)) {
    let cohort: ReportingCohort | null = null;
    try {
      cohort = verifyReportingCohort(token, await authorityKey(), ctx.actor, report);
    } catch (error) {
      if (!(error instanceof CohortRejected)) throw error;
    }
    cache.set(key, cohort);
  }
  return cache.get(key)!;
}
