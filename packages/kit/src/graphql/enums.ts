import { registerEnumType } from "type-graphql";
import { DATA_CATEGORIES, ORGANISATION_TYPES, PURPOSES, type DataCategory, type OrganisationType, type Purpose } from "@percorsi/schema";

function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

// type-graphql needs enum objects; the values come from the network vocabulary, once.
export const PurposeEnum = enumObject<Purpose>(PURPOSES);
export const DataCategoryEnum = enumObject<DataCategory>(DATA_CATEGORIES);
export const OrganisationTypeEnum = enumObject<OrganisationType>(ORGANISATION_TYPES);

registerEnumType(PurposeEnum, { name: "Purpose", description: "Why a caller reads personal data." });
registerEnumType(DataCategoryEnum, { name: "DataCategory", description: "What a piece of personal data is about." });
registerEnumType(OrganisationTypeEnum, { name: "OrganisationType", description: "The kind of a network organisation." });

export { enumObject };
