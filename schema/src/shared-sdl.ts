import { DATA_CATEGORIES, PURPOSES } from "./vocabulary.js";

/** The namespace of our own directives; `@composeDirective` carries them into the supergraph. */
export const PRIVACY_SPEC_URL = "https://specs.percorsi.example/privacy/v0.1";

/**
 * SDL every subgraph includes: the `@sensitive` label, its explicit opposite `@notPersonal` and the enums it and the consent model
 * use. Definitions must be identical in every subgraph for composition to merge them.
 */
export const sharedSdl = `
"Labels a field that carries personal data with its data category; on a type, every field of it (entered only through fields of that category)."
directive @sensitive(category: DataCategory!) on FIELD_DEFINITION | OBJECT

"Declares that a field of a type about her carries nothing personal, and why (a record's id, a link to a public record); on a type, that it is a public record."
directive @notPersonal(reason: String!) on FIELD_DEFINITION | OBJECT

"What a piece of personal data is about."
enum DataCategory {
${DATA_CATEGORIES.map((c) => `  ${c}`).join("\n")}
}

"Why a caller reads personal data."
enum Purpose {
${PURPOSES.map((p) => `  ${p}`).join("\n")}
}
`;

/** Names of the definitions in `sharedSdl`, so a generated schema does not define them twice. */
export const sharedDefinitionNames: ReadonlySet<string> = new Set(["sensitive", "notPersonal", "DataCategory", "Purpose"]);
