// Seeded randomness and ISO-date arithmetic for the demo generator. Nothing here reads the clock
// or Math.random, so the same seed always yields the same network.

/** A small seeded PRNG (mulberry32) with the helpers the generator needs. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** `n` distinct items (fewer if the list is shorter), in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, n));
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }

  /** A random-looking, version-4-shaped UUID drawn from this stream. */
  uuid(): string {
    const words = [0, 1, 2, 3].map(() => Math.floor(this.next() * 2 ** 32));
    return formatUuid(words);
  }

  /** An ISO date in [from, to], both inclusive. */
  date(from: string, to: string): string {
    return addDays(from, this.int(0, daysBetween(from, to)));
  }
}

/**
 * A UUID derived from a readable key (e.g. "pathway/cav-aurora/3"). Ids depend only on the key,
 * not on how much randomness was drawn before, so tweaking one part of the generator does not
 * renumber everything else.
 */
export function uuidFor(key: string): string {
  return formatUuid([1, 2, 3, 4].map((salt) => hash32(key, salt)));
}

/**
 * An independent stream for one part of the network (e.g. "pathway/cav-aurora/3"), so adding
 * draws in one part does not change what every later part gets.
 */
export function seeded(seed: number, label: string): Random {
  return new Random(seed ^ hash32(label, 0));
}

// FNV-1a with a salt, then a murmur3-style finaliser so that similar keys look unrelated.
function hash32(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// Four 32-bit words → xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx (y in 8..b, the RFC 4122 variant).
function formatUuid(words: number[]): string {
  const hex = words.map((w) => (w >>> 0).toString(16).padStart(8, "0")).join("");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ---- ISO dates (YYYY-MM-DD), computed in UTC so time zones never shift a day ----

const DAY_MS = 86_400_000;

function toTime(iso: string): number {
  const time = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(time)) throw new Error(`not an ISO date: ${iso}`);
  return time;
}

function fromTime(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromTime(toTime(iso) + days * DAY_MS);
}

/** Adds calendar months, clamping to the month's last day (2025-01-31 + 1 → 2025-02-28). */
export function addMonths(iso: string, months: number): string {
  const date = new Date(toTime(iso));
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return fromTime(date.getTime());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / DAY_MS);
}

// ISO dates compare correctly as strings.
export function maxDate(first: string, ...rest: string[]): string {
  return rest.reduce((a, b) => (b > a ? b : a), first);
}

export function minDate(first: string, ...rest: string[]): string {
  return rest.reduce((a, b) => (b < a ? b : a), first);
}
