import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, PageArgs, today } from "@percorsi/kit/author";
import type { TrainingContext } from "../../context.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { RecordOperatorTrainingSessionInput } from "./operator-training.input.js";
import { OperatorTrainingRepository } from "./operator-training.repository.js";
import { OperatorTrainingSession, OperatorTrainingSessionConnection } from "./operator-training.type.js";

@Resolver(() => OperatorTrainingSession)
export class OperatorTrainingResolver {
  @Query(() => OperatorTrainingSessionConnection, { nullable: true, description: "Operator-training sessions the network delivered, latest first." })
  operatorTrainingSessions(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: TrainingContext): Promise<OperatorTrainingSessionConnection> {
    return new OperatorTrainingRepository(ctx.db).list(args.first, args.after);
  }

  @FieldResolver(() => Organisation, { description: "Who delivered it (an anti-violence centre)." })
  trainerOrganisation(@Root() session: OperatorTrainingSession): Organisation {
    return organisationRef(session.trainerOrganisationId);
  }

  @FieldResolver(() => Organisation, { description: "The training body that hosted and recorded it." })
  hostTrainingBody(@Root() session: OperatorTrainingSession): Organisation {
    return organisationRef(session.hostTrainingBodyId);
  }

  @FieldResolver(() => [Organisation], { description: "The organisations whose operators attended." })
  attendingOrganisations(@Root() session: OperatorTrainingSession): Organisation[] {
    return session.attendingOrganisationIds.map(organisationRef);
  }

  @FieldResolver(() => Int, { description: "How many operators attended." })
  attendeeCount(@Root() session: OperatorTrainingSession): number {
    return session.attendingOperatorIds.length;
  }

  @Mutation(() => OperatorTrainingSession, { nullable: true, description: "Records a session the network delivered to operators, hosted by your training body." })
  async recordOperatorTrainingSession(
    @Arg("input", () => RecordOperatorTrainingSessionInput) input: RecordOperatorTrainingSessionInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<OperatorTrainingSession> {
    if (input.heldOn > today()) throw badUserInput("`heldOn` cannot be in the future.", "heldOn");
    if (input.trainerOrganisationId === ctx.actor.organisationId) {
      throw badUserInput("The trainer is the organisation that delivered the session, not the host.", "trainerOrganisationId");
    }
    const attendees = input.attendees ?? [];
    const operators = new Set(input.attendingOperatorIds);
    const organisations = new Set(input.attendingOrganisationIds);
    if (attendees.some((a) => !operators.has(a.operatorId))) {
      throw badUserInput("Every attendee must be one of the attending operators.", "attendees");
    }
    if (attendees.some((a) => !organisations.has(a.organisationId))) {
      throw badUserInput("Every attendee's organisation must be one of the attending organisations.", "attendees");
    }
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "recordOperatorTrainingSession", input }, async (tx) => {
      const id = randomUUID();
      await new OperatorTrainingRepository(tx).insertMany([
        {
          id,
          trainerOrganisationId: input.trainerOrganisationId,
          hostTrainingBodyId: ctx.actor.organisationId,
          heldOn: input.heldOn,
          topics: input.topics,
          hours: input.hours,
          attendingOperatorIds: input.attendingOperatorIds,
          attendingOrganisationIds: input.attendingOrganisationIds,
          attendees: attendees.map((a) => ({ operatorId: a.operatorId, organisationId: a.organisationId })),
          recordedBy: ctx.actor.userId,
        },
      ]);
      return { id };
    });
    return (await ctx.loaders.operatorTrainingSession.load(id))!;
  }
}
