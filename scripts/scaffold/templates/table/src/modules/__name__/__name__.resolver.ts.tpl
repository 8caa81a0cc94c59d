import { Arg, badUserInput, Ctx, Int, Mutation, NotPersonal, Query, Resolver, today } from "@percorsi/kit/author";
import type { __Name__Context } from "../../context.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { Record__Name__Input } from "./__name__.input.js";
import { __Name__Record } from "./__name__.type.js";
import { __Name__RecordRepository } from "./__name__.repository.js";

@Resolver(() => __Name__Record)
export class __Name__RecordResolver {
  @Query(() => Int, { nullable: true, description: "How many records your organisation keeps here (no woman named)." })
  @NotPersonal("a count of the caller's own organisation's records, no woman named")
  __nameCamel__RecordsKept(@Ctx() ctx: __Name__Context): Promise<number> {
    return new __Name__RecordRepository(ctx.db).countKeptBy(ctx.actor.organisationId);
  }

  /**
   * Decided and audited by the kit before it runs (its write policy in permissions/shield.ts: an
   * accepted, open referral of her pathway to the caller's organisation for the declared purpose,
   * covered by her consent, not sealed); the resolver only writes.
   */
  @Mutation(() => Pathway, { nullable: true, description: "Records what __title__ did for her pathway. Returns her pathway: read the record under it, on her consent receipt." })
  async record__Name__(@Arg("input", () => Record__Name__Input) input: Record__Name__Input, @Ctx() ctx: __Name__Context): Promise<Pathway> {
    const recordedOn = input.recordedOn ?? today();
    if (recordedOn > today()) throw badUserInput("`recordedOn` cannot be in the future.", "recordedOn");
    const pathwayId = input.pathwayId.toLowerCase();
    await new __Name__RecordRepository(ctx.db).insert({ pathwayId, organisationId: ctx.actor.organisationId, recordedOn, recordedBy: ctx.actor.userId });
    ctx.loaders.recordsOfPathway.clear(pathwayId);
    return pathwayRef(pathwayId);
  }
}
