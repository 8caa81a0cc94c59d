import { useEffect, useMemo, useState } from "react";
import { execute } from "../api/client.js";
import { readsWholeNetwork, type Session } from "../auth/session.js";
import type { DashboardConfig } from "../config.js";
import { OrganisationsDocument } from "../gql/graphql.js";
import type { Directory } from "../report/format.js";
import { PeriodView } from "./PeriodView.js";

export function Dashboard({ config, session, onUnauthenticated }: { config: DashboardConfig; session: Session; onUnauthenticated(): void }) {
  const wholeNetwork = readsWholeNetwork(session);
  const [directory, setDirectory] = useState<Directory>({});
  const client = useMemo(() => ({ graphqlUrl: config.graphqlUrl, token: session.token }), [config.graphqlUrl, session.token]);

  useEffect(() => {
    // Names for the ORGANISATION breakdown; without them the ids are shown.
    execute(OrganisationsDocument, {}, client).then(
      (result) =>
        // An organisation whose name did not come back (directory down) is shown by its id.
        setDirectory(Object.fromEntries((result.data?.organisations ?? []).flatMap((o) => (o.name && o.type ? [[o.id, { name: o.name, type: o.type }]] : [])))),
      () => undefined,
    );
  }, [client]);

  return (
    <main className="dashboard">
      <PeriodView client={client} wholeNetwork={wholeNetwork} directory={directory} onUnauthenticated={onUnauthenticated} />
    </main>
  );
}
