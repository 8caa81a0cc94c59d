import { Ctx, FieldResolver, releasedUnderPathway, Resolver, Root, Sensitive } from "@percorsi/kit/author";
import type { __Name__Context } from "../../context.js";
import { as__Name__Record, __Name__Record } from "../__name__/__name__.type.js";
import { Pathway } from "./pathway.type.js";

@Resolver(() => Pathway)
export class PathwayResolver {
  /**
   * The field's rule already judged the caller as keeper of its own organisation's records (see
   * `facts`); another organisation's are released only as her consent (or a break-glass read)
   * allows, each such decision audited once per organisation (the kit's `releasedUnderPathway`).
   */
  @FieldResolver(() => [__Name__Record], { nullable: true, description: "What __title__ recorded about her: your organisation's own, and others' only as her consent allows." })
  @Sensitive("__CATEGORY__")
  async __nameCamel__Records(@Root() pathway: Pathway, @Ctx() ctx: __Name__Context): Promise<__Name__Record[]> {
    const records = await releasedUnderPathway(ctx.loaders.__records_loader__.load(pathway.id), (record) => record.organisationId, "__CATEGORY__", pathway, ctx);
    return records.map((record) => as__Name__Record(record, pathway.consentReceipt));
  }
}
