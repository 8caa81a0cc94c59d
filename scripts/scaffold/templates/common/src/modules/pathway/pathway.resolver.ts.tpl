import { Ctx, decideAccess, factsFromReceipt, FieldResolver, receiptFor, Resolver, Root, Sensitive } from "@percorsi/kit/author";
import type { __Name__Context } from "../../context.js";
import { as__Name__Record, __Name__Record } from "../__name__/__name__.type.js";
import { Pathway } from "./pathway.type.js";

@Resolver(() => Pathway)
export class PathwayResolver {
  /**
   * The field's rule already judged the caller as keeper of its own organisation's records (see
   * `facts`); another organisation's are released only as her consent (or a break-glass read)
   * allows, each such decision audited once per organisation.
   */
  @FieldResolver(() => [__Name__Record], { nullable: true, description: "What __title__ recorded about her: your organisation's own, and others' only as her consent allows." })
  @Sensitive("__CATEGORY__")
  async __nameCamel__Records(@Root() pathway: Pathway, @Ctx() ctx: __Name__Context): Promise<__Name__Record[]> {
    const [records, receipt] = await Promise.all([ctx.loaders.__records_loader__.load(pathway.id), receiptFor(ctx, pathway)]);
    const decided = new Map<string, boolean>();
    const mayRead = (organisationId: string): boolean => {
      if (organisationId === ctx.actor.organisationId) return true;
      if (!decided.has(organisationId)) {
        const decision = decideAccess(ctx.actor, "__CATEGORY__", factsFromReceipt(organisationId, pathway.id, receipt));
        ctx.audit.record(pathway.id, "__CATEGORY__", decision);
        decided.set(organisationId, decision.allowed);
      }
      return decided.get(organisationId)!;
    };
    return records.filter((record) => mayRead(record.organisationId)).map((record) => as__Name__Record(record, pathway.consentReceipt));
  }
}
