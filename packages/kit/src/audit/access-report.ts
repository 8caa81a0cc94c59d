import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root, registerEnumType } from "type-graphql";
import type { DataCategory, Purpose } from "@percorsi/schema";
import type { Actor } from "../trust/actor.js";
import { DataCategoryEnum, enumObject, PurposeEnum } from "../graphql/enums.js";
import { DateTimeScalar } from "../graphql/scalars.js";
import type { Queryable } from "../db/database.js";
import { accessEvents } from "./audit-log.js";
import type { SubgraphContext } from "../context.js";
import { forbidden } from "../graphql/errors.js";
import type { AccessDecision } from "../access/decide.js";
import { receiptFor, REQUIRES_CONSENT_RECEIPT } from "../consent/pathway-facts.js";

export const ACCESS_REPORT_VIEWS = ["STAFF", "SUBJECT"] as const;
export type AccessReportView = (typeof ACCESS_REPORT_VIEWS)[number];
export const AccessReportViewEnum = enumObject<AccessReportView>(ACCESS_REPORT_VIEWS);
registerEnumType(AccessReportViewEnum, {
  name: "AccessReportView",
  description: "STAFF: for the case-holder and the DPO. SUBJECT: the woman's own copy, staff identities withheld.",
});

@ObjectType({ description: "Who read (or was refused) which parts of her story, when and why: one per request and organisation." })
// Every subgraph reports its own events with this same type.
@Directive("@shareable")
export class AccessEvent {
  @Field(() => DateTimeScalar)
  at: Date;

  @Field(() => String, { description: "The subgraph that decided." })
  subgraph: string;

  @Field(() => String, { description: "READ (her data), WRITE (a record about her), REPORT (this report) or DECLARATION (a break-glass declaration)." })
  action: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => String, { nullable: true, description: "Withheld in the SUBJECT view." })
  actorId: string | null;

  @Field(() => [String], { nullable: true, description: "Withheld in the SUBJECT view." })
  roles: string[] | null;

  @Field(() => PurposeEnum, { nullable: true })
  purpose: Purpose | null;

  @Field(() => [DataCategoryEnum])
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

/** The case-holder's operators and the data protection officer may read a pathway's report. */
export function mayReadAccessReport(actor: Actor, holderOrganisationId: string | null): boolean {
  return actor.roles.includes("DPO") || (actor.roles.includes("CENTRE_OPERATOR") && actor.organisationId === holderOrganisationId);
}

/** This store's events for one pathway, in the requested view. */
export async function readAccessEvents(db: Queryable, subgraph: string, pathwayId: string, view: AccessReportView): Promise<AccessEvent[]> {
  const rows = await accessEvents(db, [pathwayId]);
  return rows.map((row) =>
    Object.assign(new AccessEvent(), {
      at: new Date(row.at),
      subgraph,
      action: row.action,
      organisationId: row.organisation_id,
      actorId: view === "STAFF" ? row.actor_id : null,
      roles: view === "STAFF" ? row.roles.split(",") : null,
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

/** Refuses a reader of a pathway's report who is neither its case-holder's operator nor a DPO. */
export function refuseReportReader(actor: Actor, holderOrganisationId: string | null): void {
  const decision = reportReadDecision(actor, holderOrganisationId);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/** Who may read a pathway's access report, as an audited decision (the report's reads are in it too). */
export function reportReadDecision(actor: Actor, holderOrganisationId: string | null): AccessDecision {
  if (actor.roles.includes("CENTRE_OPERATOR") && actor.organisationId === holderOrganisationId) return { allowed: true, basis: "OWNERSHIP" };
  if (actor.roles.includes("DPO")) return { allowed: true, basis: "DATA_PROTECTION" };
  return { allowed: false, reason: actor.roles.includes("CENTRE_OPERATOR") ? "ORGANISATION" : "ROLE" };
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
export async function accessReportPart(ctx: SubgraphContext<unknown>, subgraph: string, report: AccessReportReference): Promise<AccessEvent[]> {
  const receipt = await receiptFor(ctx, { id: report.pathwayId, consentReceipt: report.consentReceipt });
  // The authority checked the reader before handing the receipt over; without one, nobody reads.
  if (!receipt) throw forbidden("SEALED");
  refuseReportReader(ctx.actor, receipt.holderOrganisationId);
  return readAccessEvents(ctx.db, subgraph, report.pathwayId, report.view);
}

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
    @FieldResolver(() => [AccessEvent], { name: field, nullable: true, description: `What the ${subgraph} subgraph decided about this pathway.` })
    @Directive(REQUIRES_CONSENT_RECEIPT)
    events(@Root() report: AccessReportReference, @Ctx() ctx: SubgraphContext<unknown>): Promise<AccessEvent[]> {
      return accessReportPart(ctx, subgraph, report);
    }
  }

  return { AccessReport: AccessReportStub, AccessReportPartResolver };
}
