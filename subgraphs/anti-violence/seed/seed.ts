import { demoNetwork } from "@percorsi/demo";
import type { Database } from "@percorsi/kit";
import { OrganisationRepository } from "../src/modules/organisation/organisation.repository.js";

/** Writes the demo network's case-holder data into an empty store; does nothing otherwise. */
export async function seedAntiViolence(db: Database): Promise<void> {
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>("select count(*)::int as count from organisations");
  if (count > 0) return;
  const network = demoNetwork();
  await db.transaction(async (tx) => {
    await new OrganisationRepository(tx).insertMany(network.organisations);
  });
}
