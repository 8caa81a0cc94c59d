import { buildFederatedSchema, type SubgraphSchema } from "@percorsi/kit/author";
import { OrganisationResolver } from "./modules/organisation/organisation.resolver.js";
import { resolveOrganisationReference } from "./modules/organisation/organisation.reference.js";
import { PathwayResolver } from "./modules/pathway/pathway.resolver.js";
import { resolvePathwayReference } from "./modules/pathway/pathway.reference.js";
import { NeedsAssessmentResolver } from "./modules/needs-assessment/needs-assessment.resolver.js";
import { EmpowermentPlanResolver, PathwayPlanResolver } from "./modules/plan/plan.resolver.js";
import { PlanGoalResolver } from "./modules/plan/plan-goal.resolver.js";
import { PathwayReferralsResolver, ReferralResolver } from "./modules/referral/referral.resolver.js";
import { ConsentProvisionResolver, PathwayConsentResolver } from "./modules/consent/consent.resolver.js";
import { SituationReviewResolver } from "./modules/situation-review/situation-review.resolver.js";
import { AccessReportResolver } from "./modules/access-report/access-report.resolver.js";
import {
  IndicatorReportResolver,
  IndicatorSectionResolvers,
  resolveIndicatorReportReference,
} from "./modules/indicator-report/indicator-report.resolver.js";
import { facts, rules, writes } from "./permissions/shield.js";
import { holderWriteFacts } from "./modules/pathway/pathway.access.js";

export function buildAntiViolenceSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    name: "anti-violence",
    // It owns Pathway and signs the receipts; its access report gathers every subgraph's part.
    consentAuthority: true,
    resolvers: [
      OrganisationResolver,
      PathwayResolver,
      NeedsAssessmentResolver,
      SituationReviewResolver,
      PathwayPlanResolver,
      EmpowermentPlanResolver,
      PlanGoalResolver,
      PathwayReferralsResolver,
      ReferralResolver,
      PathwayConsentResolver,
      ConsentProvisionResolver,
      AccessReportResolver,
      IndicatorReportResolver,
      ...IndicatorSectionResolvers,
    ],
    referenceResolvers: {
      Pathway: resolvePathwayReference,
      Organisation: resolveOrganisationReference,
      IndicatorReport: resolveIndicatorReportReference,
    },
    rules,
    facts,
    writes,
    writeFacts: holderWriteFacts,
  });
}
