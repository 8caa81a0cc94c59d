import { checkAssertions, checkBadInput } from "./conformance/assertions.js";
import { checkAudit } from "./conformance/audit.js";
import { checkExistence } from "./conformance/existence.js";
import { checkIndicators } from "./conformance/indicators.js";
import type { Check, ConformanceResult, ConformanceTarget } from "./conformance/probe.js";
import { checkSdl } from "./conformance/sdl.js";
import { checkWrites } from "./conformance/writes.js";

export type { ConformanceResult, ConformanceTarget } from "./conformance/probe.js";

/**
 * The network's rules, checked from outside against a running subgraph (`npm run conformance`):
 * what any signatory's subgraph must do, whatever it is built with. Each check sends real HTTP
 * requests, as the gateway, the query planner, the consent authority or an attacker would, and
 * says in one line what it found. The probes act as organisations of no directory (ids starting
 * `conformance-`) on random pathway ids; against the consent authority a directory case-holder
 * opens and seals two pathways, and a subgraph with indicator sections stores one release of a
 * three-woman cohort under a release number far past any schedule.
 */
export async function runConformance(target: ConformanceTarget): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  const check: Check = async (name, run) => {
    try {
      const problem = await run();
      results.push({ check: name, passed: problem === null, detail: problem ?? "ok" });
    } catch (error) {
      results.push({ check: name, passed: false, detail: `could not run: ${(error as Error).message.slice(0, 200)}` });
    }
  };
  // 1. Only the gateway, for this request, once.
  await checkAssertions(target, check);
  // 2. Its schema: composes with the network, labels known and nullable.
  const sdl = await checkSdl(target, check);
  // 3. Errors: a stable code, no stack, nothing echoed (the later probes check their answers too).
  await checkBadInput(target, check);
  if (!sdl) return results;
  // 4. Pathways it may not see answer alike and release nothing; writes obey the write rule;
  //    every one of those decisions is in her access report.
  const existence = await checkExistence(target, sdl, check);
  const writes = await checkWrites(target, sdl, check, existence);
  await checkAudit(target, sdl, check, existence, writes);
  // 5. Indicator releases: only the authority's cohort, once; no small cell.
  await checkIndicators(target, sdl, check);
  return results;
}
