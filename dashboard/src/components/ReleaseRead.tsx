import { useI18n } from "../i18n/i18n.js";
import type { Release } from "../report/release.model.js";

/** Which release the figures on screen come from: its id, version, status and cut-off. */
export function ReleaseRead({ release }: { release: Release }) {
  const { t } = useI18n();
  return (
    <p className="release-read" data-release={release.id} data-version={release.version} data-status={release.status}>
      {t("release.read", { id: release.id, version: release.version, status: t(`release.status.${release.status}`), cutOff: release.cutOff })}
    </p>
  );
}
