/**
 * Structured operational log. It takes an event name and a few technical fields (ids of
 * services, counts, error classes) — never values from requests or records, which may be
 * personal data.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

function write(level: "info" | "warn" | "error", event: string, fields: Fields = {}): void {
  if (process.env.NODE_ENV === "test" && level === "info") return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
}

export const log = {
  info: (event: string, fields?: Fields) => write("info", event, fields),
  warn: (event: string, fields?: Fields) => write("warn", event, fields),
  error: (event: string, fields?: Fields) => write("error", event, fields),
};

/** What of an error may be logged: its class and codes, not its message (it may quote data). */
export function errorFields(error: unknown): Fields {
  const e = error as { name?: unknown; code?: unknown; constraint?: unknown } | null;
  return {
    error: typeof e?.name === "string" ? e.name : typeof error,
    code: typeof e?.code === "string" ? e.code : undefined,
    constraint: typeof e?.constraint === "string" ? e.constraint : undefined,
  };
}
