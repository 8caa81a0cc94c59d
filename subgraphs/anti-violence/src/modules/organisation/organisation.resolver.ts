import { Ctx, Query, Resolver } from "type-graphql";
import type { AntiViolenceContext } from "../../context.js";
import { Organisation } from "./organisation.type.js";
import { OrganisationRepository } from "./organisation.repository.js";

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => [Organisation], { nullable: true, description: "The network's organisations (not personal data)." })
  organisations(@Ctx() ctx: AntiViolenceContext): Promise<Organisation[]> {
    return new OrganisationRepository(ctx.db).all();
  }
}
