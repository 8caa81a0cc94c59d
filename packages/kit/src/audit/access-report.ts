import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { DataCategory, Purpose } from "@percorsi/schema";
import type { Actor } from "../trust/actor.js";
import { DataCategoryEnum, enumObject, PurposeEnum } from "../graphql/enums.js";
import { DateTimeScalar } from "../graphql/scalars.js";
import type { Queryable } from "../db/database.js";
import { accessEvents } from "./audit-log.js";

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
      organisationId: row.organisation_id,
      actorId: view === "STAFF" ? row.actor_id : null,
      roles: view === "STAFF" ? row.roles.split(",") : null,
      purpose: row.purpose as Purpose | null,
      categories: row.categories,
      decision: row.decision,
      reasons: row.reasons,
      bases: row.bases,
    }),
  );
}
