import { capabilitiesOf } from "@percorsi/schema";
import type { AccessDecision } from "../access/decide.js";
import { badUserInput } from "../graphql/errors.js";
import type { Actor } from "../trust/actor.js";
import { alignRange, type Breakdown, type Granularity } from "@percorsi/indicators";

/** What identifies a report: the entity key of `IndicatorReport`. */
export interface ReportKey {
  /** The release read (its sequence number in the network): reports are read from releases only. */
  release: number;
  from: string;
  to: string;
  granularity: Granularity;
  breakdown: Breakdown;
}

/**
 * The report a request asks for, its range widened to whole periods. Every subgraph re-derives
 * it from the key it receives (root argument or entity representation), so a representation sent
 * straight to a subgraph with another range gets the same checks as the root field.
 */
export function reportKey(asked: ReportKey): ReportKey {
  if (!Number.isInteger(asked.release) || asked.release < 1) throw badUserInput("`release` must name a release.", "release");
  try {
    return { release: asked.release, ...alignRange(asked.from, asked.to, asked.granularity), granularity: asked.granularity, breakdown: asked.breakdown };
  } catch (error) {
    if (error instanceof RangeError) throw badUserInput("`from` and `to` must be days with from ≤ to, spanning at most 5 calendar years.", "from");
    throw error;
  }
}

/** How a report read is named in the audit log: release, range, granularity, breakdown, section. No one's data. */
export function describeReport(key: ReportKey, section = "*"): string {
  return `release ${key.release} ${key.from}..${key.to} ${key.granularity} ${key.breakdown} ${section}`;
}

const DEFAULT_THRESHOLD = 10;
let threshold: number | undefined;

/**
 * The smallest count a report shows (1 to threshold − 1 are suppressed), per deployment:
 * `INDICATOR_THRESHOLD`, 10 by default, never below 2. Every subgraph of a network must run with
 * the same value. An invalid value stops the subgraph at start, not at the first report.
 */
export function indicatorThreshold(): number {
  if (threshold !== undefined) return threshold;
  const raw = process.env.INDICATOR_THRESHOLD;
  const value = raw === undefined || raw === "" ? DEFAULT_THRESHOLD : Number(raw);
  if (!Number.isInteger(value) || value < 2) throw new Error("INDICATOR_THRESHOLD must be an integer of at least 2");
  return (threshold = value);
}

export interface IndicatorReadAccess {
  decision: AccessDecision;
  /** The organisations whose rows the caller may read; undefined: every row. */
  visibleOrganisationIds?: string[];
}

/**
 * Who reads the indicators, for the MONITORING purpose only, by the roles' `readsIndicators`:
 * ALL (the control room's analysts) every row of every breakdown; OWN_ORGANISATION (an
 * organisation's own operators) their organisation's row (the ORGANISATION breakdown), nothing
 * else; NONE nothing.
 */
export function decideIndicatorRead(actor: Actor, breakdown: Breakdown): IndicatorReadAccess {
  const reach = capabilitiesOf(actor.roles).readsIndicators;
  if (reach === "NONE") return { decision: { allowed: false, reason: "ROLE" } };
  if (actor.purpose !== "MONITORING") return { decision: { allowed: false, reason: "PURPOSE" } };
  if (reach === "ALL") return { decision: { allowed: true, basis: "MONITORING" } };
  if (breakdown !== "ORGANISATION") return { decision: { allowed: false, reason: "ROLE" } };
  return { decision: { allowed: true, basis: "OWNERSHIP" }, visibleOrganisationIds: [actor.organisationId] };
}
