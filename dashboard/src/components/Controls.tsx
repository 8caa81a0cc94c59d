import { useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import type { IndicatorBreakdown } from "../gql/graphql.js";
import { GRANULARITIES, type Granularity } from "../report/granularity.model.js";
import { SECTIONS, type Section } from "../report/report.model.js";

/** What is asked of the API (on "Update"): the range and the breakdown. Every granularity is asked at once. */
export interface ReportRequest {
  from: string;
  to: string;
  breakdown: IndicatorBreakdown;
}

/** AUTO: the finest granularity where most of the section's figures are shown and reliable. */
export type GranularityChoice = Granularity | "AUTO";

const BREAKDOWNS: IndicatorBreakdown[] = ["NETWORK", "ORGANISATION_TYPE", "ORGANISATION"];

/** Range and breakdown are asked of the API; granularity and section are views of the answers. */
export function Controls(props: {
  request: ReportRequest;
  onRequest(request: ReportRequest): void;
  granularity: GranularityChoice;
  onGranularity(granularity: GranularityChoice): void;
  /** What AUTO opens on for each section (absent until the answers are in). */
  recommended: Partial<Record<Section, Granularity>>;
  section: Section;
  onSection(section: Section): void;
  wholeNetwork: boolean;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(props.request);
  const breakdowns = props.wholeNetwork ? BREAKDOWNS : (["ORGANISATION"] as IndicatorBreakdown[]);
  const auto = props.recommended[props.section];
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
        {t("controls.breakdown")}
        <select name="breakdown" value={draft.breakdown} disabled={!props.wholeNetwork} onChange={(event) => setDraft({ ...draft, breakdown: event.target.value as IndicatorBreakdown })}>
          {breakdowns.map((value) => (
            <option key={value} value={value}>{t(`breakdown.${value}`)}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="apply">{t("controls.apply")}</button>
      <label>
        {t("controls.granularity")}
        <select name="granularity" value={props.granularity} onChange={(event) => props.onGranularity(event.target.value as GranularityChoice)}>
          <option value="AUTO">{auto ? t("granularity.AUTO_IS", { granularity: t(`granularity.${auto}`) }) : t("granularity.AUTO")}</option>
          {GRANULARITIES.map((value) => (
            <option key={value} value={value}>{t(`granularity.${value}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t("controls.section")}
        <select name="section" value={props.section} onChange={(event) => props.onSection(event.target.value as Section)}>
          {SECTIONS.map((value) => (
            <option key={value} value={value}>
              {props.recommended[value] ? t("controls.sectionAt", { section: t(`section.${value}`), granularity: t(`granularity.${props.recommended[value]!}`).toLowerCase() }) : t(`section.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {!props.wholeNetwork && <p className="own-row-only">{t("controls.ownRowOnly")}</p>}
    </form>
  );
}
