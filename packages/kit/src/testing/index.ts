/** `@percorsi/kit/testing`: what a subgraph's tests, and the network's conformance suite, use. */
export {
  /** The stores a test runs on: PGlite, and PostgreSQL too when `TEST_DATABASE_URL` is set. */
  testBackends,
  /** One store a test runs on: its name and how to open (and drop) it. */
  type TestBackend,
  /** The number of rows of a table. */
  countRows,
  /** The SQLSTATE a failing statement ends with. */
  sqlState,
} from "./databases.js";
export {
  /** An actor of an organisation type, with roles and a purpose. */
  testActor,
  /** The headers the gateway sends: a bound assertion signed with the development gateway key, receipts. */
  assertionHeaders,
  /** A consent receipt as the consent authority would mint it (development key). */
  testReceipt,
  /** POSTs an operation to a subgraph as the gateway would. */
  postAsGateway,
} from "./actors.js";
export {
  /** POSTs a GraphQL operation over real HTTP. */
  postGraphQL,
  /** The error at a path of a response, if any. */
  errorAt,
  /** A GraphQL response as JSON. */
  type GraphQLResponse,
} from "./http.js";
export {
  /** Runs the network's conformance checks against a running subgraph over HTTP. */
  runConformance,
  /** The subgraph checked: name, URL, how its SDL composes with the network. */
  type ConformanceTarget,
  /** One check: its name, passed, what it found. */
  type ConformanceResult,
} from "./conformance.js";
export {
  /** Starts the existing systems (manifest `services:`) a network's subgraphs sit over, in-process. */
  startServices,
  /** The services started: where each answers, and how to stop them. */
  type RunningServices,
} from "./services.js";
export {
  /** A running stand-in of an agency's system, as `services.instances` holds it: its store, its call counts, its latency. */
  type RestStandIn,
} from "../rest/stand-in.js";
export {
  /** Starts a subgraph from its factory for a test (store, services, a free port) and returns its tester. */
  startSubgraphTest,
  /** The tester: plays the gateway (`as(...).query/write/headers`) and the planner (`entities`); `audit`, `count`, `db`, `url`, `stop`. */
  type SubgraphTester,
  /** Requests of one caller as the gateway sends them: `query`, `write` (her receipt for the pathway it names), `headers`. */
  type TestSession,
  /** Where the tested subgraph's store comes from, its purpose, who holds pathways, the services it uses. */
  type SubgraphTestOptions,
  /** The factory a manifest's `server:` names: `(options) => Promise<Subgraph>`. */
  type SubgraphFactory,
  /** A response with the actor it was sent as (`response.actor`). */
  type TestResponse,
  /** Receipts and extra headers sent with one request. */
  type SendOptions,
  /** A caller: organisation, its type, roles, purpose (undefined: the harness's), user. */
  type Caller,
  /** One actor (fresh request id) for a caller. */
  callerActor,
  /** What the consent authority says of a pathway to an actor (the options of `testReceipt`). */
  type ReceiptOptions,
  /** A pathway's standing for a receipt minted per request (holder optional), or a raw receipt string. */
  type Standing,
  /** Receipt options for pathways: one for all, one per pathway, or `null` for none. */
  type ReceiptsFor,
  /** The standing of an accepted, open referral to the caller for a purpose. */
  referred,
  /** `Pathway` representations as the planner sends them, with receipts minted for an actor. */
  representations,
  /** The planner's `_entities` operation on `Pathway` with a selection. */
  entitiesQuery,
  /** The `extensions.code` of each error of a response. */
  codes,
  /** The code and denial reason of an error. */
  denial,
  /** The code, reason and field of the error at a path. */
  refusalAt,
  /** The ISO day some days from today (UTC). */
  daysFromToday,
  /** One audit entry (action, pathway, category, decision, reason, basis). */
  type AuditRow,
} from "./subgraph-harness.js";
export {
  /** The header the gateway's actor assertion travels in: for tests that forge, replay or re-sign it. */
  ACTOR_ASSERTION_HEADER,
  /** The header the consent receipts of a write travel in. */
  CONSENT_RECEIPTS_HEADER,
  /** The name of the gateway's signing key (its development key file, its `GATEWAY_*_JWK`). */
  GATEWAY_KEY_NAME,
  /** Signs an actor assertion as the gateway does, bound to one request. */
  signActorAssertion,
} from "../trust/actor-assertion.js";
export {
  /** The development public key of a key name, as a JWK (what a subgraph is configured with). */
  devPublicJwk,
} from "../trust/keys.js";
export {
  /** The header carrying the deadline the gateway announces to a subgraph (milliseconds left). */
  DEADLINE_HEADER,
} from "../context.js";
export {
  /** The kit's own migrations: a test that migrates a store by hand applies them first, as `createSubgraph` does. */
  KIT_MIGRATIONS_DIRECTORY,
  /** The table that records which of the kit's migrations a store has applied. */
  KIT_MIGRATIONS_TABLE,
  /** Appends entries to a store's audit log (a test's fixture of past decisions). */
  appendAuditEntries,
  /** One audit-log entry as appended. */
  type AuditEntry,
  /** The SQL round trips one audit write costs (batching tests count them out). */
  AUDIT_WRITE_ROUND_TRIPS,
} from "../audit/audit-log.js";
export {
  /** The migrations of a directory, in order (a test compares what was applied). */
  readMigrations,
} from "../db/migrate.js";
