/**
 * `@percorsi/kit/authority`: what only the network's consent authority uses (the subgraph with
 * `consent_authority: true` in schema/supergraph.yaml): her consents and their receipts, the
 * pathways it opens, the indicator release runner and the record keys, her access report. A
 * subgraph author needs none of it (`@percorsi/kit/author`).
 */
import "reflect-metadata";

// --- Her consents, and the receipts the gateway carries to the other subgraphs
export {
  /** Her consent as recorded: provisions that permit or deny. */
  type ConsentRecord,
  /** One provision of a consent: to whom, which categories, for which purposes, until when. */
  type ConsentProvision,
  /** `PERMIT` or `DENY`. */
  type ProvisionType,
  /** Who asks (organisation, type, purpose). */
  type Requester,
  /** What her consents release to a requester. */
  type ConsentView,
  /** Her consents, evaluated for one requester. */
  evaluateConsents,
} from "./consent/provisions.js";
export {
  /** The key name the authority signs receipts with (under `PERCORSI_DATA_DIR` in development). */
  CONSENT_AUTHORITY_KEY_NAME,
  /** The `iss` of every consent receipt. */
  CONSENT_RECEIPT_ISSUER,
  /** What a receipt says: her standing and her consent view, for one request and pathway. */
  type ConsentReceipt,
  /** Signs a receipt for one actor's request about one pathway. */
  signConsentReceipt,
  /** Verifies a receipt (issuer, key, actor, pathway); throws `ReceiptRejected`. */
  verifyConsentReceipt,
  /** A receipt that does not verify. */
  ReceiptRejected,
} from "./consent/receipt.js";
export {
  /** The network's standing of a pathway (holder, sealed, referrals). */
  type PathwayStanding,
  /** Whether the caller may know the pathway exists. */
  pathwayVisible,
  /** Whether a referral's purpose serves the caller's declared purpose. */
  servesReferralPurpose,
} from "./access/decide.js";

// --- Keys
export {
  /** A named signing key (development: created on first use under `PERCORSI_DATA_DIR`). */
  loadSigningKey,
  /** The public key of a named signer. */
  loadVerificationKey,
  /** Loads a key when first needed, then keeps it. */
  keyOnFirstUse,
  /** A private key and its key id. */
  type SigningKey,
} from "./trust/keys.js";

// --- Writes that open a pathway, decided on its own data
export {
  /** The write policy of a mutation that creates a pathway (audited in its own transaction). */
  opensPathway,
  /** Audits a write decision inside the transaction that makes it. */
  auditWriteWithin,
  /** Writes the request's pending audit entries before answering. */
  auditAhead,
} from "./permissions/rules.js";

// --- The indicator release runner
export {
  /** Plans the next release from the stored ones and today (null: nothing due). */
  planRelease,
  /** A release to run: id, version, cut-off, years. */
  type PlannedRelease,
  /** A release as stored, for planning the next. */
  type ReleaseRecord,
  /** How many calendar years a release covers. */
  RELEASE_COVERAGE_YEARS,
  /** The longest follow-up an indicator waits for. */
  LONGEST_FOLLOW_UP_MONTHS,
  /** How long after a cut-off a year is revised. */
  REVISION_DELAY_MONTHS,
} from "@percorsi/indicators";
export {
  /** Signs one page of a release's cohort for one subgraph. */
  signReleasePart,
  /** Signs a release's publication for one subgraph. */
  signReleasePublication,
  /** Verifies a release message (what a subgraph's `/indicator-releases` does). */
  verifyReleaseMessage,
  /** One pathway of a release cohort, with only what the subgraph's manifest entry grants. */
  type ReleaseCohortPathway,
  /** One page of a release's cohort, as sent to a subgraph. */
  type ReleasePartPage,
} from "./indicators/releases/release-messages.js";
export {
  /** Computes and stores the authority's own part of a release. */
  computeReleasePart,
} from "./indicators/releases/release-part.js";
export {
  /** Marks a stored release published. */
  publishStoredRelease,
  /** The releases in a store. */
  storedReleases,
  /** A stored release. */
  type StoredRelease,
} from "./indicators/releases/release-store.js";
export {
  /** The record keys of pathways (keyed pseudorandom numbers that drive cell perturbation). */
  recordKeysFor,
  /** The epoch the record keys are derived under. */
  indicatorKeyEpoch,
} from "./indicators/record-keys.js";

// --- Her access report (the authority answers it; each subgraph adds its part)
export {
  /** Her access events, a page at a time. */
  readAccessEvents,
  /** Refusals about her, summarised by organisation. */
  readRefusalSummary,
  /** One access event of her report. */
  AccessEvent,
  /** Refusals of one organisation, summarised. */
  AccessRefusalSummary,
  /** Refuses a reader who may read no access report of hers. */
  refuseReportReader,
  /** Whether the caller may read her access report. */
  reportReadDecision,
  /** Who reads the report: the staff's view or hers (staff identities withheld). */
  type AccessReportView,
  /** `AccessReportView` as a GraphQL enum. */
  AccessReportViewEnum,
  /** Page size of a report part: its default and maximum. */
  ACCESS_REPORT_PAGE,
  /** The descriptions of the paging arguments every part of the report takes. */
  PAGE_ARGUMENT_DESCRIPTIONS,
} from "./audit/access-report.js";

// --- The network's indicator report (the authority answers `Query.indicators`; each subgraph adds its sections)
export {
  /** The report a request asks for (`IndicatorReport`'s key), its range widened to whole periods; bad input otherwise. */
  reportKey,
  /** What identifies a report: release, range, granularity, breakdown. */
  type ReportKey,
  /** How a report read is named in the audit log (no one's data). */
  describeReport,
  /** Who reads which rows of the report, by the roles' `readsIndicators` and the MONITORING purpose. */
  decideIndicatorRead,
  /** The deployment's threshold (`INDICATOR_THRESHOLD`, 10 by default). */
  indicatorThreshold,
} from "./indicators/report.js";
export {
  /** The field resolvers of the authority's own sections on `IndicatorReport`. */
  indicatorSectionResolvers,
} from "./indicators/indicator-report.js";
export {
  /** `Granularity` as a GraphQL enum. */
  GranularityEnum,
  /** `Breakdown` as a GraphQL enum. */
  BreakdownEnum,
} from "./indicators/indicator.type.js";
export {
  /** MONTH, QUARTER or YEAR. */
  type Granularity,
  /** NETWORK, ORGANISATION or ORGANISATION_TYPE. */
  type Breakdown,
  /** The periods of a granularity that meet a range. */
  periodsIn,
} from "@percorsi/indicators";
export {
  /** No published release answers the request (`RELEASE_NOT_AVAILABLE`). */
  releaseNotAvailable,
} from "./graphql/errors.js";

// --- Her pathway's own writes and the sealing decoys
export {
  /** Records a write decided in a resolver on the authority's own data (a refusal at once, an allowed write in its transaction). */
  auditWriteDecision,
} from "./permissions/rules.js";
export {
  /** The store behind a request's view of it (what is kept per store, such as the decoys' clock). */
  storeOf,
} from "./db/database.js";
