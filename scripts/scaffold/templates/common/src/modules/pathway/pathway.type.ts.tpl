import { definePathwayStub } from "@percorsi/kit/author";

/**
 * A woman's pathway, owned by the anti-violence subgraph. This subgraph adds what __title__
 * records about it (see `PathwayResolver`), judged on the consent receipt the planner hands
 * over with it.
 */
export const { Pathway, pathwayRef, resolvePathwayReference } = definePathwayStub();
export type Pathway = InstanceType<typeof Pathway>;
