// Which demo network a process seeds: the small one (48 pathways, what tests rely on) unless
// DEMO_NETWORK says "large" (about 2,000 pathways over three years; npm start's default) or a
// number of pathways (100 to 200,000: the large network's organisations at that scale).

import { generateLargeDemoNetwork } from "./large-network.js";
import { demoNetwork } from "./network.js";
import type { DemoNetwork, DemoNetworkSize } from "./types.js";

const SIZES: readonly string[] = ["small", "large"];
const generated = new Map<number, DemoNetwork>();
const LARGE = 2000;
const MIN_SIZE = 100;
const MAX_SIZE = 200_000;

/** The demo network of that size (generated once per size, then shared: treat it as read-only). */
export function demoNetworkOfSize(size: DemoNetworkSize): DemoNetwork {
  if (size === "small") return demoNetwork();
  const count = size === "large" ? LARGE : size;
  if (typeof count !== "number" || !Number.isInteger(count) || count < MIN_SIZE || count > MAX_SIZE) throw new Error(`unknown demo network size: ${String(size)}`);
  if (!generated.has(count)) generated.set(count, generateLargeDemoNetwork(undefined, count));
  return generated.get(count)!;
}

/** The size DEMO_NETWORK asks for: "small" (the default), "large" or a number of pathways; anything else is refused. */
export function demoSize(env: Readonly<Record<string, string | undefined>> = process.env): DemoNetworkSize {
  const value = env.DEMO_NETWORK?.trim() ?? "";
  if (value === "") return "small";
  if ((SIZES as readonly string[]).includes(value)) return value as DemoNetworkSize;
  if (/^\d+$/.test(value) && Number(value) >= MIN_SIZE && Number(value) <= MAX_SIZE) return Number(value);
  throw new Error(`DEMO_NETWORK must be "small", "large" or a number of pathways from ${MIN_SIZE} to ${MAX_SIZE} (or unset, for small), not "${value.slice(0, 40)}"`);
}
