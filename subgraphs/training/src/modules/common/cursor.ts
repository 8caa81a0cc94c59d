import { badUserInput, decodeCursor, isUuid } from "@percorsi/kit";
import { isIsoDate } from "./dates.js";

/**
 * Decodes a keyset cursor of (day, uuid). The kit's decoder checks only the shape; a forged
 * cursor with other values would reach the database as a cast error (an internal error), so
 * refuse it here as bad input instead.
 */
export function decodeDayIdCursor(after: string): [string, string] {
  const [day, id] = decodeCursor(after, 2);
  if (!isIsoDate(day) || !isUuid(id)) throw badUserInput("`after` is not a cursor this list gave out.", "after");
  return [day, id];
}
