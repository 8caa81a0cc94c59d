import { readFileSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import type { SupergraphManager } from "@apollo/gateway";
import { SUPERGRAPH_PATH } from "@percorsi/schema/supergraph";
import { log } from "@percorsi/kit";
import { writeTargetsOf } from "./consent/write-receipts.js";
import { sensitiveFieldsOf } from "@percorsi/schema";

/**
 * Why the gateway must not serve a supergraph, or null. Apollo refuses one that does not build
 * (composition errors, a broken file); this adds what the field policy needs: its `@sensitive`
 * labels readable, and some present (every real network has personal fields: none means the
 * labels were lost, and serving it would release every field to every role).
 */
export function supergraphProblem(supergraphSdl: string): string | null {
  try {
    if (sensitiveFieldsOf(supergraphSdl).size === 0) return "it carries no @sensitive label";
    writeTargetsOf(supergraphSdl);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.slice(0, 200) : "it cannot be read";
  }
}

/**
 * The composed supergraph, reloaded when `npm run compose` (or a deployment) rewrites the file,
 * without a restart: requests in flight finish on the plan they started with. A new supergraph
 * that does not build or whose labels cannot be read is rejected, and the one serving stays.
 */
export function watchedSupergraph(path: string = SUPERGRAPH_PATH): SupergraphManager {
  return {
    async initialize({ update }) {
      const first = readFileSync(path, "utf8");
      const problem = supergraphProblem(first);
      if (problem) throw new Error(`the supergraph at start cannot be served: ${problem}`);
      let serving = first;
      let timer: NodeJS.Timeout | undefined;
      const reload = () => {
        let next: string;
        try {
          next = readFileSync(path, "utf8");
        } catch (error) {
          log.error("gateway.supergraph_rejected", { reason: (error as { code?: string }).code ?? "unreadable" });
          return;
        }
        if (next === serving) return;
        const rejected = supergraphProblem(next);
        if (rejected) {
          log.error("gateway.supergraph_rejected", { reason: rejected });
          return;
        }
        try {
          update(next);
          serving = next;
          log.info("gateway.supergraph_reloaded");
        } catch (error) {
          log.error("gateway.supergraph_rejected", { reason: error instanceof Error ? error.message.slice(0, 200) : "it does not build" });
        }
      };
      // The folder, not the file: a deployment that swaps the file in (rename, a mounted
      // configuration's symlink) leaves a watch on the old file silent.
      const watcher = watch(dirname(path), (_event, changed) => {
        if (changed && changed !== basename(path) && !changed.startsWith("..")) return;
        clearTimeout(timer);
        // Editors and compose write in steps; wait for the file to settle.
        timer = setTimeout(reload, 200);
      });
      return {
        supergraphSdl: first,
        cleanup: async () => {
          clearTimeout(timer);
          watcher.close();
        },
      };
    },
  };
}

/** Subgraph names and routing URLs, as the supergraph declares them. */
export function subgraphsOf(supergraphSdl: string): { name: string; url: string }[] {
  return [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map((m) => ({ name: m[1]!, url: m[2]! }));
}
