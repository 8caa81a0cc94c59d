import { listLoader, rowLoader, type Database, type SubgraphContext } from "@percorsi/kit";
import { OrganisationRepository } from "./modules/organisation/organisation.repository.js";
import { PathwayRepository } from "./modules/pathway/pathway.repository.js";
import { IdentityRepository } from "./modules/identity/identity.repository.js";

/** Per-request loaders: every entity and nested list is read in batches, never one by one. */
export function makeLoaders(db: Database) {
  const organisations = new OrganisationRepository(db);
  const pathways = new PathwayRepository(db);
  const identities = new IdentityRepository(db);
  return {
    organisation: rowLoader((ids) => organisations.byIds(ids), (o) => o.id),
    pathway: rowLoader((ids) => pathways.byIds(ids), (p) => p.id),
    acceptedReferralOrganisations: listLoader(
      (ids) => pathways.acceptedReferralOrganisations(ids),
      (row) => row.pathway_id,
    ),
    identity: rowLoader((ids) => identities.byPathwayIds(ids), (i) => i.pathwayId),
  };
}

export type AntiViolenceLoaders = ReturnType<typeof makeLoaders>;
export type AntiViolenceContext = SubgraphContext<AntiViolenceLoaders>;
