/**
 * `@percorsi/kit/author`: what a subgraph author needs, and nothing else. A signatory's subgraph
 * imports only from here (and `@percorsi/kit/testing` in its tests); packages/kit/README.md walks
 * through a complete one. Anything not named here is the kit's own business and may change.
 */
import "reflect-metadata";

// --- type-graphql, re-exported: the kit's schema builder reads one copy's metadata, so a
// subgraph declares its types with exactly that copy.
export {
  /** Declares a GraphQL argument of a query, mutation or field resolver. */
  Arg,
  /** Declares an argument class (`@ArgsType`) as a resolver's arguments. */
  Args,
  /** Marks a class whose fields are a resolver's arguments. */
  ArgsType,
  /** Injects the request context (`SubgraphContext`) into a resolver. */
  Ctx,
  /** Adds a federation directive (`@key`, `@shareable`...) to a type or field. */
  Directive,
  /** Declares a field of an object or input type. */
  Field,
  /** Declares a resolver for one field of the type a `@Resolver` class is about. */
  FieldResolver,
  /** The GraphQL `ID` scalar, for `@Field(() => ID)`. */
  ID,
  /** The GraphQL `Float` scalar, for `@Field(() => Float)`. */
  Float,
  /** Marks a class as a GraphQL input type. */
  InputType,
  /** The GraphQL `Int` scalar, for `@Field(() => Int)`. */
  Int,
  /** Declares a mutation (every one needs a write policy: see `WritePolicy`). */
  Mutation,
  /** Marks a class as a GraphQL object type. */
  ObjectType,
  /** Declares a query. */
  Query,
  /** Registers a TypeScript enum (or `enumObject`) as a GraphQL enum. */
  registerEnumType,
  /** Marks a class as the resolvers of one type (or of root fields). */
  Resolver,
  /** Injects the parent object into a field resolver. */
  Root,
} from "type-graphql";

// --- The subgraph and its schema
export {
  /** Builds a subgraph (store, migrations, trust, permissions, audit, server) without listening. */
  createSubgraph,
  /** What a subgraph is: name, migrations, schema, loaders, indicator sections, seed. */
  type SubgraphDefinition,
  /** Options of one start: an open database (tests), whether to seed. */
  type SubgraphOptions,
  /** A built subgraph: `listen(port)`, `stop()`, its store and schema. */
  type Subgraph,
} from "./subgraph/create-subgraph.js";
export {
  /** type-graphql classes → a Federation 2 subgraph schema with the network's SDL and deny-by-default permissions. */
  buildFederatedSchema,
  /** Resolvers, rules, facts and write policies of a subgraph's schema. */
  type SubgraphSchemaOptions,
  /** The executable schema and the SDL composition reads. */
  type SubgraphSchema,
  /** `__resolveReference` of an entity type. */
  type ReferenceResolver,
} from "./graphql/federated-schema.js";
export {
  /** Starts a listener for `main.ts`: refuses to start on a taken port or bad configuration. */
  runService,
  /** Logs why a service cannot start, then exits. */
  refuseToStart,
  /** A setting missing or wrong (an existing system's URL or key): the service refuses to start, saying which. */
  ConfigurationError,
} from "./subgraph/startup.js";
export {
  /** A port from the environment (`<NAME>_PORT`), or the given default. */
  portFromEnv,
  /** Where local state lives: `PERCORSI_DATA_DIR` or `<repo>/.data`. */
  dataDir,
} from "./config/paths.js";
export {
  /** A listening server: its URL and `close()`. */
  type RunningServer,
} from "./http/serve.js";
export {
  /** What every resolver gets: the verified actor, its loaders, the store, the audit trail. */
  type SubgraphContext,
} from "./context.js";
export {
  /** The caller, as the gateway's assertion says: organisation, roles, declared purpose. */
  type Actor,
} from "./trust/actor.js";
export {
  /** Structured logging without personal data (fields are ids and codes, never values). */
  log,
  /** What of an error may be logged: its class and codes, never its message (it may quote data). */
  errorFields,
} from "./log.js";

// --- Labels: every field of a type carries one (schema:check refuses a type that does not).
export {
  /** Labels a field as personal data of a category: read only as the kit's decision allows, audited. */
  Sensitive,
  /** Labels a field as not personal, with the reason (reviewed in schema/privacy-contract.json). */
  NotPersonal,
} from "./graphql/sensitive.js";

// --- The network's entities a subgraph extends
export {
  /** The `Pathway` entity stub (owned by the consent authority): its class, `pathwayRef(id)`, its reference resolver. */
  definePathwayStub,
  /** The `Organisation` entity stub (key only), for fields naming an organisation. */
  defineOrganisationRef,
  /** A pathway as a subgraph sees it: its id and the consent receipt the planner sent with it. */
  type PathwayStub,
} from "./graphql/network-references.js";

// --- Rules for fields that are not labelled (anything not named is denied)
export {
  /** Anyone, even unauthenticated (page info and the like). */
  allow,
  /** All rules at once (side effects of each run even when one refuses: prefer `chain`). */
  and,
  /** Rules one after the other, stopping at the first refusal. */
  chain,
  /** The first rule that allows. */
  or,
  /** A verified actor. */
  isAuthenticated,
  /** A declared purpose (writing about her needs one, as reading does). */
  hasPurpose,
  /** A rule: the request declares one of these purposes (PURPOSE otherwise). */
  declaresPurpose,
  /** A caseworker (schema/network.yaml says which roles do casework). */
  isCaseworker,
  /** A caseworker at an organisation of one of these types. */
  isCaseworkerAt,
  /** A caller whose role may declare a break-glass read. */
  mayBreakGlass,
  /** A capability of the caller's roles (schema/network.yaml), optionally at these organisation types. */
  hasCapability,
  /** The caller's organisation keeps the parent record. */
  sameOrganisation,
  /** A shield rule or logic rule. */
  type ShieldRule,
  /** Who keeps the record behind a labelled field, and her standing: `(parent, ctx) => RecordFacts`. */
  type FactsResolver,
  /** What a mutation writes about a pathway: categories, `decidedOnRecord`, or null (about no woman). */
  type WritePolicy,
  /** The record a `decidedOnRecord` mutation names (table, argument, pathway column). */
  type NamedRecord,
  /** A write decided in its resolver on these categories. */
  decidedInResolver,
  /** `decidedInResolver`, naming the record a refusal by the mutation's own rule is recorded on. */
  decidedOnRecord,
} from "./permissions/rules.js";

// --- Facts: her standing for a record, from the consent receipt the gateway obtained
export {
  /** Keeper, holder, sealed, her consents and referrals: what the kit decides a read on. */
  type RecordFacts,
  /** Allowed (with its basis) or refused (with its reason). */
  type AccessDecision,
  /** The network's read rule for one category of one record (what labelled fields get on their own). */
  decideAccess,
} from "./access/decide.js";
export {
  /** A record's facts: kept by this organisation, the rest from the receipt it was read under. */
  factsUnderReceipt,
  /** Facts of a record kept by `ownerOrganisationId`, from a receipt (none: counts as sealed). */
  factsFromReceipt,
  /** Facts of a pathway's records at several organisations (or none), by the network's existence rule. */
  factsOfPathwayRecords,
  /** The verified consent receipt of a pathway in this request, or null. */
  receiptFor,
  /** Of a pathway's records at several organisations, the caller's own and those her consent releases (each decision audited). */
  releasedUnderPathway,
  /** Carries a pathway's receipt on a record read under it, so its own fields are judged on it. */
  carryReceipt,
  /** A record that carries the receipt of the pathway it was read under. */
  type ReceiptCarrier,
} from "./consent/pathway-facts.js";

// --- Errors: a stable `extensions.code`, no stack, nothing echoed
export {
  /** Refused, with a reason of the network's list (`ROLE`, `PURPOSE`, `ORGANISATION`...). */
  forbidden,
  /** Bad input: a message naming the field, never its value. */
  badUserInput,
  /** Not found (say what, never which). */
  notFound,
  /** No valid credential. */
  unauthenticated,
  /** The reasons a refusal may give. */
  type DenialReason,
} from "./graphql/errors.js";

// --- Ids, scalars, dates, enums
export {
  /** A UUID (pathway ids are pseudonymous UUIDs). */
  isUuid,
} from "./graphql/ids.js";
export {
  /** The network's `Date` scalar (YYYY-MM-DD). */
  DateScalar,
  /** The network's `DateTime` scalar. */
  DateTimeScalar,
} from "./graphql/scalars.js";
export {
  /** YYYY-MM-DD, for `@Matches(ISO_DATE)`. */
  ISO_DATE,
  /** Whether a value is a YYYY-MM-DD day. */
  isIsoDate,
  /** Today, YYYY-MM-DD (UTC). */
  today,
  /** A day moved by whole months. */
  addMonths,
  /** Days from one ISO day to another (calendar, UTC). */
  daysBetween,
} from "./util/dates.js";
export {
  /** A TypeScript union of strings → a type-graphql enum object. */
  enumObject,
  /** The network's purposes, as a GraphQL enum. */
  PurposeEnum,
  /** The network's data categories, as a GraphQL enum. */
  DataCategoryEnum,
  /** The network's organisation types, as a GraphQL enum. */
  OrganisationTypeEnum,
} from "./graphql/enums.js";

// --- Inputs and writes
export {
  /** Base of a write's input about one pathway (`pathwayId`, idempotency key): the write rule reads it. */
  AboutPathwayInput,
} from "./graphql/about-pathway.input.js";
export {
  /** Base of a write's input that may be retried (`idempotencyKey`). */
  IdempotentInput,
  /** The `idempotencyKey` field, for an input that cannot extend `IdempotentInput`. */
  IdempotencyKeyField,
} from "./graphql/idempotency-input.js";
export {
  /** Runs a write once per idempotency key, in one transaction; a retry gets the stored answer. */
  idempotent,
} from "./db/idempotency.js";

// --- Lists
export {
  /** `first` / `after` arguments of a connection. */
  PageArgs,
  /** A connection's page info. */
  PageInfo,
  /** A page of nodes with its total and cursor. */
  type Connection,
  /** A connection object type for a node class. */
  ConnectionType,
  /** An opaque cursor from a row's sort values. */
  encodeCursor,
  /** The sort values of a cursor (bad input if malformed). */
  decodeCursor,
} from "./graphql/connection.js";
export {
  /** Reads one keyset-paginated page in SQL. */
  readPage,
  /** What `readPage` reads: table, filters, sort, mapping. */
  type PageSpec,
} from "./db/page.js";

// --- The store
export {
  /** The subgraph's store (PGlite or PostgreSQL): queries and transactions. */
  type Database,
  /** Anything that runs a query (the store or a transaction). */
  type Queryable,
  /** Opens a store: PostgreSQL at `url`, else PGlite in `directory`, else PGlite in memory. */
  openDatabase,
} from "./db/database.js";
export {
  /** Applies the `NNN_*.sql` files of a directory not yet applied. */
  migrate,
} from "./db/migrate.js";
export {
  /** A DataLoader of one row per key. */
  rowLoader,
  /** A DataLoader of a list of rows per key. */
  listLoader,
} from "./db/loaders.js";
export {
  /** SQL reading a JSON array column as text[]. */
  jsonTextArray,
  /** Lists as JSON parameters for `jsonTextArray`. */
  jsonLists,
} from "./db/sql.js";

// --- Indicators: its sections of the network's report, on the cohort the consent authority signs
export {
  /** One field of `IndicatorReport`: definitions and how its events are read from the store. */
  type IndicatorSection,
  /** What a section's events are read from: store, cohort, years, organisations. */
  type SectionInput,
} from "./indicators/section.js";
export {
  /** One indicator: id, kind, unit, title, how it is counted. */
  type IndicatorDefinition,
  /** One counted event: indicator, pathway, day, organisation. */
  type IndicatorEvent,
  /** The release's cohort: the pathways that count. */
  type ReportingCohort,
  /** One pathway of the cohort, with the attributes its manifest entry grants. */
  type CohortPathway,
  /** An organisation of the section (from the directory). */
  type ReportOrganisation,
  /** What a section may read of the cohort beyond ids (`indicator_cohort` in schema/supergraph.yaml). */
  type CohortAttribute,
} from "@percorsi/indicators";
export {
  /** The `IndicatorReport` type and resolvers of a subgraph's sections (add both to its schema). */
  defineIndicatorReportPart,
} from "./indicators/indicator-report.js";
export {
  /** The cohort's pathways by their intake (opening) day. */
  intakeCohort,
  /** The first row per woman (pathway), by a day. */
  firstPerWoman,
} from "@percorsi/indicators";

// --- An existing system it sits over: a declarative REST mapping, not a client
export {
  /** A REST system's entities (batch endpoint, key, fields) and writes, checked against their record types. */
  defineRestMapping,
  /** One entity of a mapping: the endpoint that batch-loads it by key, and its field map. */
  restEntity,
  /** One write of a mapping: method, path, body map. */
  restWrite,
  /** A mapping's entity, as `restEntity` makes it. */
  type RestEntity,
  /** A mapping's write, as `restWrite` makes it. */
  type RestWrite,
} from "./rest/rest-mapping.js";
export {
  /** The client of a mapped system: batched loaders per request, deadlines, outage codes, call counts. */
  RestSource,
  /** Where a mapped system answers and the key it gave the subgraph. */
  type RestEndpoint,
  /** A request's view of a mapped system: its loaders and writes. */
  type RestClient,
} from "./rest/rest-source.js";
export {
  /** A stand-in for an agency's REST system (demo and tests): its own store and API key, serving a mapping's batched reads and writes. */
  createRestStandIn,
  /** A stand-in as its own process: `<NAME>_PORT`, `<NAME>_API_KEY`. */
  runRestStandIn,
  /** What a stand-in serves: its store's migrations, seed, reads and writes. */
  type StandInSpec,
  /** A stand-in's key, store, seeding and latency. */
  type StandInOptions,
  /** A running stand-in: its store, its call counts, its latency. */
  type RestStandIn,
} from "./rest/stand-in.js";
