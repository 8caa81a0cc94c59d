import type { Actor, Database, SubgraphContext } from "@percorsi/kit/author";
import { __Name__RecordRepository } from "./modules/__name__/__name__.repository.js";

/** Per request: its records of a batch of pathways in one statement, never one per pathway. */
export function makeLoaders(db: Database, _actor: Actor) {
  return { recordsOfPathway: new __Name__RecordRepository(db).loader() };
}

export type __Name__Loaders = ReturnType<typeof makeLoaders>;
export type __Name__Context = SubgraphContext<__Name__Loaders>;
