import type { Database, Queryable } from "../../db/database.js";
import { loadVerificationKey, keyOnFirstUse } from "../../trust/keys.js";
import { CONSENT_AUTHORITY_KEY_NAME } from "../../consent/receipt.js";
import { sendJson, type RouteHandler } from "../../http/serve.js";
import { log } from "../../log.js";
import type { Breakdown, CellReason, Granularity, IndicatorCellValue } from "@percorsi/indicators";
import type { IndicatorSection } from "../section.js";
import { verifyReleaseMessage, ReleaseMessageRejected, type ReleaseHeader } from "./release-messages.js";
import { computeReleasePart, ReleasePartRefused, storeCohortPage, takeStoredCohort } from "./release-part.js";
import { takeReleaseMessageId } from "./release-message-ids.js";

// A subgraph's releases: what it stored, what it may serve, and the endpoint the consent
// authority sends its part and its publication to.

export interface StoredRelease {
  seq: number;
  id: string;
  version: number;
  status: "DRAFT" | "PUBLISHED";
  cutOff: string;
  computedAt: Date | null;
  publishedAt: Date | null;
}

const RELEASE_COLUMNS = `seq, id, version, status, to_char(cut_off, 'YYYY-MM-DD') as "cutOff", computed_at as "computedAt", published_at as "publishedAt"`;

export async function storedReleases(db: Queryable): Promise<StoredRelease[]> {
  return db.query<StoredRelease>(`select ${RELEASE_COLUMNS} from indicator_releases order by seq`);
}

export async function storedRelease(db: Queryable, seq: number): Promise<StoredRelease | null> {
  const [row] = await db.query<StoredRelease>(`select ${RELEASE_COLUMNS} from indicator_releases where seq = $1`, [seq]);
  return row ?? null;
}

export interface ReleaseCellQuery {
  seq: number;
  section: string;
  granularity: Granularity;
  breakdown: Breakdown;
  from: string;
  to: string;
  /** Only these rows (an operator's own organisation); undefined: all. */
  groups?: readonly string[];
}

/**
 * The cells of a section as the release `seq` publishes them: for each cell, the version stored by
 * the latest published release up to `seq` (or by `seq` itself, a draft its readers may check).
 */
export async function readReleaseCells(db: Queryable, q: ReleaseCellQuery): Promise<IndicatorCellValue[]> {
  const rows = await db.query<{
    indicator_id: string;
    period: string;
    period_from: string;
    period_to: string;
    grp: string;
    category: string;
    value: number | null;
    suppressed: boolean;
    reason: CellReason | null;
    numerator: number | null;
    denominator: number | null;
  }>(
    `select distinct on (c.indicator_id, c.period, c.grp, c.category)
            c.indicator_id, c.period, to_char(c.period_from, 'YYYY-MM-DD') as period_from, to_char(c.period_to, 'YYYY-MM-DD') as period_to,
            c.grp, c.category, c.value, c.suppressed, c.reason, c.numerator, c.denominator
     from indicator_release_cells c
     where c.section = $1 and c.granularity = $2 and c.breakdown = $3 and c.period_from >= $4 and c.period_to <= $5
       and c.seq in (select r.seq from indicator_releases r where r.seq <= $6 and (r.status = 'PUBLISHED' or r.seq = $6))
       and ($7::text[] is null or c.grp = any($7::text[]))
     order by c.indicator_id, c.period, c.grp, c.category, c.seq desc`,
    [q.section, q.granularity, q.breakdown, q.from, q.to, q.seq, q.groups ? [...q.groups] : null],
  );
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    period: r.period,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    group: r.grp,
    category: r.category === "" ? null : r.category,
    value: r.value === null ? null : Number(r.value),
    suppressed: r.suppressed,
    reason: r.reason,
    numerator: r.numerator,
    denominator: r.denominator,
  }));
}

/** Marks a computed release published; false if it was never computed here. */
export async function publishStoredRelease(db: Queryable, release: Pick<ReleaseHeader, "seq" | "id" | "version">): Promise<boolean> {
  const rows = await db.query(
    `update indicator_releases set status = 'PUBLISHED', published_at = coalesce(published_at, now())
     where seq = $1 and id = $2 and version = $3 and computed_at is not null returning seq`,
    [release.seq, release.id, release.version],
  );
  return rows.length === 1;
}

const authorityKey = keyOnFirstUse(() => loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME));
/** A part computed from an existing system (a REST source) gives up after this. */
const RELEASE_PART_TIMEOUT_MS = 10 * 60_000;
/** A page of the cohort is at most this (the authority sends 2,000 women a page). */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * `POST /indicator-releases`: a message of the consent authority, signed for this subgraph (a page
 * of a release's cohort, or its publication). Not part of the graph: the gateway never routes here,
 * and nothing is answered but what happened: `{ error, code }` on a refusal, the code stable.
 * Each message is taken once: its id is taken before anything is stored, whatever happens next, so
 * a replay (of a draft's page too, which would restart the draft) is refused and stores nothing.
 */
export function releaseRoute(db: Database, audience: string, sections: readonly IndicatorSection[], loaders?: (signal: AbortSignal) => unknown): RouteHandler {
  return async (req, res) => {
    if (req.method !== "POST") return sendJson(res, 405, { error: "POST a release message", code: "METHOD_NOT_ALLOWED" });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_MESSAGE_BYTES) return sendJson(res, 413, { error: "message too large", code: "PAYLOAD_TOO_LARGE" });
      chunks.push(chunk as Buffer);
    }
    try {
      const message = verifyReleaseMessage(Buffer.concat(chunks).toString("utf8").trim(), await authorityKey(), audience);
      if (!(await takeReleaseMessageId(db, message.id, message.expiresAt))) {
        log.warn("indicators.release_message_replayed", { subgraph: audience });
        return sendJson(res, 409, { error: "this message was already received", code: "RELEASE_MESSAGE_REPLAYED" });
      }
      if (message.kind === "publish") {
        const published = await publishStoredRelease(db, message.release);
        log.info("indicators.release_published", { subgraph: audience, release: message.release.id, version: message.release.version, published });
        return sendJson(res, published ? 200 : 409, published ? { published: true } : { error: "release not computed here", code: "RELEASE_NOT_COMPUTED" });
      }
      const { part } = message;
      await storeCohortPage(db, part);
      if (!part.last) return sendJson(res, 202, { stored: part.pathways.length });
      const started = performance.now();
      const cells = await computeReleasePart(db, {
        release: part.release,
        sections,
        organisations: part.organisations,
        pathways: await takeStoredCohort(db, part.release.seq),
        threshold: part.threshold,
        attributes: part.attributes,
        loaders: loaders?.(AbortSignal.timeout(RELEASE_PART_TIMEOUT_MS)),
      });
      log.info("indicators.release_computed", { subgraph: audience, release: part.release.id, version: part.release.version, cells, ms: Math.round(performance.now() - started) });
      return sendJson(res, 200, { cells });
    } catch (error) {
      if (error instanceof ReleaseMessageRejected) return sendJson(res, 403, { error: error.message, code: "RELEASE_MESSAGE_REJECTED" });
      if (error instanceof ReleasePartRefused) return sendJson(res, 409, { error: error.message, code: "RELEASE_PART_REFUSED" });
      throw error;
    }
  };
}
