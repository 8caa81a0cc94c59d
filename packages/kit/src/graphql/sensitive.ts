import { Directive } from "type-graphql";
import { isNonNullType, isObjectType, type GraphQLSchema } from "graphql";
import { DATA_CATEGORIES, type DataCategory } from "@percorsi/schema";

/**
 * Labels a field as personal data of a category. The label travels to the supergraph (the
 * gateway reads it), and the kit derives the field's permission rule from it. On a class, every
 * field of the type is of that category: the kit then admits the type only behind fields
 * labelled with the same category, whose decision covers all of it (her consents, under
 * `Pathway.consents`).
 */
export function Sensitive(category: DataCategory): MethodDecorator & PropertyDecorator & ClassDecorator {
  if (!DATA_CATEGORIES.includes(category)) throw new Error(`unknown data category ${category}`);
  return Directive(`@sensitive(category: ${category})`);
}

/**
 * Declares that a field of a type about her carries nothing personal, with the reason a reviewer
 * reads (a record's id, a link to a public record). The explicit opposite of `@Sensitive`: on a
 * type reachable from `Pathway` (or carrying any label), every field is one or the other, or the
 * schema does not build. A shield rule never stands in for either. On a class: a public record
 * (a course, an employer), never personal, whatever links to it.
 */
export function NotPersonal(reason: string): MethodDecorator & PropertyDecorator & ClassDecorator {
  if (reason.trim().length === 0) throw new Error("@NotPersonal needs the reason the field carries nothing personal");
  return Directive(`@notPersonal(reason: ${JSON.stringify(reason)})`);
}

/** Every labelled field of a built schema, as "Type.field" → category. */
export function sensitiveFields(schema: GraphQLSchema): Map<string, DataCategory> {
  const fields = new Map<string, DataCategory>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === "sensitive");
      const argument = directive?.arguments?.find((a) => a.name.value === "category");
      if (!argument || argument.value.kind !== "EnumValue") continue;
      // A denial must null only this field; a non-null field would null its parent instead.
      if (isNonNullType(field.type)) {
        throw new Error(`${type.name}.${field.name} is @sensitive and must be nullable`);
      }
      fields.set(`${type.name}.${field.name}`, argument.value.value as DataCategory);
    }
  }
  return fields;
}
