import { watch } from "node:fs";
import type { SupergraphManager } from "@apollo/gateway";
import { readSupergraph, SUPERGRAPH_PATH } from "@percorsi/schema/supergraph";
import { log } from "@percorsi/kit";

/** The composed supergraph, reloaded when `npm run compose` rewrites the file. */
export function watchedSupergraph(): SupergraphManager {
  return {
    async initialize({ update }) {
      let timer: NodeJS.Timeout | undefined;
      const watcher = watch(SUPERGRAPH_PATH, () => {
        clearTimeout(timer);
        // Editors and compose write in steps; wait for the file to settle.
        timer = setTimeout(() => {
          try {
            update(readSupergraph());
            log.info("gateway.supergraph_reloaded");
          } catch {
            log.error("gateway.supergraph_reload_failed");
          }
        }, 200);
      });
      return {
        supergraphSdl: readSupergraph(),
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
