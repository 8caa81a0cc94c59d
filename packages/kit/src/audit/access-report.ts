import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root, registerEnumType } from "type-graphql";
import { capabilitiesOf, type DataCategory, type Purpose } from "@percorsi/schema";
import type { Actor } from "../trust/actor.js";
import { DataCategoryEnum, enumObject, PurposeEnum } from "../graphql/enums.js";
import { DateTimeScalar } from "../graphql/scalars.js";
import type { Queryable } from "../db/database.js";
import { accessEventPage, refusalsByOrganisation } from "./audit-log.js";
import { decodeCursor, encodeCursor } from "../graphql/connection.js";
import type { SubgraphContext } from "../context.js";
import { badUserInput, forbidden } from "../graphql/errors.js";
import type { AccessDecision } from "../access/decide.js";
import { receiptFor, REQUIRES_CONSENT_RECEIPT } from "../consent/pathway-facts.js";

export const ACCESS_REPORT_VIEWS = ["STAFF", "SUBJECT"] as const;
export type AccessReportView = (typeof ACCESS_REPORT_VIEWS)[number];
export const AccessReportViewEnum = enumObject<AccessReportView>(ACCESS_REPORT_VIEWS);
registerEnumType(AccessReportViewEnum, {
  name: "AccessReportView",
  description: "STAFF: for the case-holder and the DPO. SUBJECT: the woman's own copy, staff identities withheld.",
});

@ObjectType({
  description:
    "Who read (or was refused) which parts of her story, when and why: one per request and organisation; repeated refusals (same organisation, action, categories and reasons) are one event with their count, first and last time.",
})
// Every subgraph reports its own events with this same type.
@Directive("@shareable")
export class AccessEvent {
  @Field(() => DateTimeScalar, { description: "When it happened; for repeated refusals, the first time." })
  at: Date;

  @Field(() => DateTimeScalar, { description: "The last time: `at` unless repeated." })
  lastAt: Date;

  @Field(() => Int, { description: "Requests this event stands for: 1, or how many times a refusal was repeated." })
  count: number;

  @Field(() => String, { description: "Pass as `after` to read the events that follow. Stable: an event never moves." })
  cursor: string;

  @Field(() => String, { description: "The subgraph that decided." })
  subgraph: string;

  @Field(() => String, { description: "READ (her data), WRITE (a record about her), REPORT (this report) or DECLARATION (a break-glass declaration)." })
  action: string;

  @Field(() => ID, { description: "The organisation whose request it was (its directory id)." })
  organisationId: string;

  @Field(() => String, { nullable: true, description: "Withheld in the SUBJECT view." })
  actorId: string | null;

  @Field(() => [String], { nullable: true, description: "Withheld in the SUBJECT view." })
  roles: string[] | null;

  @Field(() => PurposeEnum, { nullable: true, description: "The purpose the request declared; null if it declared none." })
  purpose: Purpose | null;

  @Field(() => [DataCategoryEnum], { description: "The data categories decided on." })
  categories: DataCategory[];

  @Field(() => String, { description: "ALLOW or DENY." })
  decision: string;

  @Field(() => [String], { description: "Denial reasons (NO_CONSENT, WITHDRAWN, SEALED...)." })
  reasons: string[];

  @Field(() => [String], { description: "Legal bases of what was allowed (OWNERSHIP, CONSENT, BREAK_GLASS...)." })
  bases: string[];

  @Field(() => String, { nullable: true, description: "A break-glass read's declared legal basis (COURT_ORDER, VITAL_INTEREST...)." })
  breakGlassBasis: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A break-glass read's stated reason, as the consent authority recorded it (DECLARATION events); elsewhere `declaration:<reference>` to that entry. Withheld in the SUBJECT view.",
  })
  breakGlassReason: string | null;
}

/** Refusals from one organisation past which its attempts are flagged as flooding her report. */
export const FLOOD_THRESHOLD = 20;

@ObjectType({ description: "How often one organisation was refused on this pathway: a flood of refusals shows here at once." })
@Directive("@shareable")
export class AccessRefusalSummary {
  @Field(() => ID, { description: "The organisation refused (its directory id)." })
  organisationId: string;

  @Field(() => Int, { description: "Refused requests." })
  refusals: number;

  @Field(() => DateTimeScalar, { description: "Its first refused request on this pathway." })
  firstAt: Date;

  @Field(() => DateTimeScalar, { description: "Its latest refused request on this pathway." })
  lastAt: Date;

  @Field(() => Boolean, { description: `More than ${FLOOD_THRESHOLD} refusals: attempts beyond any plausible work on her case.` })
  flooding: boolean;
}

/** Page size of a report part: 50 unless asked, at most 200. */
export const ACCESS_REPORT_PAGE = { default: 50, max: 200 } as const;

export interface AccessReportPage {
  first?: number | null;
  after?: string | null;
}

/**
 * Who may read a pathway's report, by the roles' `readsAccessReports`: ALL (the data protection
 * officer) every pathway's; OWN_ORGANISATION (the case-holder's operators) the pathways their
 * organisation holds.
 */
export function mayReadAccessReport(actor: Actor, holderOrganisationId: string | null): boolean {
  return reportReadDecision(actor, holderOrganisationId).allowed;
}

/**
 * One page of this store's events for one pathway, in the requested view, oldest first. A
 * malformed `first` or `after` is bad input (never a database error).
 */
export async function readAccessEvents(
  db: Queryable,
  subgraph: string,
  pathwayId: string,
  view: AccessReportView,
  page: AccessReportPage = {},
): Promise<AccessEvent[]> {
  const first = page.first ?? ACCESS_REPORT_PAGE.default;
  if (!Number.isInteger(first) || first < 1 || first > ACCESS_REPORT_PAGE.max) {
    throw badUserInput(`\`first\` must be 1 to ${ACCESS_REPORT_PAGE.max}.`, "first");
  }
  let after = 0;
  if (page.after) {
    const [seq] = decodeCursor(page.after, 1);
    if (!Number.isSafeInteger(seq) || (seq as number) < 1) throw badUserInput("`after` is not a cursor this list gave out.", "after");
    after = seq as number;
  }
  const rows = await accessEventPage(db, pathwayId, after, first);
  return rows.map((row) =>
    Object.assign(new AccessEvent(), {
      at: new Date(row.at),
      lastAt: new Date(row.last_at),
      count: Number(row.count),
      cursor: encodeCursor([Number(row.seq)]),
      subgraph,
      action: row.action,
      organisationId: row.organisation_id,
      actorId: view === "STAFF" ? row.actor_id : null,
      roles: view === "STAFF" && row.roles !== null ? row.roles.split(",") : null,
      purpose: row.purpose as Purpose | null,
      categories: row.categories,
      decision: row.decision,
      reasons: row.reasons,
      bases: row.bases,
      breakGlassBasis: row.break_glass_basis,
      // The reason may name staff or third parties ("she hides at her sister's"): staff only.
      breakGlassReason: view === "STAFF" ? row.break_glass_reason : null,
    }),
  );
}

/** This store's refusals on one pathway, by organisation, most first. */
export async function readRefusalSummary(db: Queryable, pathwayId: string): Promise<AccessRefusalSummary[]> {
  const rows = await refusalsByOrganisation(db, pathwayId);
  return rows.map((row) =>
    Object.assign(new AccessRefusalSummary(), {
      organisationId: row.organisation_id,
      refusals: Number(row.refusals),
      firstAt: new Date(row.first_at),
      lastAt: new Date(row.last_at),
      flooding: Number(row.refusals) > FLOOD_THRESHOLD,
    }),
  );
}

/** Refuses a reader of a pathway's report who is neither its case-holder's operator nor a DPO. */
export function refuseReportReader(actor: Actor, holderOrganisationId: string | null): void {
  const decision = reportReadDecision(actor, holderOrganisationId);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/** Who may read a pathway's access report, as an audited decision (the report's reads are in it too). */
export function reportReadDecision(actor: Actor, holderOrganisationId: string | null): AccessDecision {
  const reach = capabilitiesOf(actor.roles).readsAccessReports;
  if (reach !== "NONE" && holderOrganisationId !== null && actor.organisationId === holderOrganisationId) return { allowed: true, basis: "OWNERSHIP" };
  if (reach === "ALL") return { allowed: true, basis: "DATA_PROTECTION" };
  return { allowed: false, reason: reach === "OWN_ORGANISATION" ? "ORGANISATION" : "ROLE" };
}

/** The access report as the consent authority hands it to the other subgraphs. */
export interface AccessReportReference {
  pathwayId: string;
  view: AccessReportView;
  consentReceipt?: string | null;
}

/**
 * This subgraph's part of a pathway's access report, for a subgraph that is not the consent
 * authority: the receipt says who holds the pathway, so the reader is checked without asking.
 * No valid receipt (absent, forged, replayed): refused.
 */
export async function accessReportPart(
  ctx: SubgraphContext<unknown>,
  subgraph: string,
  report: AccessReportReference,
  page: AccessReportPage = {},
): Promise<AccessEvent[]> {
  await refuseUnlessReceiptReader(ctx, report);
  return readAccessEvents(ctx.db, subgraph, report.pathwayId, report.view, page);
}

/** This subgraph's refusal summary for a pathway, checked as `accessReportPart` is. */
export async function refusalSummaryPart(ctx: SubgraphContext<unknown>, report: AccessReportReference): Promise<AccessRefusalSummary[]> {
  await refuseUnlessReceiptReader(ctx, report);
  return readRefusalSummary(ctx.db, report.pathwayId);
}

async function refuseUnlessReceiptReader(ctx: SubgraphContext<unknown>, report: AccessReportReference): Promise<void> {
  const receipt = await receiptFor(ctx, { id: report.pathwayId, consentReceipt: report.consentReceipt });
  // The authority checked the reader before handing the receipt over; without one, nobody reads
  // (answered as any pathway not visible to the caller: a partner is never told SEALED).
  if (!receipt) throw forbidden("ORGANISATION");
  refuseReportReader(ctx.actor, receipt.holderOrganisationId);
}

/** The paging arguments every part of the report takes. */
export const PAGE_ARGUMENT_DESCRIPTIONS = {
  first: `Events per page, 1 to ${ACCESS_REPORT_PAGE.max}.`,
  after: "The `cursor` of the last event read.",
} as const;

/**
 * The `AccessReport` entity and its resolver for a subgraph that is not the consent authority:
 * it adds one field, named after the subgraph, listing its own events. A new signatory adds
 * `...defineAccessReportPart("housing", "housing")` to its resolvers and orphaned types.
 * Classes are made per call so that several subgraphs can run in one process.
 */
export function defineAccessReportPart(field: string, subgraph: string) {
  // No description: the consent authority's is the one the supergraph shows.
  @ObjectType("AccessReport")
  @Directive('@key(fields: "pathwayId view")')
  class AccessReportStub {
    @Field(() => ID)
    pathwayId: string;

    @Field(() => AccessReportViewEnum)
    view: AccessReportView;

    @Field(() => String, { nullable: true })
    @Directive("@external")
    consentReceipt: string | null;
  }

  @Resolver(() => AccessReportStub)
  class AccessReportPartResolver {
    @FieldResolver(() => [AccessEvent], { name: field, nullable: true, description: `What the ${subgraph} subgraph decided about this pathway, oldest first.` })
    @Directive(REQUIRES_CONSENT_RECEIPT)
    events(
      @Root() report: AccessReportReference,
      @Ctx() ctx: SubgraphContext<unknown>,
      @Arg("first", () => Int, { nullable: true, defaultValue: ACCESS_REPORT_PAGE.default, description: PAGE_ARGUMENT_DESCRIPTIONS.first }) first: number,
      @Arg("after", () => String, { nullable: true, description: PAGE_ARGUMENT_DESCRIPTIONS.after }) after: string | null,
    ): Promise<AccessEvent[]> {
      return accessReportPart(ctx, subgraph, report, { first, after });
    }

    @FieldResolver(() => [AccessRefusalSummary], {
      name: `${field}Refusals`,
      nullable: true,
      description: `Refusals the ${subgraph} subgraph recorded on this pathway, by organisation, flagged when one floods it.`,
    })
    @Directive(REQUIRES_CONSENT_RECEIPT)
    refusals(@Root() report: AccessReportReference, @Ctx() ctx: SubgraphContext<unknown>): Promise<AccessRefusalSummary[]> {
      return refusalSummaryPart(ctx, report);
    }
  }

  return { AccessReport: AccessReportStub, AccessReportPartResolver };
}
