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
