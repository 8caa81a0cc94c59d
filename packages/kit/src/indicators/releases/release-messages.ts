import { randomUUID } from "node:crypto";
import type { CryptoKey } from "jose";
import { ORGANISATION_TYPES, type OrganisationType } from "@percorsi/schema";
import { CONSENT_RECEIPT_ISSUER } from "../../consent/receipt.js";
import { isUuid } from "../../graphql/ids.js";
import { isIsoDate } from "../../util/dates.js";
import { signCompactJws, verifyCompactJws } from "../../trust/compact-jws.js";
import type { SigningKey } from "../../trust/keys.js";
import { COHORT_ATTRIBUTES, type CohortAttribute, type PlannedRelease, type ReleaseYear, type ReportOrganisation } from "@percorsi/indicators";

// What the consent authority sends a subgraph to compute and publish its part of a release: a
// signed message per page of the cohort, then a signed publication. Nothing travels through the
// gateway or a request body of the federation: the cohort is paged, so no release depends on one
// body holding it, and each page holds only what that subgraph's sections read.

const PART_TYPE = "indicator-release-part+jwt";
const PUBLISH_TYPE = "indicator-release-publish+jwt";
/** Seconds a message is valid: it is sent at once, never kept. */
const LIFETIME_SECONDS = 300;

/** Which release a message is about: as the schedule planned it. */
export type ReleaseHeader = PlannedRelease;

/** A woman of a release's cohort as one subgraph receives her: only the attributes it was granted. */
export interface ReleaseCohortPathway {
  id: string;
  /** Her record key in each year's epoch, in the order of the release's years. */
  keys: number[];
  openedOn?: string;
  planSignedOn?: string | null;
  /** Her referrals to this subgraph's organisations: [organisation id, day sent]. */
  referrals?: { to: string; sentOn: string }[];
}

export interface ReleasePartPage {
  release: ReleaseHeader;
  /** 0, 1, ...; the last page says so. */
  page: number;
  last: boolean;
  threshold: number;
  /** The directory's organisations of this subgraph's types. */
  organisations: ReportOrganisation[];
  attributes: CohortAttribute[];
  pathways: ReleaseCohortPathway[];
}

/** A verified message; `id` (its `jti`) and `expiresAt` (seconds) let the subgraph take it once. */
export type ReleaseMessage = ({ kind: "part"; part: ReleasePartPage } | { kind: "publish"; release: Pick<ReleaseHeader, "seq" | "id" | "version"> }) & { id: string; expiresAt: number };

export class ReleaseMessageRejected extends Error {}

/** A fresh `jti` each signing: a subgraph takes each message once, so a retry is a new message. */
const claims = (audience: string) => {
  const now = Math.floor(Date.now() / 1000);
  return { iss: CONSENT_RECEIPT_ISSUER, aud: audience, iat: now, exp: now + LIFETIME_SECONDS, jti: randomUUID() };
};

type WirePathway = [string, number[], string | null, string | null, [number, string][] | null];

export function signReleasePart(key: SigningKey, audience: string, part: ReleasePartPage): string {
  const index = new Map(part.organisations.map((o, i) => [o.id, i]));
  return signCompactJws(key, PART_TYPE, {
    ...claims(audience),
    rel: part.release,
    page: part.page,
    last: part.last,
    threshold: part.threshold,
    orgs: part.organisations.map((o) => [o.id, o.type, o.operators ?? null]),
    attrs: part.attributes,
    p: part.pathways.map(
      (p): WirePathway => [
        p.id,
        p.keys,
        p.openedOn ?? null,
        p.planSignedOn ?? null,
        p.referrals ? p.referrals.flatMap((r): [number, string][] => (index.has(r.to) ? [[index.get(r.to)!, r.sentOn]] : [])) : null,
      ],
    ),
  });
}

export function signReleasePublication(key: SigningKey, audience: string, release: Pick<ReleaseHeader, "seq" | "id" | "version">): string {
  return signCompactJws(key, PUBLISH_TYPE, { ...claims(audience), rel: { seq: release.seq, id: release.id, version: release.version } });
}

const isKey = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 0x1_0000_0000;
const isDayOrNull = (v: unknown): v is string | null => v === null || isIsoDate(v);

function header(value: unknown, full: boolean): ReleaseHeader {
  const r = value as Record<string, unknown>;
  if (!r || typeof r !== "object" || !Number.isInteger(r.seq) || (r.seq as number) < 1 || typeof r.id !== "string" || !/^\d{4}-\d{2}$/.test(r.id)) throw new Error("release");
  if (!Number.isInteger(r.version) || (r.version as number) < 1) throw new Error("release");
  if (!full) return r as unknown as ReleaseHeader;
  if (!isIsoDate(r.cutOff) || !isIsoDate(r.asOf) || !Array.isArray(r.years) || r.years.length === 0) throw new Error("release");
  for (const y of r.years as unknown[]) {
    const year = y as ReleaseYear;
    if (!year || !Number.isInteger(year.year) || typeof year.epoch !== "string" || year.epoch.length > 100) throw new Error("release");
  }
  return r as unknown as ReleaseHeader;
}

/** Verifies a message of the consent authority to this subgraph (signature, audience, expiry, shape); anything else is rejected. */
export function verifyReleaseMessage(token: string, key: CryptoKey, audience: string): ReleaseMessage {
  try {
    const typ = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")).typ;
    const payload = verifyCompactJws(token, key, typ === PUBLISH_TYPE ? PUBLISH_TYPE : PART_TYPE);
    const now = Math.floor(Date.now() / 1000);
    if (payload.iss !== CONSENT_RECEIPT_ISSUER || payload.aud !== audience) throw new Error("claims");
    if (typeof payload.exp !== "number" || payload.exp <= now) throw new Error("expired");
    if (!isUuid(payload.jti)) throw new Error("jti");
    const once = { id: (payload.jti as string).toLowerCase(), expiresAt: payload.exp };
    if (typ === PUBLISH_TYPE) return { kind: "publish", release: header(payload.rel, false), ...once };
    const release = header(payload.rel, true);
    if (!Number.isInteger(payload.page) || typeof payload.last !== "boolean") throw new Error("page");
    if (!Number.isInteger(payload.threshold) || (payload.threshold as number) < 2) throw new Error("threshold");
    if (!Array.isArray(payload.orgs) || !Array.isArray(payload.p) || !Array.isArray(payload.attrs)) throw new Error("shape");
    const attributes = payload.attrs as CohortAttribute[];
    if (attributes.some((a) => !COHORT_ATTRIBUTES.includes(a))) throw new Error("attributes");
    const organisations = payload.orgs.map((o: unknown): ReportOrganisation => {
      if (!Array.isArray(o) || typeof o[0] !== "string" || !ORGANISATION_TYPES.includes(o[1] as OrganisationType)) throw new Error("shape");
      if (!(o[2] === null || (Number.isInteger(o[2]) && o[2] > 0))) throw new Error("shape");
      return { id: o[0], type: o[1] as OrganisationType, operators: o[2] as number | null };
    });
    const years = release.years.length;
    const pathways = payload.p.map((w: unknown): ReleaseCohortPathway => {
      const p = w as WirePathway;
      if (!Array.isArray(p) || !isUuid(p[0]) || !Array.isArray(p[1]) || p[1].length !== years || !p[1].every(isKey)) throw new Error("shape");
      if (!isDayOrNull(p[2]) || !isDayOrNull(p[3])) throw new Error("shape");
      const pathway: ReleaseCohortPathway = { id: p[0].toLowerCase(), keys: p[1] };
      if (attributes.includes("openedOn")) {
        if (p[2] === null) throw new Error("shape");
        pathway.openedOn = p[2];
      }
      if (attributes.includes("planSignedOn")) pathway.planSignedOn = p[3];
      if (attributes.includes("referralsSentOn")) {
        if (!Array.isArray(p[4])) throw new Error("shape");
        pathway.referrals = p[4].map((r) => {
          if (!Array.isArray(r) || !organisations[r[0]] || !isIsoDate(r[1])) throw new Error("shape");
          return { to: organisations[r[0]]!.id, sentOn: r[1] };
        });
      }
      return pathway;
    });
    return { kind: "part", part: { release, page: payload.page as number, last: payload.last as boolean, threshold: payload.threshold as number, organisations, attributes, pathways }, ...once };
  } catch {
    throw new ReleaseMessageRejected("not a valid release message");
  }
}
