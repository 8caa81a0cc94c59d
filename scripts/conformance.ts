// npm run conformance -- <name> | <name>=<url>: checks a subgraph against the network's rules
// from outside (packages/kit/src/testing/conformance.ts, one module per concern under
// conformance/): assertions (missing, foreign key, other audience, expired, replayed, bound to
// another request); its SDL (composes with the network, labels known and nullable); errors (coded,
// no stack, no echo); pathways through _entities with receipts as the consent authority mints them
// (unknown, sealed, foreign, forged, expired, for another organisation: answered alike, nothing
// released; nothing of a category its receipt does not permit); writes naming a pathway (refused
// without the write rule, nothing written); its access-report part (every probe in it, refusals
// as DENY, no value sent); indicator releases (unsigned, foreign-key and other-audience cohorts
// refused and not stored; a page of a published release or of a draft replayed, refused
// RELEASE_MESSAGE_REPLAYED with nothing changed; a small cohort shows no count the perturbation forbids).
// Probes act as organisations of no directory on random pathway ids; against the consent
// authority a directory case-holder opens and seals two pathways, and a subgraph with indicator
// sections stores a release and a draft numbered past any schedule: run it against a test deployment.
// Exits 1 when a check fails.
//   npm run conformance -- employment                  the repository's subgraph, started here
//   npm run conformance -- housing=https://host/graphql  a running one (the gateway's key under PERCORSI_DATA_DIR signs)
import "reflect-metadata";
import { openDatabase, type Subgraph } from "@percorsi/kit";
import { runConformance, startServices } from "@percorsi/kit/testing";
import { compositionErrors } from "@percorsi/schema/compose";
import { importExport, readNetwork } from "@percorsi/schema/network";

const [argument] = process.argv.slice(2).filter((a) => a !== "--");
if (!argument) {
  console.error("usage: npm run conformance -- <subgraph name> | <name>=<graphql url>");
  process.exit(2);
}
const [name, givenUrl] = argument.split(/=(.*)/s) as [string, string | undefined];
let url = givenUrl;
let stop = async () => undefined;
if (!url) {
  const entry = readNetwork().find((subgraph) => subgraph.name === name);
  if (!entry?.server) {
    console.error(`${name} is not a subgraph of schema/supergraph.yaml that runs here; give its URL: ${name}=<url>`);
    process.exit(2);
  }
  const create = await importExport<(options: { db: unknown; seed: boolean; services: unknown }) => Promise<Subgraph<unknown>>>(entry.server);
  // The existing systems it sits over (stand-ins), started here too.
  const services = await startServices(entry.uses);
  const db = await openDatabase();
  const subgraph = await create({ db, seed: true, services: services.endpoints });
  url = (await subgraph.listen(0)).url;
  stop = async () => {
    await subgraph.stop();
    await db.close();
    await services.stop();
  };
}
const results = await runConformance({ name, url, composesWith: (sdl) => compositionErrors({ [name]: sdl }) });
await stop();
for (const result of results) console.log(`${result.passed ? "pass" : "FAIL"}  ${result.check}${result.passed ? "" : `: ${result.detail}`}`);
const failed = results.filter((result) => !result.passed).length;
console.log(failed ? `\n${name}: ${failed} of ${results.length} checks failed` : `\n${name}: all ${results.length} checks pass`);
process.exit(failed ? 1 : 0);
