import { useI18n } from "../i18n/i18n.js";
import { finerThan, GRANULARITIES, type Granularity, type StatsByGranularity } from "../report/granularity.model.js";

/**
 * Why the view opens where it does: for each granularity, the share of the section's cells with a
 * value and of its counts under 10; and what a finer granularity would hide. Each figure also
 * sits in data attributes, for tools and tests.
 */
export function GranularityNote({ stats, recommended, shown, unavailable }: { stats: StatsByGranularity; recommended: Granularity; shown: Granularity; unavailable: Partial<Record<Granularity, string>> }) {
  const { t, locale } = useI18n();
  const pct = (share: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);
  const name = (granularity: Granularity) => t(`granularity.${granularity}`).toLowerCase();
  // Shown finer than recommended: say what it costs; shown as recommended: say what finer would hide.
  const finer = GRANULARITIES.indexOf(shown) < GRANULARITIES.indexOf(recommended) ? [] : finerThan(stats, recommended);
  const warning = GRANULARITIES.indexOf(shown) < GRANULARITIES.indexOf(recommended) ? stats[shown] : undefined;
  return (
    <aside className="granularity-note" data-recommended={recommended} data-shown={shown} aria-label={t("granularityNote.title")}>
      <ul className="granularity-stats">
        {GRANULARITIES.map((granularity) => {
          const figures = stats[granularity];
          return (
            <li
              key={granularity}
              data-granularity={granularity}
              data-cells={figures?.cells}
              data-shown-cells={figures?.shown}
              data-counts={figures?.counts}
              data-small-counts={figures?.smallCounts}
              className={granularity === shown ? "current" : undefined}
            >
              <strong>{t(`granularity.${granularity}`)}</strong>{" "}
              {figures
                ? t("granularityNote.figures", { shown: pct(figures.shownShare), small: pct(figures.smallShare) })
                : t("granularityNote.unavailable", { code: unavailable[granularity] ?? "—" })}
              {granularity === recommended && <em className="recommended"> · {t("granularityNote.recommended")}</em>}
            </li>
          );
        })}
      </ul>
      {warning ? (
        <p className="granularity-why warning">{t("granularityNote.finerChosen", { granularity: name(shown), small: pct(warning.smallShare), hidden: pct(1 - warning.shownShare) })}</p>
      ) : (
        <p className="granularity-why">
          {t("granularityNote.opensOn", { granularity: name(recommended) })}
          {finer.map(({ granularity, stats: figures }) => (
            <span key={granularity} className="finer-hides" data-granularity={granularity}>
              {" "}{t("granularityNote.finerHides", { granularity: name(granularity), small: pct(figures.smallShare), hidden: pct(1 - figures.shownShare) })}
            </span>
          ))}
        </p>
      )}
    </aside>
  );
}
