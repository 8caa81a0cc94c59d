import { IsOptional, Matches } from "class-validator";
import { Field, InputType } from "type-graphql";
import { IDEMPOTENCY_KEY_FIELD, IDEMPOTENCY_KEY_PATTERN } from "../db/idempotency.js";

const DESCRIPTION =
  "Any unique string of yours (a UUID; 8-128 letters, digits, '-', '_', '.', ':'): a retry with the same key and input, within 24 hours, returns what the first request created instead of creating it again.";

/**
 * The `idempotencyKey` input field of a creating mutation: optional, validated (BAD_USER_INPUT
 * naming `idempotencyKey`, never the key), described the same everywhere. Pass its value
 * to `idempotent(ctx, { key: input.idempotencyKey, ... })`.
 *
 * ```ts
 * @InputType()
 * export class RecordCampaignInput {
 *   @IdempotencyKeyField()
 *   idempotencyKey?: string | null;
 *   ...
 * }
 * ```
 */
export function IdempotencyKeyField(): PropertyDecorator {
  return (target, property) => {
    if (property !== IDEMPOTENCY_KEY_FIELD) throw new Error(`@IdempotencyKeyField() goes on a property named ${IDEMPOTENCY_KEY_FIELD}`);
    Field(() => String, { nullable: true, description: DESCRIPTION })(target, property);
    IsOptional()(target, property);
    Matches(IDEMPOTENCY_KEY_PATTERN)(target, property);
  };
}

/**
 * A base class for creating mutations' inputs: `@InputType() class OpenVacancyInput extends
 * IdempotentInput`. (type-graphql inherits fields from an input type only; this one is never
 * referenced, so it stays out of the schema.)
 */
@InputType("IdempotentInput")
export abstract class IdempotentInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}
