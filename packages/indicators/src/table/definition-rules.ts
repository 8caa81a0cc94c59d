import type { IndicatorDefinition } from "../types.js";

// What a section may declare: checked once per table, before any event is read.

const UNIT_OF_KIND = { COUNT: "COUNT", RATE: "PERCENT", MEDIAN: "DAYS" } as const;

/** Refuses definitions a section must not declare (a programming error, caught by the section's tests). */
export function validateDefinitions(definitions: readonly IndicatorDefinition[]): void {
  const byId = new Map<string, IndicatorDefinition>();
  for (const definition of definitions) {
    const { id } = definition;
    if (byId.has(id)) throw new Error(`indicator ${id} is defined twice`);
    byId.set(id, definition);
    // The prefix is the section's field name, or its snake_case form (pathwayOutcomes → pathway_outcomes.started).
    const prefix = [definition.section, snakeCase(definition.section)].find((name) => id.startsWith(`${name}.`));
    if (prefix === undefined || id.length === prefix.length + 1) {
      throw new Error(`indicator ${id} is not named <section>.<name> for section ${definition.section}`);
    }
    if (UNIT_OF_KIND[definition.kind] !== definition.unit) throw new Error(`indicator ${id}: a ${definition.kind} is in ${UNIT_OF_KIND[definition.kind]}`);
    if (definition.hidden && definition.kind !== "COUNT") throw new Error(`indicator ${id}: only a COUNT can be hidden`);
    if (definition.involvesNoWoman && definition.kind !== "COUNT") throw new Error(`indicator ${id}: only a COUNT involves no woman`);
    if (definition.categories && definition.kind !== "COUNT") throw new Error(`indicator ${id}: only a COUNT has categories`);
    if (definition.categories && new Set(definition.categories).size !== definition.categories.length) {
      throw new Error(`indicator ${id} lists a category twice`);
    }
    if ((definition.kind === "RATE") !== (definition.rate !== undefined)) throw new Error(`indicator ${id}: a RATE, and only a RATE, has rate inputs`);
    if ((definition.kind === "MEDIAN") !== (definition.median !== undefined)) throw new Error(`indicator ${id}: a MEDIAN, and only a MEDIAN, has median inputs`);
    if (definition.followUpMonths !== undefined) {
      if (definition.kind !== "COUNT" || definition.hidden || definition.involvesNoWoman || definition.categories) {
        throw new Error(`indicator ${id}: only a listed COUNT about women, without categories, has a follow-up horizon`);
      }
      if (!Number.isInteger(definition.followUpMonths) || definition.followUpMonths < 0) throw new Error(`indicator ${id}: a follow-up horizon is a whole number of months`);
    }
  }
  const isCount = (id: string): boolean => byId.get(id)?.kind === "COUNT";
  for (const definition of definitions) {
    const { id, rate, median } = definition;
    if (rate) {
      if (!isCount(rate.numerator)) throw new Error(`indicator ${id}: numerator ${rate.numerator} is not a COUNT of the section`);
      if ("denominator" in rate) {
        if (!isCount(rate.denominator)) throw new Error(`indicator ${id}: denominator ${rate.denominator} is not a COUNT of the section`);
        if (rate.denominator === rate.numerator) throw new Error(`indicator ${id}: numerator and denominator are the same`);
      } else if (rate.denominatorFromOrganisation !== "operators") {
        throw new Error(`indicator ${id}: unknown organisation figure ${String(rate.denominatorFromOrganisation)}`);
      }
    }
    if (median && !isCount(median.countOf)) throw new Error(`indicator ${id}: ${median.countOf} is not a COUNT of the section`);
  }
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
