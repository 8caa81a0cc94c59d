import { useEffect, useMemo, useState } from "react";
import { execute } from "../api/client.js";
import { readsWholeNetwork, type Session } from "../auth/session.js";
import type { DashboardConfig } from "../config.js";
import { IndicatorReleasesDocument, OrganisationsDocument } from "../gql/graphql.js";
import { useI18n } from "../i18n/i18n.js";
import type { Directory } from "../report/format.js";
import { parseReleaseKey, releaseKey, type Release, type ReleaseChoice } from "../report/release.model.js";
import { Overview } from "./Overview.js";
import { PeriodView } from "./PeriodView.js";

const VIEWS = ["overview", "periods"] as const;
type View = (typeof VIEWS)[number];

/** Opens on the protocol's impact (the overview); the indicators over time are one tab away. */
export function Dashboard({ config, session, onUnauthenticated }: { config: DashboardConfig; session: Session; onUnauthenticated(): void }) {
  const { t } = useI18n();
  const wholeNetwork = readsWholeNetwork(session, config.networkReaders);
  const [view, setView] = useState<View>("overview");
  // A view is mounted the first time it is opened and kept, so going back asks nothing again.
  const [opened, setOpened] = useState<Set<View>>(() => new Set(["overview"]));
  const [directory, setDirectory] = useState<Directory>({});
  const [releases, setReleases] = useState<Release[]>([]);
  const [release, setRelease] = useState<ReleaseChoice>(null);
  const client = useMemo(() => ({ graphqlUrl: config.graphqlUrl, token: session.token }), [config.graphqlUrl, session.token]);

  useEffect(() => {
    // Names for the ORGANISATION breakdown; without them the ids are shown.
    execute(OrganisationsDocument, {}, client).then(
      (result) =>
        // An organisation whose name did not come back (directory down) is shown by its id.
        setDirectory(Object.fromEntries((result.data?.organisations ?? []).flatMap((o) => (o.name && o.type ? [[o.id, { name: o.name, type: o.type }]] : [])))),
      () => undefined,
    );
    // The releases to pick from; without them the current release is read.
    execute(IndicatorReleasesDocument, {}, client).then(
      (result) => setReleases(result.data?.indicatorReleases ?? []),
      () => undefined,
    );
  }, [client]);

  const open = (next: View) => {
    setView(next);
    setOpened((previous) => new Set(previous).add(next));
  };

  return (
    <main className="dashboard">
      <div className="release-picker">
        <label>
          {t("release.label")}{" "}
          <select name="release" value={release ? releaseKey(release) : ""} onChange={(event) => setRelease(parseReleaseKey(event.target.value))}>
            <option value="">{t("release.current")}</option>
            {releases.map((item) => (
              <option key={releaseKey(item)} value={releaseKey(item)}>
                {t("release.option", { id: item.id, version: item.version, status: t(`release.status.${item.status}`), cutOff: item.cutOff })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <nav className="views" role="tablist" aria-label={t("views.label")}>
        {VIEWS.map((name) => (
          <button key={name} type="button" role="tab" className="view-tab" data-view={name} aria-selected={view === name} aria-controls={`view-${name}`} onClick={() => open(name)}>
            {t(`views.${name}`)}
          </button>
        ))}
      </nav>
      <div id="view-overview" role="tabpanel" hidden={view !== "overview"}>
        <Overview client={client} release={release} wholeNetwork={wholeNetwork} organisationId={session.organisationId} onUnauthenticated={onUnauthenticated} />
      </div>
      <div id="view-periods" role="tabpanel" hidden={view !== "periods"}>
        {opened.has("periods") && <PeriodView client={client} release={release} wholeNetwork={wholeNetwork} directory={directory} onUnauthenticated={onUnauthenticated} />}
      </div>
    </main>
  );
}
