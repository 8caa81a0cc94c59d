import { badUserInput } from "@percorsi/kit/author";

/** Trims every item and drops repeats; a blank item is refused rather than stored. */
export function cleanList(items: readonly string[], field: string): string[] {
  const cleaned = items.map((item) => item.trim());
  if (cleaned.some((item) => item === "")) throw badUserInput(`\`${field}\` cannot contain blank items.`, field);
  return [...new Set(cleaned)];
}

/** A required text that must say something once trimmed. */
export function cleanText(text: string, field: string): string {
  const cleaned = text.trim();
  if (cleaned === "") throw badUserInput(`\`${field}\` cannot be blank.`, field);
  return cleaned;
}
