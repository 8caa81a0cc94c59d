import { forbidden } from "@percorsi/kit";
import type { TrainingContext } from "../context.js";

/**
 * Writing a woman's training record is processing her personal data: like reading it, it
 * needs a declared purpose. (The kit's shield rules judge reads only.)
 */
export function requirePurpose(ctx: TrainingContext): void {
  if (ctx.actor.purpose === null) throw forbidden("PURPOSE");
}
