import { LONGEST_FOLLOW_UP_MONTHS, RELEASE_COVERAGE_YEARS, REVISION_DELAY_MONTHS, type IndicatorSection } from "@percorsi/kit";
import { readNetwork } from "@percorsi/schema/network";

// docs/indicators.md's "Releases" and "What each subgraph learns": from the schedule's constants
// and the manifest's `indicator_cohort` entries, so the page says what the code does.

const ATTRIBUTE_WORDS: Record<string, string> = {
  openedOn: "the day her pathway opened (outcomes by intake)",
  planSignedOn: "the day her plan was signed",
  referralsSentOn: "the day each referral to one of its organisations was sent",
};

export function releaseLines(network: { subgraph: string; sections: IndicatorSection[] }[], authority = "anti-violence"): string[] {
  const lines = [
    "## Releases",
    "",
    "The control room and the operators read **releases**, never live figures. `Query.indicators`",
    "reads the current release unless `release` (and `version`) name another; `Query.indicatorReleases`",
    "lists them. Every read is audited where the data lives, naming the release.",
    "",
    "- **Schedule.** The consent authority checks every minute (`INDICATOR_RELEASE_CHECK_SECONDS`)",
    "  whether a release is due: on the first day of a month, the release of the month that closed",
    '  (id `"2026-11"`, cut-off its last day). It computes its own sections, sends every other',
    "  subgraph its part of the cohort, page by page, each page signed for that subgraph; the subgraph",
    "  computes its sections on the last page and stores the cells in its own store; once every part",
    "  is stored the release is published everywhere (a draft until then, readable by the control",
    "  room's analysts only). A part that fails (a subgraph down) leaves the draft, retried at the next",
    "  check; the last published release is served meanwhile.",
    "- **The release endpoint** (`POST /indicator-releases` on each subgraph, outside the graph) takes",
    "  each message of the consent authority once: every page and publication carries a unique id",
    "  (`jti`), kept in the subgraph's store (`indicator_release_messages`, a kit migration) until the",
    "  message expires, minutes after it is signed. A retry is signed afresh, page 0 first, so a",
    "  retried release completes. Refusals, each `{ error, code }` and storing nothing: 403",
    "  `RELEASE_MESSAGE_REJECTED` (not signed by the consent authority, for another subgraph, expired",
    "  or malformed); 409 `RELEASE_MESSAGE_REPLAYED` (a message already taken: a replayed page of a",
    "  draft would restart it; of two identical messages sent at once, one is taken); 409",
    "  `RELEASE_PART_REFUSED` (a new page for a release already published here, or a sequence number",
    "  that is another release's); 409 `RELEASE_NOT_COMPUTED` (a publication of a release not",
    "  computed here); 413 `PAYLOAD_TOO_LARGE`.",
    `- **Coverage.** A release covers the calendar year of its cut-off and the ${RELEASE_COVERAGE_YEARS - 1} before. Only`,
    "  closed periods are published: a month once it has ended, a quarter or a year once its last",
    "  month has. An outcome by intake is published once its follow-up has closed for every woman of",
    "  the intake period (`FOLLOW_UP_OPEN` until then).",
    "- **Frozen.** A published cell never changes: a later release adds the periods that closed since",
    "  (and outcomes whose follow-up closed), and copies nothing it recomputed over a published cell",
    "  of the same key epoch. Two reads of one release give the same answer, whatever happened between them.",
    `- **Revision.** Each calendar year is revised once, ${REVISION_DELAY_MONTHS} months after it closes: version 2 of its`,
    "  December release recomputes every cell of the year with the records entered late and the",
    "  withdrawals of reporting consent since, in a new key epoch (new noise for every cell). Reports",
    "  read the revised figures from then on; the first version stays readable by its id and version.",
    "- **Withdrawal.** A woman who withdraws her reporting consent is left out of every cell computed",
    "  after it: the periods that close from the next release on, and her years' revisions. Cells",
    "  already published stay as they were until the revision, so no comparison of two releases shows",
    "  which cells held her: the next release's new cells were never published with her, and the",
    "  revision changes every cell.",
    `- **Years computed.** The first release of a network computes its whole coverage; each later one the`,
    `  years whose outcome follow-ups may still close (${LONGEST_FOLLOW_UP_MONTHS} months back); a revision its year.`,
    "",
    "## What each subgraph learns",
    "",
    "The cohort is never one message: the consent authority sends each subgraph pages of at most",
    "2,000 women, signed for it alone (audience), carrying only what its manifest entry",
    "(`indicator_cohort` in `schema/supergraph.yaml`) grants; a subgraph whose sections read more",
    "refuses the release. Each woman's record key is sent for each year the release computes",
    "(one epoch a year). The cohort is deleted from the subgraph's store once its part is computed;",
    "only aggregate cells are kept.",
    "",
    "| subgraph | which women | what of each |",
    "|---|---|---|",
    `| ${authority} (consent authority) | every woman who agreed to count, opened by the cut-off and not closed ${LONGEST_FOLLOW_UP_MONTHS} months before the first year computed | its own records (it holds them) |`,
  ];
  for (const subgraph of readNetwork()) {
    if (subgraph.name === authority || !network.some((n) => n.subgraph === subgraph.name)) continue;
    const grant = subgraph.indicatorCohort;
    if (!grant) {
      lines.push(`| ${subgraph.name} | none: no \`indicator_cohort\` entry (its sections cannot compute) | |`);
      continue;
    }
    const what = ["her pseudonymous pathway id", "her record key per year computed", ...grant.attributes.map((a) => ATTRIBUTE_WORDS[a] ?? a)];
    lines.push(
      `| ${subgraph.name} | those of them one of its organisations (${grant.organisationTypes.join(", ")}) is involved with: a referral to it, or a consent naming it or its type | ${what.join("; ")} |`,
    );
  }
  lines.push("", "Every subgraph also receives the organisation directory (ids, types, operators: no one's data) and the network's threshold.", "");
  return lines;
}
