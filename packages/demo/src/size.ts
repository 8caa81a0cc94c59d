// Which demo network a process seeds: the small one (48 pathways, what tests rely on) unless
// DEMO_NETWORK says "large" (about 2,000 pathways over three years; npm start's default).

import { generateLargeDemoNetwork } from "./large-network.js";
import { demoNetwork } from "./network.js";
import type { DemoNetwork, DemoNetworkSize } from "./types.js";

const SIZES: readonly DemoNetworkSize[] = ["small", "large"];
let large: DemoNetwork | undefined;

/** The demo network of that size (generated once per size, then shared: treat it as read-only). */
export function demoNetworkOfSize(size: DemoNetworkSize): DemoNetwork {
  if (size === "small") return demoNetwork();
  if (size === "large") return (large ??= generateLargeDemoNetwork());
  throw new Error(`unknown demo network size: ${String(size)}`);
}

/** The size DEMO_NETWORK asks for: "small" (the default) or "large"; anything else is refused. */
export function demoSize(env: Readonly<Record<string, string | undefined>> = process.env): DemoNetworkSize {
  const value = env.DEMO_NETWORK?.trim() ?? "";
  if (value === "") return "small";
  if ((SIZES as readonly string[]).includes(value)) return value as DemoNetworkSize;
  throw new Error(`DEMO_NETWORK must be "small" or "large" (or unset, for small), not "${value.slice(0, 40)}"`);
}
