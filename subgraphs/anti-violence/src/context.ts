import DataLoader from "dataloader";
import { listLoader, rowLoader, today, type Actor, type Database, type SubgraphContext } from "@percorsi/kit/author";
import { evaluateConsents, type ConsentView } from "@percorsi/kit/authority";
import { OrganisationRepository } from "./modules/organisation/organisation.repository.js";
import { PathwayRepository } from "./modules/pathway/pathway.repository.js";
import { IdentityRepository } from "./modules/identity/identity.repository.js";
import { NeedsAssessmentRepository } from "./modules/needs-assessment/needs-assessment.repository.js";
import { PlanRepository } from "./modules/plan/plan.repository.js";
import { PlanGoalRepository } from "./modules/plan/plan-goal.repository.js";
import { ReferralRepository } from "./modules/referral/referral.repository.js";
import { ConsentRepository } from "./modules/consent/consent.repository.js";
import { SituationReviewRepository } from "./modules/situation-review/situation-review.repository.js";
import { standingLoader } from "./permissions/standing.js";
import { decoyPathwayId } from "./permissions/decoys.js";

/** Per-request loaders: every entity and nested list is read in batches, never one by one. */
export function makeLoaders(db: Database, actor: Actor) {
  const organisations = new OrganisationRepository(db);
  const pathways = new PathwayRepository(db);
  const identities = new IdentityRepository(db);
  const assessments = new NeedsAssessmentRepository(db);
  const plans = new PlanRepository(db);
  const goals = new PlanGoalRepository(db);
  const referrals = new ReferralRepository(db);
  const consents = new ConsentRepository(db);
  const reviews = new SituationReviewRepository(db);
  const consentsByPathway = listLoader((ids: readonly string[]) => consents.byPathwayIds(ids), (c) => c.pathwayId);
  const pathway = rowLoader((ids) => pathways.byIds(ids), (p) => p.id);
  const referralsByPathway = listLoader((ids) => referrals.byPathwayIds(ids), (r) => r.pathwayId);
  const consentView = new DataLoader<string, ConsentView | null>(async (ids) => {
    const { purpose } = actor;
    if (purpose === null) return ids.map(() => null);
    const lists = await consentsByPathway.loadMany(ids);
    return lists.map((list) =>
      list instanceof Error
        ? list
        : evaluateConsents(list, { organisationId: actor.organisationId, organisationType: actor.organisationType, purpose, on: today() }),
    );
  });
  return {
    organisation: rowLoader((ids) => organisations.byIds(ids), (o) => o.id),
    pathway,
    identity: rowLoader((ids) => identities.byPathwayIds(ids), (i) => i.pathwayId),
    /** By pathway id. */
    needsAssessment: rowLoader((ids) => assessments.byPathwayIds(ids), (a) => a.pathwayId),
    /** By pathway id. */
    plan: rowLoader((ids) => plans.byPathwayIds(ids), (p) => p.pathwayId),
    /** Her situation reviews, by pathway id, oldest first: one statement per batch. */
    situationReviews: listLoader((ids: readonly string[]) => reviews.byPathwayIds(ids), (r) => r.pathwayId),
    /** A plan's goals, by plan id. */
    planGoals: listLoader((ids) => goals.byPlanIds(ids), (g) => g.planId),
    planGoal: rowLoader((ids) => goals.byIds(ids), (g) => g.id),
    referral: rowLoader((ids) => referrals.byIds(ids), (r) => r.id),
    /** A pathway's referrals, by pathway id. */
    referrals: referralsByPathway,
    /** Her consents with their provisions, by pathway id: one statement per batch. */
    consents: consentsByPathway,
    /**
     * What her consents permit to this request's organisation and purpose, by pathway id:
     * evaluated once per request and pathway, not once per labelled field.
     */
    consentView,
    /** Where this request's organisation stands on a pathway (see `Standing`), by pathway id. */
    standing: standingLoader(actor, { pathway, decoy: () => decoyPathwayId(db, actor.organisationId), referrals: referralsByPathway, consents: consentsByPathway, consentView }),
    /** The reporting consent, by pathway id. */
    reportingConsent: rowLoader((ids) => consents.reportingConsents(ids), (r) => r.pathway_id),
  };
}

export type AntiViolenceLoaders = ReturnType<typeof makeLoaders>;
export type AntiViolenceContext = SubgraphContext<AntiViolenceLoaders>;
