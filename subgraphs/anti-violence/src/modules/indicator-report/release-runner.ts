import { readNetwork, urlOf } from "@percorsi/schema/network";
import type { OrganisationType } from "@percorsi/schema";
import { errorFields, log, today, type CohortAttribute, type Database, type IndicatorSection } from "@percorsi/kit/author";
import {
  CONSENT_AUTHORITY_KEY_NAME,
  computeReleasePart,
  indicatorKeyEpoch,
  indicatorThreshold,
  keyOnFirstUse,
  loadSigningKey,
  planRelease,
  publishStoredRelease,
  recordKeysFor,
  signReleasePart,
  signReleasePublication,
  storedReleases,
  type PlannedRelease,
  type ReleaseCohortPathway,
} from "@percorsi/kit/authority";
import { ReleaseCohortRepository, type CohortScope } from "./release-cohort.repository.js";
import { ANTI_VIOLENCE_SECTIONS } from "../indicators/index.js";

/** A subgraph that computes sections of every release: where to send its part, and what it is granted. */
export interface ReleaseTarget {
  name: string;
  /** Its `/indicator-releases` endpoint. */
  url: string;
  organisationTypes: readonly OrganisationType[];
  attributes: readonly CohortAttribute[];
}

/** The network's other subgraphs with an `indicator_cohort` entry in the manifest, where they listen here. */
export function releaseTargetsFromNetwork(self: string, env: NodeJS.ProcessEnv = process.env): ReleaseTarget[] {
  return readNetwork()
    .filter((subgraph) => subgraph.name !== self && subgraph.indicatorCohort)
    .map((subgraph) => ({
      name: subgraph.name,
      url: new URL("/indicator-releases", urlOf(subgraph, env)).toString(),
      organisationTypes: subgraph.indicatorCohort!.organisationTypes,
      attributes: subgraph.indicatorCohort!.attributes,
    }));
}

const signingKey = keyOnFirstUse(() => loadSigningKey(CONSENT_AUTHORITY_KEY_NAME));
/** Women per page of a cohort sent to a subgraph. */
const PAGE_SIZE = 2_000;
/** A subgraph computes its part when it receives the last page: give it time. */
const PART_TIMEOUT_MS = 15 * 60_000;

export interface ReleaseRun {
  release: PlannedRelease;
  /** Cells stored, by subgraph. */
  cells: Record<string, number>;
  /** Women sent, by subgraph (the authority's own part: every woman who counts). */
  women: Record<string, number>;
}

/**
 * The consent authority's release runner: on schedule, it plans what is due (schedule.ts),
 * computes its own sections' part, sends each other subgraph its minimal cohort page by page (it
 * computes and stores its part on the last page), and publishes once every part is stored. A part
 * that fails leaves the release a draft, retried at the next tick; the last published release is
 * served meanwhile.
 */
export class ReleaseRunner {
  private running: Promise<ReleaseRun | null> | null = null;

  constructor(
    private readonly db: Database,
    private readonly sections: readonly IndicatorSection[],
    private readonly targets: readonly ReleaseTarget[],
    private readonly self = "anti-violence",
  ) {}

  /** Runs what is due on `day` (one release at most); null when nothing is. Never two at once. */
  runDue(day: string = today()): Promise<ReleaseRun | null> {
    if (!this.running) this.running = this.run(day).finally(() => (this.running = null));
    return this.running;
  }

  /** Runs releases until nothing is due on `day` (a network's first start: the month, then a due revision). */
  async runAllDue(day: string = today()): Promise<ReleaseRun[]> {
    const runs: ReleaseRun[] = [];
    for (let run = await this.runDue(day); run; run = await this.runDue(day)) runs.push(run);
    return runs;
  }

  private async run(day: string): Promise<ReleaseRun | null> {
    const release = planRelease(await storedReleases(this.db), day, indicatorKeyEpoch());
    if (!release) return null;
    const started = performance.now();
    log.info("indicators.release_started", { release: release.id, version: release.version, seq: release.seq, years: release.years.length });
    const run: ReleaseRun = { release, cells: {}, women: {} };
    const repository = new ReleaseCohortRepository(this.db);
    const firstYear = release.years[0]!.year;

    // Its own part, in its own store.
    await this.db.query(
      `insert into indicator_releases (seq, id, version, status, cut_off) values ($1, $2, $3, 'DRAFT', $4)
       on conflict (seq) do nothing`,
      [release.seq, release.id, release.version, release.cutOff],
    );
    await this.db.query("delete from indicator_release_cells where seq = $1", [release.seq]);
    const own = await this.cohort(repository, release, { cutOff: release.cutOff, firstYear, organisationTypes: null, attributes: [] });
    run.women[this.self] = own.length;
    run.cells[this.self] = await computeReleasePart(this.db, {
      release,
      sections: this.sections,
      organisations: await repository.organisations(),
      pathways: own,
      threshold: indicatorThreshold(),
      attributes: [],
    });

    // Every other subgraph's part; any failure leaves the release a draft.
    for (const target of this.targets) {
      const scope: CohortScope = { cutOff: release.cutOff, firstYear, organisationTypes: target.organisationTypes, attributes: target.attributes };
      const organisations = await repository.organisations();
      const key = await signingKey();
      let after: string | null = null;
      let page = 0;
      let women = 0;
      for (;;) {
        const rows = await repository.page(scope, after, PAGE_SIZE);
        const pathways = await this.withKeys(rows, release);
        const last = rows.length < PAGE_SIZE;
        const token = signReleasePart(key, target.name, {
          release: { seq: release.seq, id: release.id, version: release.version, cutOff: release.cutOff, asOf: release.asOf, years: release.years },
          page,
          last,
          threshold: indicatorThreshold(),
          organisations,
          attributes: [...target.attributes],
          pathways,
        });
        const answer = await send(target, token, last ? PART_TIMEOUT_MS : 60_000);
        women += rows.length;
        if (last) {
          run.cells[target.name] = Number((answer as { cells?: number }).cells ?? 0);
          break;
        }
        after = rows[rows.length - 1]!.id;
        page += 1;
      }
      run.women[target.name] = women;
    }

    // Published everywhere, then here (the registry): a reader never meets a half-published release.
    const key = await signingKey();
    for (const target of this.targets) await send(target, signReleasePublication(key, target.name, release), 60_000);
    await publishStoredRelease(this.db, release);
    log.info("indicators.release_published", { release: release.id, version: release.version, seq: release.seq, ms: Math.round(performance.now() - started), ...prefixed(run.cells) });
    return run;
  }

  private async cohort(repository: ReleaseCohortRepository, release: PlannedRelease, scope: CohortScope): Promise<ReleaseCohortPathway[]> {
    const all: ReleaseCohortPathway[] = [];
    for (let after: string | null = null; ; ) {
      const rows = await repository.page(scope, after, PAGE_SIZE);
      all.push(...(await this.withKeys(rows, release)));
      if (rows.length < PAGE_SIZE) return all;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Her record key in each of the release's year epochs (the consent authority's secret). */
  private async withKeys(rows: Omit<ReleaseCohortPathway, "keys">[], release: PlannedRelease): Promise<ReleaseCohortPathway[]> {
    const ids = rows.map((r) => r.id);
    const perYear = await Promise.all(release.years.map((y) => recordKeysFor(ids, y.epoch)));
    return rows.map((row) => ({ ...row, keys: perYear.map((keys) => keys.get(row.id)!) }));
  }
}

const prefixed = (cells: Record<string, number>) => Object.fromEntries(Object.entries(cells).map(([name, n]) => [`cells_${name.replace(/-/g, "_")}`, n]));

async function send(target: ReleaseTarget, token: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/jose" },
    body: token,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) throw new Error(`subgraph ${target.name} refused its release part (HTTP ${response.status})`);
  return body;
}

/**
 * Checks every `INDICATOR_RELEASE_CHECK_SECONDS` (60 by default) whether a release is due, and runs
 * it. A failure (a subgraph not up yet, or down) is logged and retried sooner, every 5 seconds at
 * first, backing off to the check interval. Returns a stop function.
 */
export function startReleaseSchedule(runner: ReleaseRunner, env: NodeJS.ProcessEnv = process.env): () => void {
  const seconds = Number(env.INDICATOR_RELEASE_CHECK_SECONDS ?? 60);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error("INDICATOR_RELEASE_CHECK_SECONDS must be a positive number");
  let timer: NodeJS.Timeout | undefined;
  let retry = 5;
  const next = (after: number) => {
    timer = setTimeout(tick, after * 1000);
    timer.unref();
  };
  const tick = () =>
    void runner.runAllDue().then(
      () => {
        retry = 5;
        next(seconds);
      },
      (error) => {
        log.warn("indicators.release_failed", { ...errorFields(error), retryInSeconds: retry });
        next(retry);
        retry = Math.min(seconds, retry * 2);
      },
    );
  next(2);
  return () => clearTimeout(timer);
}

/**
 * The consent authority's runner over the manifest's other subgraphs, reached where `env` says
 * (`SUBGRAPH_<NAME>_URL`): what its manifest entry's `release_runner` names, so an in-process
 * network finds it without knowing this subgraph.
 */
export function createReleaseRunner(db: Database, env: NodeJS.ProcessEnv = process.env): ReleaseRunner {
  return new ReleaseRunner(db, ANTI_VIOLENCE_SECTIONS, releaseTargetsFromNetwork("anti-violence", env), "anti-violence");
}
