import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, decideAccess, forbidden, idempotent, isUuid, Sensitive, today, type AccessDecision } from "@percorsi/kit/author";
import { auditAhead, auditWriteDecision, servesReferralPurpose } from "@percorsi/kit/authority";
import { referralReceivingTypes } from "@percorsi/schema";
import type { AntiViolenceContext } from "../../context.js";
import { Organisation } from "../organisation/organisation.type.js";
import { referralFacts } from "../../permissions/facts.js";
import { decoyPathwayId } from "../../permissions/decoys.js";
import { changeablePathway, closedPathway } from "../pathway/pathway.access.js";
import { PathwayRepository } from "../pathway/pathway.repository.js";
import { ConsentRepository } from "../consent/consent.repository.js";
import { coversReferral } from "../consent/consent.rules.js";
import { Pathway } from "../pathway/pathway.type.js";
import { IncomingReferralsArgs, ReferPathwayInput, RejectReferralInput } from "./referral.input.js";
import { ReferralRepository } from "./referral.repository.js";
import { Referral, ReferralConnection, type RejectionCode } from "./referral.type.js";
import { REFERRAL_TRANSITIONS, wrongStatusMessage, type ReferralAction, type ReferralParty } from "./referral.workflow.js";

@Resolver(() => Pathway)
export class PathwayReferralsResolver {
  @FieldResolver(() => [Referral], {
    nullable: true,
    description: "Referrals of this pathway, oldest first. Another organisation sees only those addressed to it.",
  })
  @Sensitive("CASE_STATUS")
  async referrals(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<Referral[]> {
    const referrals = await ctx.loaders.referrals.load(pathway.id);
    // Where else she was sent is the case-holder's business, not a partner's.
    if (pathway.holderId === ctx.actor.organisationId) return referrals;
    return referrals.filter((referral) => referral.toOrganisationId === ctx.actor.organisationId);
  }

  @Mutation(() => Referral, {
    nullable: true,
    description: "Refers a pathway your organisation holds to another organisation of the network; it starts SENT.",
  })
  async referPathway(@Arg("input", () => ReferPathwayInput) input: ReferPathwayInput, @Ctx() ctx: AntiViolenceContext): Promise<Referral> {
    const pathway = await changeablePathway(input.pathwayId, ctx);
    const target = await ctx.loaders.organisation.load(input.toOrganisationId);
    if (!target) throw badUserInput("`toOrganisationId` is not a network organisation.", "toOrganisationId");
    if (target.id === pathway.holderId) throw badUserInput("A pathway cannot be referred to its own holder.", "toOrganisationId");
    if (!referralReceivingTypes().includes(target.type)) throw badUserInput("This organisation takes no referrals (the control room sees aggregates only).", "toOrganisationId");
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "referPathway", input }, async (tx) => {
      // The lock makes the check and the insert one step: two clicks cannot open two referrals.
      if ((await new PathwayRepository(tx).lockStage(pathway.id)) === "CLOSED") throw closedPathway();
      const referrals = new ReferralRepository(tx);
      if (await referrals.hasOpen(pathway.id, target.id)) {
        throw badUserInput("The pathway already has an open (SENT or ACCEPTED) referral to this organisation.", "toOrganisationId");
      }
      // Default deny: a referral shares her case, so one of her consents must cover it.
      const consents = await new ConsentRepository(tx).byPathwayIds([pathway.id]);
      if (!coversReferral(consents, { organisationId: target.id, organisationType: target.type, purpose: input.purpose, on: today() })) {
        throw badUserInput(
          `No consent of hers covers sharing with ${target.id} for ${input.purpose}: record her consent before referring.`,
          "toOrganisationId",
        );
      }
      const id = randomUUID();
      await referrals.insert({
        id,
        pathwayId: pathway.id,
        fromOrganisationId: pathway.holderId,
        toOrganisationId: target.id,
        purpose: input.purpose,
        note: input.note ?? null,
        status: "SENT",
        sentOn: today(),
        sentBy: ctx.actor.userId,
        respondedOn: null,
        respondedBy: null,
        rejectionReason: null,
      });
      return { id };
    });
    ctx.loaders.referrals.clear(pathway.id);
    return (await ctx.loaders.referral.load(id))!;
  }
}

@Resolver(() => Referral)
export class ReferralResolver {
  @Query(() => ReferralConnection, { nullable: true, description: "Referrals addressed to your organisation, newest first." })
  async incomingReferrals(@Args(() => IncomingReferralsArgs) args: IncomingReferralsArgs, @Ctx() ctx: AntiViolenceContext): Promise<ReferralConnection> {
    const repository = new ReferralRepository(ctx.db);
    // Listed only where their fields would be released (the kit's decision on each): a referral
    // of a sealed pathway, one her consent no longer covers, or one made for another purpose
    // vanishes, totalCount and the status filter included, so that a seal is told apart from
    // nothing else by what the list shows.
    const candidates = await repository.candidatesAddressedTo(ctx.actor.organisationId);
    const facts = await Promise.all(candidates.map((referral) => referralFacts(referral, ctx)));
    const shown = candidates.filter((_referral, index) => decideAccess(ctx.actor, "CASE_STATUS", facts[index]!).allowed).map((r) => r.id);
    const page = await repository.addressedTo(ctx.actor.organisationId, shown, args.status ?? null, args.first, args.after);
    for (const referral of page.nodes) ctx.loaders.referral.prime(referral.id, referral);
    return page;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The case-holder that sent it." })
  @Sensitive("CASE_STATUS")
  from(@Root() referral: Referral, @Ctx() ctx: AntiViolenceContext): Promise<Organisation | null> {
    return ctx.loaders.organisation.load(referral.fromOrganisationId);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The organisation it is addressed to." })
  @Sensitive("CASE_STATUS")
  to(@Root() referral: Referral, @Ctx() ctx: AntiViolenceContext): Promise<Organisation | null> {
    return ctx.loaders.organisation.load(referral.toOrganisationId);
  }

  @FieldResolver(() => Pathway, { nullable: true, description: "The pathway referred; its own fields are released by their own rules." })
  @Sensitive("CASE_STATUS")
  pathway(@Root() referral: Referral, @Ctx() ctx: AntiViolenceContext): Promise<Pathway | null> {
    return ctx.loaders.pathway.load(referral.pathwayId);
  }

  @Mutation(() => Referral, { nullable: true, description: "The receiving organisation takes her on. Its caseworkers then see the pathway's case status." })
  acceptReferral(@Arg("id", () => ID) id: string, @Ctx() ctx: AntiViolenceContext): Promise<Referral> {
    return moveReferral(id, "accept", ctx);
  }

  @Mutation(() => Referral, { nullable: true, description: "The receiving organisation declines, saying why: a code, and a note for the case-holder." })
  rejectReferral(@Arg("input", () => RejectReferralInput) input: RejectReferralInput, @Ctx() ctx: AntiViolenceContext): Promise<Referral> {
    return moveReferral(input.referralId, "reject", ctx, { reason: input.reason, code: input.code ?? "OTHER" });
  }

  @Mutation(() => Referral, { nullable: true, description: "The receiving organisation has done what it was asked." })
  completeReferral(@Arg("id", () => ID) id: string, @Ctx() ctx: AntiViolenceContext): Promise<Referral> {
    return moveReferral(id, "complete", ctx);
  }

  @Mutation(() => Referral, { nullable: true, description: "The case-holder calls a running referral off." })
  withdrawReferral(@Arg("id", () => ID) id: string, @Ctx() ctx: AntiViolenceContext): Promise<Referral> {
    return moveReferral(id, "withdraw", ctx);
  }
}

/** Which side of a referral the caller's organisation is on, if any. */
async function partyOf(referral: Referral, ctx: AntiViolenceContext): Promise<ReferralParty | null> {
  if (referral.toOrganisationId === ctx.actor.organisationId) return "RECEIVER";
  const pathway = await ctx.loaders.pathway.load(referral.pathwayId);
  return pathway?.holderId === ctx.actor.organisationId ? "HOLDER" : null;
}

/**
 * Whether the caller may make this move, as an audited write: the holder's own referrals; the
 * receiver's only on a pathway visible to it, while her current consent covers the referral,
 * and for the referral's own purpose. An unknown referral, a wrong party, a sealed pathway and a
 * referral her consent no longer covers are refused alike (ORGANISATION: a seal must answer as a
 * withdrawal does); the right referral answered for another purpose is refused as PURPOSE.
 * Every id costs the same reads: its pathway's standing, or for an id of no referral the
 * standing of an existing pathway drawn at random (`decoys.ts`), so the time of a refusal does
 * not tell whether the referral exists.
 */
async function referralMoveDecision(referral: Referral | null, party: ReferralParty, ctx: AntiViolenceContext): Promise<AccessDecision> {
  const standing = await ctx.loaders.standing.load(referral?.pathwayId ?? decoyPathwayId(ctx.db, ctx.actor.organisationId) ?? randomUUID());
  if (!referral || (await partyOf(referral, ctx)) !== party) return { allowed: false, reason: "ORGANISATION" };
  if (party === "HOLDER") return { allowed: true, basis: "OWNERSHIP" };
  if (standing.sealed || !standing.coveredReferralIds.has(referral.id)) return { allowed: false, reason: "ORGANISATION" };
  if (!servesReferralPurpose(ctx.actor, referral)) return { allowed: false, reason: "PURPOSE" };
  return { allowed: true, basis: "REFERRAL" };
}

/**
 * One step of the referral state machine. An unknown referral and one the caller is not the
 * right party to are refused alike; a wrong status is bad input.
 */
async function moveReferral(
  id: string,
  action: ReferralAction,
  ctx: AntiViolenceContext,
  rejection: { reason: string; code: RejectionCode } | null = null,
): Promise<Referral> {
  if (!isUuid(id)) throw badUserInput("`id` is not a referral id.", "id");
  const transition = REFERRAL_TRANSITIONS[action];
  const referral = await ctx.loaders.referral.load(id);
  const decision = await referralMoveDecision(referral, transition.by, ctx);
  // A refused id of no referral is recorded too (on no pathway: who probed, when), written as a
  // known referral's refusal is, so that neither the answer nor its time tells the two apart.
  if (referral) await auditWriteDecision(ctx, referral.pathwayId, ["CASE_STATUS"], decision);
  else {
    ctx.audit.record(null, "CASE_STATUS", decision, "WRITE");
    await auditAhead(ctx);
  }
  if (!referral || !decision.allowed) throw forbidden(decision.allowed ? "ORGANISATION" : decision.reason);
  if (!referral.status || !transition.from.includes(referral.status)) throw badUserInput(wrongStatusMessage(transition), "status");
  const answer = transition.answers
    ? { on: today(), by: ctx.actor.userId, rejectionReason: rejection?.reason ?? null, rejectionCode: rejection?.code ?? null }
    : null;
  // In the kit's transaction, refused inside it: the write's entry is stored with it, or not at all.
  await ctx.db.transaction(async (tx) => {
    // Someone else moved it since we read it.
    if (!(await new ReferralRepository(tx).transition(referral.id, transition.from, transition.to, answer))) throw badUserInput(wrongStatusMessage(transition), "status");
  });
  ctx.loaders.referral.clear(referral.id);
  ctx.loaders.referrals.clear(referral.pathwayId);
  ctx.loaders.standing.clear(referral.pathwayId);
  return (await ctx.loaders.referral.load(referral.id))!;
}
