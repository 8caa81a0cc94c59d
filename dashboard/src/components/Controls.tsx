import { useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import type { IndicatorBreakdown, IndicatorGranularity } from "../gql/graphql.js";
import { SECTIONS, type Section } from "../report/report.model.js";

export interface ReportRequest {
  from: string;
  to: string;
  granularity: IndicatorGranularity;
  breakdown: IndicatorBreakdown;
}

const GRANULARITIES: IndicatorGranularity[] = ["MONTH", "QUARTER", "YEAR"];
const BREAKDOWNS: IndicatorBreakdown[] = ["NETWORK", "ORGANISATION_TYPE", "ORGANISATION"];

/** Range, granularity and breakdown are asked of the API (on "Update"); the section is a view. */
export function Controls(props: {
  request: ReportRequest;
  onRequest(request: ReportRequest): void;
  section: Section;
  onSection(section: Section): void;
  wholeNetwork: boolean;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(props.request);
  const breakdowns = props.wholeNetwork ? BREAKDOWNS : (["ORGANISATION"] as IndicatorBreakdown[]);
  return (
    <form
      className="controls"
      onSubmit={(event) => {
        event.preventDefault();
        props.onRequest(draft);
      }}
    >
      <label>
        {t("controls.from")}
        <input type="date" name="from" required value={draft.from} max={draft.to} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
      </label>
      <label>
        {t("controls.to")}
        <input type="date" name="to" required value={draft.to} min={draft.from} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
      </label>
      <label>
        {t("controls.granularity")}
        <select name="granularity" value={draft.granularity} onChange={(event) => setDraft({ ...draft, granularity: event.target.value as IndicatorGranularity })}>
          {GRANULARITIES.map((value) => (
            <option key={value} value={value}>{t(`granularity.${value}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t("controls.breakdown")}
        <select name="breakdown" value={draft.breakdown} disabled={!props.wholeNetwork} onChange={(event) => setDraft({ ...draft, breakdown: event.target.value as IndicatorBreakdown })}>
          {breakdowns.map((value) => (
            <option key={value} value={value}>{t(`breakdown.${value}`)}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="apply">{t("controls.apply")}</button>
      <label>
        {t("controls.section")}
        <select name="section" value={props.section} onChange={(event) => props.onSection(event.target.value as Section)}>
          {SECTIONS.map((value) => (
            <option key={value} value={value}>{t(`section.${value}`)}</option>
          ))}
        </select>
      </label>
      {!props.wholeNetwork && <p className="own-row-only">{t("controls.ownRowOnly")}</p>}
    </form>
  );
}
