import { useEffect, useMemo, useState } from "react";
import { execute, type ClientOptions, type GraphQLErrorShape } from "../api/client.js";
import { IndicatorReportDocument } from "../gql/graphql.js";
import { useI18n } from "../i18n/i18n.js";
import type { Directory } from "../report/format.js";
import { chooseGranularity, GRANULARITIES, type Granularity } from "../report/granularity.model.js";
import { sectionOf, sectionStats, SECTIONS, type Report, type Section } from "../report/report.model.js";
import { Controls, type GranularityChoice, type ReportRequest } from "./Controls.js";
import { GranularityNote } from "./GranularityNote.js";
import { IndicatorCard } from "./IndicatorCard.js";
import { ReleaseRead } from "./ReleaseRead.js";
import { releaseVariables, type ReleaseChoice } from "../report/release.model.js";

/** The last full calendar year: the default report. */
export function defaultRequest(today = new Date(), wholeNetwork = true): ReportRequest {
  const year = today.getUTCFullYear() - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31`, breakdown: wholeNetwork ? "NETWORK" : "ORGANISATION" };
}

type Answer = { report: Report; errors: GraphQLErrorShape[] } | { error: string };
type State = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; answers: Record<Granularity, Answer> };

const messageOf = (errors: GraphQLErrorShape[] | undefined, status: number) => {
  const error = errors?.[0];
  return error ? `${error.extensions?.code ?? ""} ${error.message}`.trim() : `HTTP ${status}`;
};

type Asked = { result: { status: number; errors?: GraphQLErrorShape[] }; report: Report | null };

/** The report at each granularity, one after the other: three large reports at once can time a subgraph out. */
async function askEveryGranularity(request: ReportRequest, release: ReleaseChoice, client: ClientOptions): Promise<Asked[]> {
  const results: Asked[] = [];
  for (const granularity of GRANULARITIES) {
    try {
      const result = await execute(IndicatorReportDocument, { ...request, granularity, ...releaseVariables(release) }, client);
      results.push({ result, report: result.data?.indicators ?? null });
    } catch (cause) {
      results.push({ result: { status: 0, errors: [{ message: (cause as Error).message }] }, report: null });
    }
  }
  return results;
}

/**
 * The indicators over time. One range and breakdown is asked at every granularity at once (three
 * persisted requests): the view then opens, section by section, on the finest granularity whose
 * figures are mostly shown and reliable, and switching granularity asks nothing more.
 */
export function PeriodView({ client, release, wholeNetwork, directory, onUnauthenticated }: { client: ClientOptions; release: ReleaseChoice; wholeNetwork: boolean; directory: Directory; onUnauthenticated(): void }) {
  const { t } = useI18n();
  const [request, setRequest] = useState<ReportRequest>(() => defaultRequest(new Date(), wholeNetwork));
  const [granularity, setGranularity] = useState<GranularityChoice>("AUTO");
  const [section, setSection] = useState<Section>("intake");
  const [state, setState] = useState<State>({ status: "loading" });

  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    askEveryGranularity(request, release, client).then((results) => {
      if (!current) return;
      if (results.some(({ result }) => result.status === 401 || result.errors?.some((error) => error.extensions?.code === "UNAUTHENTICATED"))) return onUnauthenticated();
      const answers = Object.fromEntries(
        results.map(({ result, report }, index) => [GRANULARITIES[index]!, report ? { report, errors: result.errors ?? [] } : { error: messageOf(result.errors, result.status) }]),
      ) as Record<Granularity, Answer>;
      // Only when no granularity could be read is the whole report unavailable.
      if (results.every(({ report }) => !report)) return setState({ status: "error", message: (answers.YEAR as { error: string }).error });
      setState({ status: "ready", answers });
    });
    return () => {
      current = false;
    };
  }, [request, release, client.token]);

  const reports = useMemo(() => {
    if (state.status !== "ready") return {};
    return Object.fromEntries(GRANULARITIES.flatMap((g) => ("report" in state.answers[g] ? [[g, (state.answers[g] as { report: Report }).report]] : []))) as Partial<Record<Granularity, Report>>;
  }, [state]);
  const recommended = useMemo(
    (): Partial<Record<Section, Granularity>> => (state.status === "ready" ? (Object.fromEntries(SECTIONS.map((s) => [s, chooseGranularity(sectionStats(reports, s))])) as Record<Section, Granularity>) : {}),
    [reports, state.status],
  );

  let body = null;
  if (state.status === "ready") {
    const stats = sectionStats(reports, section);
    const auto = recommended[section] ?? "YEAR";
    const shown = granularity === "AUTO" ? auto : granularity;
    const answer = state.answers[shown];
    const unavailable = Object.fromEntries(GRANULARITIES.flatMap((g) => ("error" in state.answers[g] ? [[g, (state.answers[g] as { error: string }).error.split(" ")[0]]] : [])));
    body = (
      <>
        <GranularityNote stats={stats} recommended={auto} shown={shown} unavailable={unavailable} />
        {"report" in answer ? (
          <SectionView report={answer.report} errors={answer.errors} section={section} directory={directory} />
        ) : (
          <p role="alert" className="error">{t("report.error", { message: answer.error })}</p>
        )}
      </>
    );
  }

  return (
    <>
      <Controls
        request={request}
        onRequest={setRequest}
        granularity={granularity}
        onGranularity={setGranularity}
        recommended={recommended}
        section={section}
        onSection={setSection}
        wholeNetwork={wholeNetwork}
      />
      {state.status === "loading" && <p className="loading" aria-live="polite">{t("app.loading")}</p>}
      {state.status === "error" && <p role="alert" className="error">{t("report.error", { message: state.message })}</p>}
      {body}
    </>
  );
}

function SectionView({ report, errors, section, directory }: { report: Report; errors: GraphQLErrorShape[]; section: Section; directory: Directory }) {
  const { t } = useI18n();
  const indicators = sectionOf(report, section);
  const sectionError = errors.find((error) => error.path?.[1] === section);
  return (
    <section className="report" data-section={section} data-granularity={report.granularity} aria-labelledby="section-title">
      <h2 id="section-title">{t(`section.${section}`)}</h2>
      <ReleaseRead release={report.releaseInfo} />
      <p className="report-meta">
        {t("report.range", { from: report.from, to: report.to })} · {t(`granularity.${report.granularity}`)} · {t("report.threshold", { threshold: report.threshold })}
      </p>
      {indicators === null ? (
        <p role="alert" className="error section-unavailable">{t("section.unavailable", { code: sectionError?.extensions?.code ?? "—" })}</p>
      ) : indicators.length === 0 ? (
        <p>{t("section.empty")}</p>
      ) : (
        indicators.map((indicator) => <IndicatorCard key={indicator.id} report={report} indicator={indicator} directory={directory} />)
      )}
    </section>
  );
}
