import { log, type Database } from "@percorsi/kit/author";
import { storeOf } from "@percorsi/kit/authority";
import { PathwayRepository } from "../modules/pathway/pathway.repository.js";

/**
 * Stand-ins for unknown pathway ids. An id nobody issued has no referrals and no consents, so
 * reading them returns no rows and evaluates nothing: refused faster than an existing pathway,
 * an oracle by time (`npm run bench:timing`). Its standing therefore also reads, in the same
 * statements, the referrals and consents of an existing pathway drawn at random, and evaluates
 * them as it would its own, then answers "unknown". (As a password check hashes against a dummy
 * for an unknown user.) The pool is a random sample per store, drawn off the answer's path and
 * redrawn every few minutes, so that new pathways take part and no one pathway always stands in.
 */
const POOL_SIZE = 64;
const REDRAW_MS = 5 * 60_000;

interface Pool {
  pathways: { id: string; holderId: string }[];
  drawnAt: number;
  drawing: boolean;
}

const pools = new WeakMap<Database, Pool>();

function redraw(store: Database, pool: Pool): void {
  pool.drawing = true;
  new PathwayRepository(store)
    .sample(POOL_SIZE)
    .then((pathways) => {
      pool.pathways = pathways;
      pool.drawnAt = Date.now();
    })
    .catch((error: unknown) => log.warn("standing.decoys_unavailable", { code: (error as { code?: string }).code ?? "error" }))
    .finally(() => {
      pool.drawing = false;
    });
}

/**
 * An existing pathway id to read beside an unknown one, of a pathway `organisationId` does not
 * hold (so that it is read as a foreign one is), or null while the first sample is being drawn
 * (the first requests after start, or an empty store).
 */
export function decoyPathwayId(db: Database, organisationId: string): string | null {
  const store = storeOf(db);
  let pool = pools.get(store);
  if (!pool) pools.set(store, (pool = { pathways: [], drawnAt: 0, drawing: false }));
  if (!pool.drawing && Date.now() - pool.drawnAt > REDRAW_MS) redraw(store, pool);
  const foreign = pool.pathways.filter((pathway) => pathway.holderId !== organisationId);
  return foreign.length > 0 ? foreign[Math.floor(Math.random() * foreign.length)]!.id : null;
}
