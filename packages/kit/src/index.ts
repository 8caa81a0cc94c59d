/**
 * `@percorsi/kit`: the repository-internal entry, everything the kit has, for this repository's
 * own code that is not a subgraph: the gateway, the demo, the scripts, the benchmarks, the housing
 * registry stand-in and tests. It is not a public API and is not packed: the packed package's
 * exports (`publishConfig.exports`) name only the narrow, documented entries, which code outside
 * this repository and every subgraph's src/ import instead: `@percorsi/kit/author` (a subgraph),
 * `@percorsi/kit/authority` (the consent authority), `@percorsi/kit/testing` (tests and
 * conformance). See README.md.
 */
import "reflect-metadata";

export * from "./config/paths.js";
export * from "./db/database.js";
export * from "./db/store-lock.js";
export * from "./db/store-errors.js";
export * from "./db/migrate.js";
export * from "./db/loaders.js";
export * from "./db/page.js";
export * from "./db/sql.js";
export * from "./db/idempotency.js";
export * from "./util/dates.js";
export * from "./trust/actor.js";
export * from "./trust/keys.js";
export * from "./trust/actor-assertion.js";
export * from "./access/decide.js";
export * from "./consent/provisions.js";
export * from "./consent/receipt.js";
export * from "./consent/pathway-facts.js";
export * from "./graphql/errors.js";
export * from "./graphql/ids.js";
export * from "./graphql/enums.js";
export * from "./graphql/scalars.js";
export * from "./graphql/sensitive.js";
export * from "./graphql/connection.js";
export * from "./graphql/federated-schema.js";
export * from "./graphql/outage-boundaries.js";
export * from "./graphql/network-references.js";
export * from "./graphql/about-pathway.input.js";
export * from "./graphql/format-error.js";
export * from "./graphql/input-paths.js";
export * from "./graphql/request-guard.js";
export * from "./graphql/idempotency-input.js";
export * from "./permissions/rules.js";
export * from "./context.js";
export * from "./audit/audit-log.js";
export * from "./audit/access-report.js";
export * from "./http/serve.js";
export * from "./http/tls.js";
export * from "./metrics/metrics.js";
export * from "./limits/operation-limits.js";
export * from "./limits/list-cost.js";
export * from "./limits/cost-model.js";
export * from "./limits/failure-codes.js";
export * from "./subgraph/create-subgraph.js";
export * from "./subgraph/startup.js";
export * from "./log.js";
export * from "@percorsi/indicators";
export type { IndicatorSection, SectionInput } from "./indicators/section.js";
export * from "./indicators/indicator.type.js";
export * from "./indicators/report.js";
export * from "./indicators/releases/release-messages.js";
export * from "./indicators/releases/release-part.js";
export * from "./indicators/releases/release-store.js";
export * from "./indicators/record-keys.js";
export * from "./indicators/indicator-report.js";
export * from "./rest/rest-mapping.js";
export * from "./rest/rest-source.js";
export * from "./rest/stand-in.js";
