import { useEffect, useMemo, useState } from "react";
import { execute, type ClientOptions } from "../api/client.js";
import { ImpactOverviewDocument, type ImpactOverviewQuery } from "../gql/graphql.js";
import { useI18n, type I18n } from "../i18n/i18n.js";
import { periodLabel } from "../report/format.js";
import { funnelChartOption } from "../report/funnel-chart-option.js";
import { FUNNEL_STEPS, funnelOf, headlines, OUTCOME_SECTIONS, overviewRange, STARTED, type Cohort, type FunnelStep } from "../report/funnel.model.js";
import { releaseVariables, type ReleaseChoice } from "../report/release.model.js";
import { EChart } from "./EChart.js";
import { ReleaseRead } from "./ReleaseRead.js";

type OverviewReport = NonNullable<ImpactOverviewQuery["indicators"]>;
type CohortGranularity = "YEAR" | "QUARTER";

type State = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; report: OverviewReport; unavailable: string[] };

function percent(i18n: I18n, share: number): string {
  return new Intl.NumberFormat(i18n.locale, { style: "percent", maximumFractionDigits: 1 }).format(share);
}

function figure(i18n: I18n, step: FunnelStep): string {
  const count = new Intl.NumberFormat(i18n.locale).format(step.value ?? 0);
  return step.share === null || step.id === STARTED ? count : `${count} · ${percent(i18n, step.share)}`;
}

/**
 * The protocol's impact: the funnel by intake cohort, from the published (perturbed) counts.
 * The analyst reads the network's row; an organisation's operator her own organisation's.
 */
export function Overview({ client, release, wholeNetwork, organisationId, onUnauthenticated }: { client: ClientOptions; release: ReleaseChoice; wholeNetwork: boolean; organisationId: string; onUnauthenticated(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [granularity, setGranularity] = useState<CohortGranularity>("YEAR");
  const [state, setState] = useState<State>({ status: "loading" });
  const group = wholeNetwork ? "NETWORK" : organisationId;

  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    const variables = { ...overviewRange(), granularity, breakdown: wholeNetwork ? ("NETWORK" as const) : ("ORGANISATION" as const), ...releaseVariables(release) };
    execute(ImpactOverviewDocument, variables, client).then(
      (result) => {
        if (!current) return;
        if (result.status === 401 || result.errors?.some((error) => error.extensions?.code === "UNAUTHENTICATED")) return onUnauthenticated();
        const report = result.data?.indicators;
        if (!report) {
          const error = result.errors?.[0];
          return setState({ status: "error", message: error ? `${error.extensions?.code ?? ""} ${error.message}`.trim() : `HTTP ${result.status}` });
        }
        // A section that could not be read (its subgraph down, refused) costs only its own steps.
        const unavailable = OUTCOME_SECTIONS.filter((section) => !report[section]).map((section) => {
          const code = result.errors?.find((error) => error.path?.[1] === section)?.extensions?.code;
          return `${t(`section.${section}`)}${code ? ` (${code})` : ""}`;
        });
        setState({ status: "ready", report, unavailable });
      },
      (cause: Error) => current && setState({ status: "error", message: cause.message }),
    );
    return () => {
      current = false;
    };
  }, [granularity, client, wholeNetwork, release]);

  const cohorts = useMemo(() => (state.status === "ready" ? funnelOf(state.report, group) : []), [state, group]);

  return (
    <section className="overview" aria-labelledby="overview-title" data-granularity={granularity}>
      <div className="overview-header">
        <h2 id="overview-title">{t("overview.title")}</h2>
        <label>
          {t("overview.cohortBy")}{" "}
          <select name="cohort-granularity" value={granularity} onChange={(event) => setGranularity(event.target.value as CohortGranularity)}>
            <option value="YEAR">{t("overview.byYear")}</option>
            <option value="QUARTER">{t("overview.byQuarter")}</option>
          </select>
        </label>
      </div>
      <p className="overview-intro">{t("overview.intro")}</p>
      <p className="noise-note">{t("overview.noise")}</p>
      {!wholeNetwork && <p className="own-row-only">{t("overview.ownRow")}</p>}
      {state.status === "loading" && <p className="loading" aria-live="polite">{t("app.loading")}</p>}
      {state.status === "error" && <p role="alert" className="error">{t("report.error", { message: state.message })}</p>}
      {state.status === "ready" && (
        <>
          <ReleaseRead release={state.report.releaseInfo} />
          {state.unavailable.length > 0 && <p role="alert" className="error section-unavailable">{t("overview.unavailable", { sections: state.unavailable.join(", ") })}</p>}
          <Headlines cohorts={cohorts} />
          <div className="funnels">
            {cohorts.map((cohort) => (
              <CohortFunnel key={cohort.period} cohort={cohort} />
            ))}
          </div>
          <FunnelTable cohorts={cohorts} />
        </>
      )}
    </section>
  );
}

function Headlines({ cohorts }: { cohorts: Cohort[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <ul className="headlines">
      {headlines(cohorts).map(({ step, cohort, started }) => (
        <li key={step.id} className="headline" data-step={step.id} data-cohort={cohort} data-value={step.value ?? ""}>
          <span className="headline-figure">{step.id === STARTED || step.share === null ? new Intl.NumberFormat(i18n.locale).format(step.value!) : percent(i18n, step.share)}</span>
          <span className="headline-label">{t(`step.${step.id}`)}</span>
          <small>
            {step.id === STARTED
              ? t("overview.headlineStarted", { cohort: periodLabel(i18n, cohort) })
              : t("overview.headlineOf", { value: new Intl.NumberFormat(i18n.locale).format(step.value!), started: started === null ? "—" : new Intl.NumberFormat(i18n.locale).format(started), cohort: periodLabel(i18n, cohort) })}
          </small>
        </li>
      ))}
    </ul>
  );
}

function CohortFunnel({ cohort }: { cohort: Cohort }) {
  const i18n = useI18n();
  const { t } = i18n;
  const title = t("overview.cohortTitle", { cohort: periodLabel(i18n, cohort.period) });
  const option = useMemo(
    () =>
      funnelChartOption(cohort, {
        step: (id) => t(`step.${id}`),
        figure: (step) => figure(i18n, step),
        open: t("step.open"),
        unavailable: t("step.unavailable"),
      }),
    [cohort, i18n, t],
  );
  return (
    <article className="funnel" data-cohort={cohort.period} aria-label={title}>
      <h3>{title}</h3>
      <p className="funnel-started">
        {cohort.started !== null
          ? t("overview.started", { started: new Intl.NumberFormat(i18n.locale).format(cohort.started) })
          : cohort.steps[0]!.state === "open"
            ? t("overview.stillOpen")
            : t("step.unavailable")}
      </p>
      <EChart option={option} label={title} height={420} />
    </article>
  );
}

/** Step × cohort: what the charts draw, as text; every cell keeps its raw figure in data attributes. */
function FunnelTable({ cohorts }: { cohorts: Cohort[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="table-wrap">
      <table className="funnel-table">
        <caption>{t("overview.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("overview.step")}</th>
            {cohorts.map((cohort) => (
              <th scope="col" key={cohort.period} data-cohort={cohort.period}>{periodLabel(i18n, cohort.period)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {FUNNEL_STEPS.map((id, index) => (
            <tr key={id} data-step={id}>
              <th scope="row">{t(`step.${id}`)}</th>
              {cohorts.map((cohort) => {
                const step = cohort.steps[index]!;
                return (
                  <td
                    key={cohort.period}
                    className={`cell ${step.state}`}
                    data-cohort={cohort.period}
                    data-step={id}
                    data-state={step.state}
                    data-value={step.value ?? ""}
                    data-share={step.share ?? ""}
                    title={step.state === "open" ? t("step.openWhy") : undefined}
                  >
                    {step.state === "measured" ? figure(i18n, step) : step.state === "open" ? t("step.open") : t("step.unavailable")}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
