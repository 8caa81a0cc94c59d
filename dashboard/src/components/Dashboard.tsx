import { useEffect, useState } from "react";
import { execute, type GraphQLErrorShape } from "../api/client.js";
import { readsWholeNetwork, type Session } from "../auth/session.js";
import type { DashboardConfig } from "../config.js";
import { IndicatorReportDocument, OrganisationsDocument } from "../gql/graphql.js";
import { useI18n } from "../i18n/i18n.js";
import type { Directory } from "../report/format.js";
import { sectionOf, type Report, type Section } from "../report/report.model.js";
import { Controls, type ReportRequest } from "./Controls.js";
import { IndicatorCard } from "./IndicatorCard.js";

/** The last full calendar year: the default report. */
export function defaultRequest(today = new Date(), wholeNetwork = true): ReportRequest {
  const year = today.getUTCFullYear() - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31`, granularity: "MONTH", breakdown: wholeNetwork ? "NETWORK" : "ORGANISATION" };
}

type State = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; report: Report; errors: GraphQLErrorShape[] };

export function Dashboard({ config, session, onUnauthenticated }: { config: DashboardConfig; session: Session; onUnauthenticated(): void }) {
  const { t } = useI18n();
  const wholeNetwork = readsWholeNetwork(session, config.networkReaders);
  const [request, setRequest] = useState<ReportRequest>(() => defaultRequest(new Date(), wholeNetwork));
  const [section, setSection] = useState<Section>("intake");
  const [state, setState] = useState<State>({ status: "loading" });
  const [directory, setDirectory] = useState<Directory>({});
  const client = { graphqlUrl: config.graphqlUrl, token: session.token };

  useEffect(() => {
    // Names for the ORGANISATION breakdown; without them the ids are shown.
    execute(OrganisationsDocument, {}, client).then(
      (result) =>
        // An organisation whose name did not come back (directory down) is shown by its id.
        setDirectory(Object.fromEntries((result.data?.organisations ?? []).flatMap((o) => (o.name && o.type ? [[o.id, { name: o.name, type: o.type }]] : [])))),
      () => undefined,
    );
  }, [session.token]);

  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    execute(IndicatorReportDocument, request, client).then(
      (result) => {
        if (!current) return;
        if (result.status === 401 || result.errors?.some((error) => error.extensions?.code === "UNAUTHENTICATED")) return onUnauthenticated();
        const report = result.data?.indicators;
        if (!report) {
          const error = result.errors?.[0];
          return setState({ status: "error", message: error ? `${error.extensions?.code ?? ""} ${error.message}`.trim() : `HTTP ${result.status}` });
        }
        setState({ status: "ready", report, errors: result.errors ?? [] });
      },
      (cause: Error) => current && setState({ status: "error", message: cause.message }),
    );
    return () => {
      current = false;
    };
  }, [request, session.token]);

  return (
    <main className="dashboard">
      <Controls request={request} onRequest={setRequest} section={section} onSection={setSection} wholeNetwork={wholeNetwork} />
      {state.status === "loading" && <p className="loading" aria-live="polite">{t("app.loading")}</p>}
      {state.status === "error" && <p role="alert" className="error">{t("report.error", { message: state.message })}</p>}
      {state.status === "ready" && <SectionView report={state.report} errors={state.errors} section={section} directory={directory} />}
    </main>
  );
}

function SectionView({ report, errors, section, directory }: { report: Report; errors: GraphQLErrorShape[]; section: Section; directory: Directory }) {
  const { t } = useI18n();
  const indicators = sectionOf(report, section);
  const sectionError = errors.find((error) => error.path?.[1] === section);
  return (
    <section className="report" data-section={section} aria-labelledby="section-title">
      <h2 id="section-title">{t(`section.${section}`)}</h2>
      <p className="report-meta">
        {t("report.range", { from: report.from, to: report.to })} · {t("report.threshold", { threshold: report.threshold })}
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
