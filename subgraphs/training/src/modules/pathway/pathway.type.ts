import { ObjectType } from "type-graphql";
import { ConnectionType, definePathwayStub } from "@percorsi/kit/author";

/**
 * A woman's pathway, owned by the anti-violence subgraph. This subgraph knows its pseudonymous id
 * and adds what it holds about it (enrolments, see `PathwayResolver`), judged on the consent
 * receipt the planner hands over with it.
 */
export const { Pathway, pathwayRef, resolvePathwayReference } = definePathwayStub();
export type Pathway = InstanceType<typeof Pathway>;

@ObjectType("TrainingCaseloadConnection", { description: "Pathways enrolled in your training body's courses, newest enrolment first." })
export class TrainingCaseloadConnection extends ConnectionType(Pathway) {}
