import type { Queryable } from "@percorsi/kit/author";
import { networkDirectory } from "@percorsi/schema";
import { OrganisationRepository } from "./organisation.repository.js";

/**
 * Loads the network's organisation directory (schema/network.yaml) into this store, at every
 * start: referrals, consents and indicators join on it. The directory is network data the
 * control room administers; this store only keeps a copy.
 */
export async function loadDirectory(db: Queryable): Promise<void> {
  await new OrganisationRepository(db).upsertMany(networkDirectory());
}
