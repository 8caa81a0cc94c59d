import DataLoader from "dataloader";
import { today, type Actor } from "@percorsi/kit/author";
import { evaluateConsents, type ConsentRecord, type ConsentView, type PathwayStanding } from "@percorsi/kit/authority";
import type { Purpose } from "@percorsi/schema";
import type { Pathway } from "../modules/pathway/pathway.type.js";
import type { Referral } from "../modules/referral/referral.type.js";

/**
 * What the consent authority knows about one pathway for this request's organisation and
 * purpose: the standing every decision about it starts from (reads here, receipts for the
 * other subgraphs, writes). Computed once per request and pathway, from batched loaders.
 */
export interface Standing extends PathwayStanding {
  holderOrganisationId: string;
  sealed: boolean;
  referralAccepted: boolean;
  referralPurposes: Purpose[];
  consent: ConsentView | null;
  /**
   * Referrals addressed to the caller whose purpose her current consent covers: only those does
   * the caller keep (read, answer) as a party. A withdrawal or an expiry ends them all.
   */
  coveredReferralIds: ReadonlySet<string>;
}

/** An unknown pathway: nobody's, sealed, covered by nothing; refused like a foreign one. */
export const UNKNOWN_STANDING: Standing = {
  holderOrganisationId: "",
  sealed: true,
  referralAccepted: false,
  referralPurposes: [],
  consent: null,
  coveredReferralIds: new Set(),
};

interface Sources {
  pathway: DataLoader<string, Pathway | null>;
  /** An existing pathway's id to read beside an unknown one (see `decoys.ts`), or null. */
  decoy: () => string | null;
  referrals: DataLoader<string, Referral[]>;
  consents: DataLoader<string, ConsentRecord[]>;
  consentView: DataLoader<string, ConsentView | null>;
}

/** Whether her consents, now, permit anything to the caller for `purpose`: what keeps a referral alive. */
function covers(consents: readonly ConsentRecord[], actor: Actor, purpose: Purpose, on: string): boolean {
  const view = evaluateConsents(consents, { organisationId: actor.organisationId, organisationType: actor.organisationType, purpose, on });
  return Object.keys(view.permitted).length > 0;
}

/** The standing of an existing pathway the caller does not hold, from its referrals and consents. */
function partnerStanding(actor: Actor, pathway: Pick<Pathway, "holderId" | "sealed">, referrals: readonly Referral[], consents: readonly ConsentRecord[], consent: ConsentView | null): Standing {
  const on = today();
  const covered = referrals.filter((r) => r.toOrganisationId === actor.organisationId && r.purpose !== null && covers(consents, actor, r.purpose, on));
  // Only an accepted referral that is still open opens her pathway to the caller.
  const accepted = covered.filter((r) => r.status === "ACCEPTED");
  return {
    holderOrganisationId: pathway.holderId,
    sealed: pathway.sealed,
    referralAccepted: accepted.length > 0,
    referralPurposes: [...new Set(accepted.map((r) => r.purpose!))],
    consent,
    coveredReferralIds: new Set(covered.map((r) => r.id)),
  };
}

/**
 * Standings for many pathways. Unknown, sealed, foreign and refused pathways cost the same work:
 * the referrals and consents of every id the caller does not hold are read and evaluated (in the
 * same batched statements), and an unknown id's standing also reads and evaluates those of an
 * existing pathway (a decoy, see `decoys.ts`) before it is answered as unknown, so a refusal's
 * time does not tell whether the id exists (see `npm run bench:timing`).
 */
export function standingLoader(actor: Actor, sources: Sources): DataLoader<string, Standing> {
  return new DataLoader<string, Standing>(async (ids) => {
    const pathways = await sources.pathway.loadMany(ids);
    return Promise.all(
      ids.map(async (id, index): Promise<Standing> => {
        const pathway = pathways[index];
        if (pathway instanceof Error) throw pathway;
        if (pathway && pathway.holderId === actor.organisationId) {
          return { holderOrganisationId: pathway.holderId, sealed: pathway.sealed, referralAccepted: false, referralPurposes: [], consent: null, coveredReferralIds: new Set() };
        }
        const decoy = pathway ? null : sources.decoy();
        // All loaded in this tick: the decoy's rows come in the same statements as the id's own.
        const read = (key: string) => Promise.all([sources.referrals.load(key), sources.consents.load(key), sources.consentView.load(key)] as const);
        const [[referrals, consents, consent], stand] = await Promise.all([read(id), decoy ? read(decoy) : null]);
        if (pathway) return partnerStanding(actor, pathway, referrals, consents, consent);
        // Evaluated as its own would be, then dropped: the unknown id is nobody's.
        if (stand) partnerStanding(actor, { holderId: "", sealed: false }, ...stand);
        return UNKNOWN_STANDING;
      }),
    );
  });
}
