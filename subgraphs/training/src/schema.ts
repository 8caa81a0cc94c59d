import { buildFederatedSchema, defineIndicatorReportPart, type SubgraphSchema } from "@percorsi/kit/author";
import { CourseResolver } from "./modules/course/course.resolver.js";
import { EnrolmentResolver } from "./modules/enrolment/enrolment.resolver.js";
import { OperatorTrainingResolver } from "./modules/operator-training/operator-training.resolver.js";
import { PathwayResolver } from "./modules/pathway/pathway.resolver.js";
import { resolvePathwayReference } from "./modules/pathway/pathway.type.js";
import { TRAINING_SECTIONS } from "./modules/indicators/index.js";
import { facts, rules, writes } from "./permissions/shield.js";

export function buildTrainingSchema(): Promise<SubgraphSchema> {
  // Its sections of the network's indicators, on the cohort the consent authority signs.
  const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(TRAINING_SECTIONS);
  return buildFederatedSchema({
    name: "training",
    resolvers: [CourseResolver, EnrolmentResolver, PathwayResolver, OperatorTrainingResolver, ...indicatorResolvers],
    // Its part of her access report (`AccessReport.training`) is added by the kit.
    orphanedTypes: [IndicatorReport],
    // Organisation is a key-only stub (resolvable: false): the planner never asks us for one.
    referenceResolvers: { Pathway: resolvePathwayReference },
    rules,
    facts,
    writes,
  });
}
