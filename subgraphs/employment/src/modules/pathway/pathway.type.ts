import { ObjectType } from "type-graphql";
import { ConnectionType, definePathwayStub } from "@percorsi/kit/author";

/**
 * A woman's pathway, owned by the anti-violence subgraph. This subgraph knows its pseudonymous id
 * and adds what it holds about it (registration, placements, see `PathwayResolver`), judged on the consent
 * receipt the planner hands over with it.
 */
export const { Pathway, pathwayRef, resolvePathwayReference } = definePathwayStub();
export type Pathway = InstanceType<typeof Pathway>;

@ObjectType("JobCentreCaseloadConnection", { description: "The pathways registered at your job centre, newest registration first." })
export class JobCentreCaseloadConnection extends ConnectionType(Pathway) {}
