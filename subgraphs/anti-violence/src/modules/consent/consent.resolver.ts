import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, forbidden, idempotent, isUuid, Sensitive, NotPersonal } from "@percorsi/kit/author";
import type { AntiViolenceContext } from "../../context.js";
import { Organisation } from "../organisation/organisation.type.js";
import { heldPathway } from "../pathway/pathway.access.js";
import { PathwayRepository } from "../pathway/pathway.repository.js";
import { Pathway } from "../pathway/pathway.type.js";
import { AmendConsentInput, GrantConsentInput, SealPathwayInput, SetReportingConsentInput, WithdrawConsentInput, type ProvisionInput } from "./consent.input.js";
import { ConsentRepository, type ProvisionRecord } from "./consent.repository.js";
import { granteeIds, validateProvisions, withdrawUncoveredReferrals } from "./consent.rules.js";
import { Consent, ConsentProvision } from "./consent.type.js";
import { mintConsentReceipt } from "./consent-receipt.js";

const isHolder = (pathway: Pathway, ctx: AntiViolenceContext) => pathway.holderId === ctx.actor.organisationId;

/** Validates provisions against the directory; nothing is written until they all pass. */
async function checkedProvisions(provisions: readonly ProvisionInput[], ctx: AntiViolenceContext): Promise<ProvisionRecord[]> {
  const ids = [...new Set(granteeIds(provisions))];
  const known = new Set((await ctx.loaders.organisation.loadMany(ids)).flatMap((o) => (o && !(o instanceof Error) ? [o.id] : [])));
  return validateProvisions(provisions, (id) => known.has(id));
}

/** A consent of a pathway the caller's organisation holds; unknown and foreign ones are refused alike. */
async function heldConsent(id: string, ctx: AntiViolenceContext): Promise<Consent> {
  if (!isUuid(id)) throw badUserInput("`consentId` is not a consent id.", "consentId");
  const consent = await new ConsentRepository(ctx.db).byId(id);
  if (!consent) throw forbidden("ORGANISATION");
  await heldPathway(consent.pathwayId, ctx, "CASE_STATUS");
  return consent;
}

function forget(pathwayId: string, ctx: AntiViolenceContext) {
  ctx.loaders.consents.clear(pathwayId);
  ctx.loaders.referrals.clear(pathwayId);
  ctx.loaders.standing.clear(pathwayId);
  ctx.loaders.pathway.clear(pathwayId);
  ctx.loaders.reportingConsent.clear(pathwayId);
}

async function reread(id: string, ctx: AntiViolenceContext): Promise<Consent> {
  return (await new ConsentRepository(ctx.db).byId(id))!;
}

@Resolver(() => Pathway)
export class PathwayConsentResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "Signed, per request: what her consent lets the caller's organisation see. For subgraphs only (`@requires`), never for clients.",
  })
  @Directive("@inaccessible")
  @NotPersonal("a signed statement of what her consent lets the caller see, for the planner only: never shown to clients")
  consentReceipt(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<string | null> {
    return mintConsentReceipt(pathway.id, ctx);
  }

  @FieldResolver(() => [Consent], { nullable: true, description: "Her consents, oldest first. The case-holder's alone: anyone else gets none." })
  @Sensitive("CASE_STATUS")
  async consents(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<Consent[]> {
    if (!isHolder(pathway, ctx)) return [];
    return ctx.loaders.consents.load(pathway.id);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Whether her records may count in statistics. The case-holder's alone." })
  @Sensitive("CASE_STATUS")
  async reportingConsent(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<boolean | null> {
    if (!isHolder(pathway, ctx)) return null;
    return (await ctx.loaders.reportingConsent.load(pathway.id))?.granted ?? null;
  }

  @Mutation(() => Consent, { nullable: true, description: "Records her consent on a pathway your organisation holds." })
  async grantConsent(@Arg("input", () => GrantConsentInput) input: GrantConsentInput, @Ctx() ctx: AntiViolenceContext): Promise<Consent> {
    const pathway = await heldPathway(input.pathwayId, ctx);
    const provisions = await checkedProvisions(input.provisions, ctx);
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "grantConsent", input }, async (tx) => {
      const id = await new ConsentRepository(tx).insert({
        pathwayId: pathway.id,
        evidenceReference: input.evidenceReference,
        recordedBy: ctx.actor.userId,
        replaces: null,
        provisions,
      });
      return { id };
    });
    forget(pathway.id, ctx);
    return reread(id, ctx);
  }

  @Mutation(() => Consent, {
    nullable: true,
    description: "Replaces an active consent with a new one: the old one becomes SUPERSEDED. Open referrals it no longer covers are withdrawn.",
  })
  async amendConsent(@Arg("input", () => AmendConsentInput) input: AmendConsentInput, @Ctx() ctx: AntiViolenceContext): Promise<Consent> {
    const old = await heldConsent(input.consentId, ctx);
    const provisions = await checkedProvisions(input.provisions, ctx);
    // The status check belongs to the work: a retry finds the old consent SUPERSEDED by this very
    // amendment, and gets the new one back.
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "amendConsent", input }, async (tx) => {
      if (old.status !== "ACTIVE") throw badUserInput("Only an ACTIVE consent can be amended.", "consentId");
      await new PathwayRepository(tx).lockStage(old.pathwayId);
      const consents = new ConsentRepository(tx);
      if (!(await consents.supersede(old.id))) throw badUserInput("Only an ACTIVE consent can be amended.", "consentId");
      const id = await consents.insert({ pathwayId: old.pathwayId, evidenceReference: input.evidenceReference, recordedBy: ctx.actor.userId, replaces: old.id, provisions });
      await withdrawUncoveredReferrals(tx, old.pathwayId);
      return { id };
    });
    forget(old.pathwayId, ctx);
    return reread(id, ctx);
  }

  @Mutation(() => Consent, {
    nullable: true,
    description: "She withdraws a consent: it counts for nothing from the next request, and open referrals it alone covered are withdrawn.",
  })
  async withdrawConsent(@Arg("input", () => WithdrawConsentInput) input: WithdrawConsentInput, @Ctx() ctx: AntiViolenceContext): Promise<Consent> {
    const consent = await heldConsent(input.consentId, ctx);
    if (consent.status !== "ACTIVE") throw badUserInput("Only an ACTIVE consent can be withdrawn.", "consentId");
    await ctx.db.transaction(async (tx) => {
      await new PathwayRepository(tx).lockStage(consent.pathwayId);
      if (!(await new ConsentRepository(tx).withdraw(consent.id, ctx.actor.userId, input.reason ?? null))) {
        throw badUserInput("Only an ACTIVE consent can be withdrawn.", "consentId");
      }
      await withdrawUncoveredReferrals(tx, consent.pathwayId);
    });
    forget(consent.pathwayId, ctx);
    return reread(consent.id, ctx);
  }

  @Mutation(() => Pathway, { nullable: true, description: "Records whether her records may count in the network's statistics." })
  async setReportingConsent(@Arg("input", () => SetReportingConsentInput) input: SetReportingConsentInput, @Ctx() ctx: AntiViolenceContext): Promise<Pathway> {
    const pathway = await heldPathway(input.pathwayId, ctx);
    await ctx.db.transaction((tx) => new ConsentRepository(tx).setReportingConsent(pathway.id, input.granted, input.evidenceReference, ctx.actor.userId));
    forget(pathway.id, ctx);
    return pathway;
  }

  @Mutation(() => Pathway, { nullable: true, description: "Emergency lockdown: nobody but your organisation sees anything of the pathway until unsealed." })
  async sealPathway(@Arg("input", () => SealPathwayInput) input: SealPathwayInput, @Ctx() ctx: AntiViolenceContext): Promise<Pathway> {
    const pathway = await heldPathway(input.pathwayId, ctx, "CASE_STATUS");
    // Refused inside the transaction: a write that did not happen leaves no entry.
    await ctx.db.transaction(async (tx) => {
      if (!(await new ConsentRepository(tx).seal(pathway.id, input.reason, ctx.actor.userId))) throw badUserInput("The pathway is already sealed.", "pathwayId");
    });
    forget(pathway.id, ctx);
    return pathway;
  }

  @Mutation(() => Pathway, { nullable: true, description: "Lifts the pathway's seal." })
  async unsealPathway(@Arg("pathwayId", () => ID) pathwayId: string, @Ctx() ctx: AntiViolenceContext): Promise<Pathway> {
    const pathway = await heldPathway(pathwayId, ctx);
    await ctx.db.transaction(async (tx) => {
      if (!(await new ConsentRepository(tx).unseal(pathway.id, ctx.actor.userId))) throw badUserInput("The pathway is not sealed.", "pathwayId");
    });
    forget(pathway.id, ctx);
    return pathway;
  }
}

@Resolver(() => ConsentProvision)
export class ConsentProvisionResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: "The one organisation it applies to, if any." })
  granteeOrganisation(@Root() provision: ConsentProvision, @Ctx() ctx: AntiViolenceContext): Promise<Organisation | null> {
    return provision.granteeOrganisationId ? ctx.loaders.organisation.load(provision.granteeOrganisationId) : Promise.resolve(null);
  }
}

