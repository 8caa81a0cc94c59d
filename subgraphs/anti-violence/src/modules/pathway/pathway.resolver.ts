import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, Sensitive, today } from "@percorsi/kit/author";
import { auditWriteWithin, pathwayVisible } from "@percorsi/kit/authority";
import { pathwayFacts } from "../../permissions/facts.js";
import type { AntiViolenceContext } from "../../context.js";
import { Identity } from "../identity/identity.type.js";
import { IdentityRepository } from "../identity/identity.repository.js";
import { Organisation } from "../organisation/organisation.type.js";
import { OpenPathwayInput, PathwaysArgs, SetPathwayStageInput } from "./pathway.input.js";
import { heldPathway, visiblePathway } from "./pathway.access.js";
import { OPENING_WRITES } from "./pathway.opening.js";
import { PathwayRepository } from "./pathway.repository.js";
import { Pathway, PathwayConnection } from "./pathway.type.js";

@Resolver(() => Pathway)
export class PathwayResolver {
  @Query(() => PathwayConnection, {
    nullable: true,
    description:
      "Pathways your organisation may see: those it holds, and those of other holders her consent or an accepted referral opens to it (never sealed ones). Newest first.",
  })
  async pathways(@Args(() => PathwaysArgs) args: PathwaysArgs, @Ctx() ctx: AntiViolenceContext): Promise<PathwayConnection> {
    const repository = new PathwayRepository(ctx.db);
    // The one visibility rule decides each candidate, as it decides `pathway(id:)` and entity references.
    const candidates = await repository.candidateIds(ctx.actor.organisationId, ctx.actor.organisationType);
    const facts = await Promise.all(candidates.map((id) => pathwayFacts(id, ctx)));
    const visible = candidates.filter((_id, index) => pathwayVisible(ctx.actor, facts[index]!));
    const page = await repository.visibleTo(ctx.actor.organisationId, visible, { stage: args.stage ?? null }, args.first, args.after);
    // The permission facts of every field read the pathway again: hand them the rows just read.
    for (const pathway of page.nodes) ctx.loaders.pathway.prime(pathway.id, pathway);
    return page;
  }

  @Query(() => Pathway, { nullable: true, description: "One pathway your organisation may see. An unknown id and a pathway you may not see are refused alike (FORBIDDEN)." })
  pathway(@Arg("id", () => ID) id: string, @Ctx() ctx: AntiViolenceContext): Promise<Pathway> {
    return visiblePathway(id, ctx);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The centre or shelter that holds her case." })
  @Sensitive("CASE_STATUS")
  holder(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<Organisation | null> {
    return ctx.loaders.organisation.load(pathway.holderId);
  }

  @FieldResolver(() => Identity, { nullable: true, description: "Who she is and how to reach her safely: the case-holder's alone." })
  @Sensitive("IDENTITY")
  identity(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<Identity | null> {
    return ctx.loaders.identity.load(pathway.id);
  }

  @Mutation(() => Pathway, { nullable: true, description: "Opens a pathway for a woman at intake, held by your organisation." })
  async openPathway(@Arg("input", () => OpenPathwayInput) input: OpenPathwayInput, @Ctx() ctx: AntiViolenceContext): Promise<Pathway> {
    const openedOn = input.openedOn ?? today();
    if (openedOn > today()) throw badUserInput("`openedOn` cannot be in the future.", "openedOn");
    // A retry with the same key gets the first pathway back: her identity is never recorded twice.
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "openPathway", input }, async (tx) => {
      const id = randomUUID();
      await new PathwayRepository(tx).insert({ id, holder_id: ctx.actor.organisationId, stage: "INTAKE", opened_on: openedOn, opened_by: ctx.actor.userId });
      await new IdentityRepository(tx).insert(id, input.identity);
      // Her first entries: stored with the pathway, or neither is.
      await auditWriteWithin(ctx, tx, id, OPENING_WRITES, { allowed: true, basis: "OWNERSHIP" });
      return { id };
    });
    return (await ctx.loaders.pathway.load(id))!;
  }

  @Mutation(() => Pathway, { nullable: true, description: "Moves a pathway to another stage; closing needs a reason, and a closed pathway stays closed." })
  async setPathwayStage(
    @Arg("input", () => SetPathwayStageInput) input: SetPathwayStageInput,
    @Ctx() ctx: AntiViolenceContext,
  ): Promise<Pathway> {
    const pathway = await heldPathway(input.pathwayId, ctx);
    if (pathway.stage === "CLOSED") throw badUserInput("A closed pathway cannot change stage.", "stage");
    const closing = input.stage === "CLOSED";
    if (closing && !input.closingReason) throw badUserInput("Closing a pathway needs a `closingReason`.", "closingReason");
    if (!closing && input.closingReason) throw badUserInput("`closingReason` is only for closing.", "closingReason");
    await ctx.db.transaction((tx) =>
      new PathwayRepository(tx).updateStage(pathway.id, input.stage, closing ? today() : null, closing ? input.closingReason! : null),
    );
    ctx.loaders.pathway.clear(pathway.id);
    return (await ctx.loaders.pathway.load(pathway.id))!;
  }
}
