// Her consents across the network, settled once every pathway exists: what she lets each
// partner read, for what, and until when; whether she counts in statistics; and the one pathway
// her operator sealed. Everything here agrees with what the anti-violence API would accept:
// every open referral is covered by an active consent for its organisation and purpose,
// identity, safety and health are never granted, a withdrawn consent leaves no open referral.

import { HOLDER_ONLY_CATEGORIES, type DataCategory, type OrganisationType, type Purpose } from "@percorsi/schema";
import { organisationById, userOf } from "./organisations.js";
import { DEMO_TODAY } from "./pathways.js";
import { Random, addDays, maxDate, minDate, seeded, uuidFor } from "./random.js";
import type { DemoConsent, DemoConsentProvision, DemoPathway, DemoReferral } from "./types.js";

const OPEN: ReadonlySet<DemoReferral["status"]> = new Set(["SENT", "ACCEPTED"]);
const isOpen = (r: DemoReferral) => OPEN.has(r.status);

/** The holder reads job-centre and training records only by her consent. */
const HOLDER_READS: readonly DataCategory[] = ["JOB_SEARCH", "PLACEMENT", "TRAINING"];
const HOLDER_PURPOSES: readonly Purpose[] = ["EMPOWERMENT_PLAN", "MONITORING"];
/** What a job centre usually needs to place her safely. */
const JOB_CENTRE_BASE: readonly DataCategory[] = ["CASE_STATUS", "EDUCATION_SKILLS", "WORK_HISTORY", "SAFETY_CONSTRAINTS"];
/** What a training body usually needs to fit a course around her. */
const TRAINING_BASE: readonly DataCategory[] = ["CASE_STATUS", "EDUCATION_SKILLS", "CARE"];
/** The grant to every training body of the network. */
const TYPE_GRANT: { type: OrganisationType; categories: readonly DataCategory[]; purposes: readonly Purpose[] } = {
  type: "TRAINING_BODY",
  categories: ["CASE_STATUS", "EDUCATION_SKILLS", "CARE"],
  purposes: ["TRAINING"],
};
const NESTED_DENY: DataCategory = "WORK_HISTORY";
/** What the housing body needs to find her a home. */
const HOUSING_BODY_BASE: readonly DataCategory[] = ["CASE_STATUS", "HOUSING"];

export const SEAL_REASON = "Risk of being traced: lockdown requested by her operator";

const WITHDRAWAL_REASONS = {
  JOB_CENTRE: [
    "She asked to stop sharing her information with the job centre: she follows her job search on her own now",
    "She no longer wants the job centre to read her file after a meeting she did not feel safe in",
  ],
  LEFT_COURSE: ["She left the course and asked the centre to stop sharing her information with the training body"],
  TRAINING_BODY: ["She asked to stop sharing: the training is over and she does not want to be contacted again"],
} as const;

// ---- building ----

interface Cases {
  showcases: Set<string>;
  sealed: Set<string>;
  typeGrant: string | null;
  nestedDeny: string | null;
  /** pathway id → the training body whose grant lapsed. */
  expired: Map<string, string>;
  /** pathway id → the organisation whose consent she withdrew. */
  withdrawn: Map<string, string>;
}

/** How many of each consent story a set of pathways tells. */
export interface ConsentQuotas {
  /** Holders whose first pathway is a showcase (its grants are the full story). */
  showcaseHolders: readonly string[];
  /** Seals, taken from the latest open pathways (of `sealHolder` only, when set). */
  seals: number;
  sealHolder: string | null;
  expired: number;
  withdrawn: { JOB_CENTRE: number; TRAINING_BODY: number };
  /** The one grant to an organisation type and the one nested deny. */
  singleCases: boolean;
  /** The large network asks fewer women late and words reporting consent the same. */
  reporting: "small" | "large";
}

export const SMALL_CONSENT_QUOTAS: ConsentQuotas = {
  showcaseHolders: ["cav-aurora", "cav-ginestra"],
  seals: 1,
  sealHolder: "cav-aurora",
  expired: 1,
  withdrawn: { JOB_CENTRE: 2, TRAINING_BODY: 2 },
  singleCases: true,
  reporting: "small",
};

/**
 * Gives every pathway its consents, reporting consent and seal. Uses its own random streams, so
 * nothing else in the network moves; referrals are not touched (the cases are chosen where the
 * data already agrees). Paper forms are numbered after `numberedAfter`'s (forms already issued).
 */
export function settleConsents(
  seed: number,
  pathways: DemoPathway[],
  quotas: ConsentQuotas = SMALL_CONSENT_QUOTAS,
  numberedAfter: readonly DemoPathway[] = [],
): void {
  const cases = chooseCases(seeded(seed, "consents/cases"), pathways, quotas);
  for (const pathway of pathways) {
    const rng = seeded(seed, `consents/${pathway.id}`);
    pathway.consents = buildConsents(rng, pathway, cases);
    pathway.reportingConsent = buildReportingConsent(rng, pathway, quotas.reporting);
    pathway.seal =
      cases.sealed.has(pathway.id)
        ? { reason: SEAL_REASON, sealedOn: maxDate(pathway.openedOn, addDays(DEMO_TODAY, -rng.int(2, 12))), sealedByUserId: userOf(pathway.holderId).id }
        : null;
  }
  numberForms(pathways, numberedAfter);
}

const typeOf = (organisationId: string) => organisationById(organisationId).type;
const openUntil = (p: DemoPathway) => p.closedOn ?? DEMO_TODAY;

function chooseCases(rng: Random, pathways: readonly DemoPathway[], quotas: ConsentQuotas): Cases {
  const showcases = new Set<string>();
  for (const holderId of quotas.showcaseHolders) {
    const first = pathways.find((p) => p.holderId === holderId);
    if (first) showcases.add(first.id);
  }
  const taken = new Set(showcases);
  const take = (p: DemoPathway | undefined) => {
    if (p) taken.add(p.id);
    return p ?? null;
  };
  const free = pathways.filter((p) => !taken.has(p.id));

  // The seal hides records elsewhere: a job-seeker registration and an enrolment.
  const sealable = [...free]
    .reverse()
    .filter((p) => (quotas.sealHolder === null || p.holderId === quotas.sealHolder) && p.closedOn === null && p.jobSeeker && p.enrolments.length > 0);
  // Spread over the candidates (newest first), so seals fall in different months.
  const stride = Math.max(1, Math.floor(sealable.length / Math.max(1, quotas.seals)));
  const sealed = new Set<string>();
  for (let i = 0; i < sealable.length && sealed.size < quotas.seals; i += stride) sealed.add(take(sealable[i])!.id);
  const typeGrant = !quotas.singleCases ? null : take(
    pathways.find((p) => !taken.has(p.id) && p.referrals.some((r) => r.purpose === "TRAINING" && isOpen(r))),
  );
  const nestedDeny = !quotas.singleCases ? null : take(
    pathways.find(
      (p) =>
        !taken.has(p.id) &&
        p.jobSeeker !== null &&
        p.referrals.some((r) => r.purpose === "JOB_PLACEMENT" && r.status === "ACCEPTED" && r.toOrganisationId === p.jobSeeker?.jobCentreId),
    ),
  );

  // A grant that lapsed: the course is over and the referral done.
  const expired: Cases["expired"] = new Map();
  for (const p of pathways) {
    if (taken.has(p.id) || expired.size >= quotas.expired) continue;
    const training = p.referrals.filter((r) => typeOf(r.toOrganisationId) === "TRAINING_BODY");
    const done = training.find((r) => r.status === "DONE");
    const completed = p.enrolments.find((e) => e.status === "COMPLETED" && e.completedOn && addDays(e.completedOn, 30) < DEMO_TODAY);
    if (done && completed && training.every((r) => r.toOrganisationId === done.toOrganisationId && !isOpen(r))) {
      expired.set(take(p)!.id, done.toOrganisationId);
    }
  }

  // Withdrawn consents: two job centres, two training bodies, where nothing is open with them any more.
  const withdrawn = new Map<string, string>();
  const wanted = { ...quotas.withdrawn };
  for (const p of rng.shuffle(pathways)) {
    if (taken.has(p.id) || p.needsAssessment === null) continue;
    for (const organisationId of new Set(p.referrals.map((r) => r.toOrganisationId))) {
      const type = typeOf(organisationId);
      if ((type !== "JOB_CENTRE" && type !== "TRAINING_BODY") || wanted[type] === 0 || withdrawn.has(p.id)) continue;
      const toThem = p.referrals.filter((r) => r.toOrganisationId === organisationId);
      if (!toThem.every((r) => r.status === "DONE" || r.status === "WITHDRAWN")) continue;
      // She stops sharing with a training body once she is no longer on its course.
      if (type === "TRAINING_BODY" && p.enrolments.some((e) => e.status === "ENROLLED")) continue;
      if (withdrawalWindow(p, organisationId) === null) continue;
      withdrawn.set(p.id, organisationId);
      taken.add(p.id);
      wanted[type]--;
    }
  }
  return { showcases, sealed, typeGrant: typeGrant?.id ?? null, nestedDeny: nestedDeny?.id ?? null, expired, withdrawn };
}

/** When she may have withdrawn her consent to an organisation: after everything with them happened. */
function withdrawalWindow(p: DemoPathway, organisationId: string): [string, string] | null {
  const events = p.referrals
    .filter((r) => r.toOrganisationId === organisationId)
    .flatMap((r) => [r.sentOn, r.respondedOn ?? r.sentOn]);
  for (const e of p.enrolments) events.push(e.enrolledOn, e.completedOn ?? e.enrolledOn, e.withdrawnOn ?? e.enrolledOn);
  if (p.jobSeeker?.jobCentreId === organisationId) events.push(p.jobSeeker.registeredOn, p.jobSeeker.firstAppointmentOn ?? p.jobSeeker.registeredOn);
  for (const placement of p.placements) if (placement.jobCentreId === organisationId) events.push(placement.startOn);
  const from = addDays(maxDate(events[0]!, ...events), 1);
  const to = minDate(addDays(from, 60), openUntil(p));
  return from <= to ? [from, to] : null;
}

function permit(
  grantee: { organisationId: string } | { organisationType: OrganisationType },
  categories: readonly DataCategory[],
  purposes: readonly Purpose[],
  nested: DemoConsentProvision[] = [],
): DemoConsentProvision {
  return {
    type: "PERMIT",
    granteeOrganisationId: "organisationId" in grantee ? grantee.organisationId : null,
    granteeOrganisationType: "organisationType" in grantee ? grantee.organisationType : null,
    categories: [...categories],
    purposes: [...purposes],
    periodStart: null,
    periodEnd: null,
    provisions: nested,
  };
}

function buildConsents(rng: Random, p: DemoPathway, cases: Cases): DemoConsent[] {
  if (!p.needsAssessment) return []; // still at intake: nothing is shared yet
  const showcase = cases.showcases.has(p.id);
  const operator = userOf(p.holderId).id;
  const firstSent = p.referrals.map((r) => r.sentOn).sort()[0];
  const recordedOn = firstSent
    ? maxDate(p.needsAssessment.assessedOn, addDays(firstSent, -rng.int(0, 3)))
    : minDate(addDays(p.needsAssessment.assessedOn, rng.int(0, 14)), openUntil(p));
  const consent = (n: number, on: string, provisions: DemoConsentProvision[]): DemoConsent => ({
    id: uuidFor(`pathway/${p.id}/consent/${n}`),
    status: "ACTIVE",
    evidenceReference: "", // numbered network-wide once every form exists
    recordedByUserId: operator,
    recordedOn: on,
    replacesId: null,
    withdrawnOn: null,
    withdrawnByUserId: null,
    withdrawalReason: null,
    provisions,
  });

  const main: DemoConsentProvision[] = [];
  if (showcase || cases.sealed.has(p.id) || rng.chance(0.85)) main.push(permit({ organisationId: p.holderId }, HOLDER_READS, HOLDER_PURPOSES));

  const withdrawnFrom = cases.withdrawn.get(p.id);
  const separate: DemoConsent[] = [];
  let amendment: { organisationId: string; on: string } | null = null;
  for (const organisationId of new Set(p.referrals.map((r) => r.toOrganisationId))) {
    const type = typeOf(organisationId);
    const referrals = p.referrals.filter((r) => r.toOrganisationId === organisationId);
    const purposes = new Set(referrals.map((r) => r.purpose));
    let provision: DemoConsentProvision;
    if (type === "JOB_CENTRE") {
      const categories = [...JOB_CENTRE_BASE];
      if (showcase || rng.chance(0.7)) categories.push("CARE");
      if (!showcase && rng.chance(0.25)) categories.push("TRAINING");
      if (!showcase && rng.chance(0.15)) categories.push("ECONOMIC");
      const retention = referrals.find((r) => r.purpose === "JOB_RETENTION");
      // She agrees to retention support up front on the showcase and sometimes once placed;
      // otherwise the consent is amended when the job centre is asked to follow her in the job.
      const upFront = showcase || (p.placements.length > 0 && rng.chance(0.5)) || withdrawnFrom === organisationId;
      const granted: Purpose[] = ["JOB_PLACEMENT"];
      if (upFront || (retention && withdrawnFrom === organisationId)) granted.push("JOB_RETENTION");
      else if (retention) amendment = { organisationId, on: maxDate(recordedOn, addDays(retention.sentOn, -rng.int(0, 3))) };
      if (p.id === cases.nestedDeny) {
        // Her work history is her ex-partner's family business: she keeps it out of this grant.
        provision = permit({ organisationId }, JOB_CENTRE_BASE, granted, [
          { ...permit({ organisationId }, [NESTED_DENY], []), type: "DENY", granteeOrganisationId: null },
        ]);
      } else {
        provision = permit({ organisationId }, categories, granted);
      }
    } else if (type === "TRAINING_BODY") {
      const categories = [...TRAINING_BASE];
      if (showcase || rng.chance(0.6)) categories.push("SAFETY_CONSTRAINTS");
      if (!showcase && rng.chance(0.2)) categories.push("WORK_HISTORY");
      if (p.id === cases.typeGrant) {
        provision = permit({ organisationType: TYPE_GRANT.type }, TYPE_GRANT.categories, TYPE_GRANT.purposes);
      } else {
        provision = permit({ organisationId }, categories, [...purposes]);
        if (cases.expired.get(p.id) === organisationId) {
          const completedOn = p.enrolments.find((e) => e.status === "COMPLETED")!.completedOn!;
          provision.periodStart = recordedOn;
          provision.periodEnd = addDays(completedOn, 30); // until a month after the course
        }
      }
    } else if (type === "HOUSING_BODY") {
      // No random draw (the housing referrals came after the rest of her story was drawn), and
      // she never withdraws it here.
      main.push(permit({ organisationId }, HOUSING_BODY_BASE, [...purposes]));
      continue;
    } else {
      continue;
    }
    if (withdrawnFrom === organisationId) {
      const [from, to] = withdrawalWindow(p, organisationId)!;
      const withdrawnOn = rng.date(from, to);
      separate.push({
        ...consent(1, recordedOn, [provision]),
        status: "WITHDRAWN",
        withdrawnOn,
        withdrawnByUserId: operator,
        withdrawalReason: rng.pick(
          WITHDRAWAL_REASONS[type === "TRAINING_BODY" && p.enrolments.some((e) => e.status === "WITHDRAWN") ? "LEFT_COURSE" : type],
        ),
      });
    } else {
      main.push(provision);
    }
  }
  const consents: DemoConsent[] = [];
  if (main.length > 0) consents.push(consent(0, recordedOn, main));
  consents.push(...separate);
  if (amendment && consents[0]) {
    const original = consents[0];
    original.status = "SUPERSEDED";
    const amended = structuredClone(original.provisions);
    for (const provision of amended) {
      if (provision.granteeOrganisationId === amendment.organisationId) provision.purposes.push("JOB_RETENTION");
    }
    consents.push({ ...consent(2, amendment.on, amended), replacesId: original.id });
  }
  for (const c of consents) {
    for (const provision of c.provisions) {
      if (provision.categories.some((category) => HOLDER_ONLY_CATEGORIES.has(category))) throw new Error("holder-only category granted");
    }
  }
  return consents.sort((a, b) => a.recordedOn.localeCompare(b.recordedOn) || a.id.localeCompare(b.id));
}

function buildReportingConsent(rng: Random, p: DemoPathway, mode: ConsentQuotas["reporting"]): DemoPathway["reportingConsent"] {
  // At intake she is not always asked yet; in the large network some are never asked.
  if (!p.needsAssessment && rng.chance(mode === "large" ? 0.6 : 0.5)) return null;
  if (mode === "large" && rng.chance(0.04)) return null;
  return {
    granted: rng.chance(0.9),
    evidenceReference: "",
    recordedByUserId: userOf(p.holderId).id,
    recordedOn: minDate(addDays(p.openedOn, rng.int(0, 10)), openUntil(p)),
  };
}

/**
 * Paper forms are numbered per year, in the order they were signed, across the network; after
 * the forms `issued` already took (their numbers stay theirs).
 */
function numberForms(pathways: readonly DemoPathway[], issued: readonly DemoPathway[]): void {
  const lastIssued = (prefix: string, references: string[]) => {
    const counters = new Map<string, number>();
    for (const reference of references) {
      const [, year, n] = /^[A-Z-]+-(\d{4})-(\d+)$/.exec(reference) ?? [];
      if (year && n && reference.startsWith(`${prefix}-`)) counters.set(year, Math.max(counters.get(year) ?? 0, Number(n)));
    }
    return counters;
  };
  const issuedConsents = lastIssued("MOD-CONS", issued.flatMap((p) => p.consents.map((c) => c.evidenceReference)));
  const issuedStat = lastIssued("MOD-STAT", issued.flatMap((p) => (p.reportingConsent ? [p.reportingConsent.evidenceReference] : [])));
  const number = (prefix: string, forms: { id: string; on: string; set: (reference: string) => void }[]) => {
    const counters = new Map(prefix === "MOD-CONS" ? issuedConsents : issuedStat);
    for (const form of forms.sort((a, b) => a.on.localeCompare(b.on) || a.id.localeCompare(b.id))) {
      const year = form.on.slice(0, 4);
      const n = (counters.get(year) ?? 0) + 1;
      counters.set(year, n);
      form.set(`${prefix}-${year}-${String(n).padStart(4, "0")}`);
    }
  };
  number(
    "MOD-CONS",
    pathways.flatMap((p) => p.consents.map((c) => ({ id: c.id, on: c.recordedOn, set: (r: string) => (c.evidenceReference = r) }))),
  );
  number(
    "MOD-STAT",
    pathways.flatMap((p) => {
      const rc = p.reportingConsent;
      return rc ? [{ id: p.id, on: rc.recordedOn, set: (r: string) => (rc.evidenceReference = r) }] : [];
    }),
  );
}
