import { Arg, badUserInput, Ctx, Int, Mutation, NotPersonal, Query, Resolver, today } from "@percorsi/kit/author";
import type { __Name__Context } from "../../context.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { Record__Name__Input } from "./__name__.input.js";
import { __Name__Record } from "./__name__.type.js";

@Resolver(() => __Name__Record)
export class __Name__RecordResolver {
  @Query(() => Int, { nullable: true, description: "How many records your organisation keeps here (no woman named)." })
  @NotPersonal("a count of the caller's own organisation's records, no woman named")
  async __nameCamel__RecordsKept(@Ctx() ctx: __Name__Context): Promise<number> {
    return (await ctx.loaders.load.recordsKept.load(ctx.actor.organisationId)).length;
  }

  /**
   * Decided and audited by the kit before it runs (its write policy in permissions/shield.ts: an
   * accepted, open referral of her pathway to the caller's organisation for the declared purpose,
   * covered by her consent, not sealed); the resolver only writes, through the system.
   */
  @Mutation(() => Pathway, { nullable: true, description: "Records what __title__ did for her pathway. Returns her pathway: read the record under it, on her consent receipt." })
  async record__Name__(@Arg("input", () => Record__Name__Input) input: Record__Name__Input, @Ctx() ctx: __Name__Context): Promise<Pathway> {
    const recordedOn = input.recordedOn ?? today();
    if (recordedOn > today()) throw badUserInput("`recordedOn` cannot be in the future.", "recordedOn");
    const pathwayId = input.pathwayId.toLowerCase();
    // In a transaction of its store: the allowed write's audit entry commits with it, once the system has answered.
    await ctx.db.transaction(() => ctx.loaders.write.createRecord({ pathwayId, organisationId: ctx.actor.organisationId, recordedOn, recordedBy: ctx.actor.userId }));
    ctx.loaders.load.records.clear(pathwayId);
    return pathwayRef(pathwayId);
  }
}
