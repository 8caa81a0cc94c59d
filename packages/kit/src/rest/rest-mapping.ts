/**
 * A declarative map of an agency's existing REST system onto a subgraph's records, in the spirit
 * of Apollo Connectors' `@source`/`@connect` and GraphQL Mesh's JSON-schema handler: the signatory
 * says which endpoint batch-loads an entity by key, how its JSON fields become the record's, and
 * which endpoint writes; the kit (`RestSource`) supplies the client: batching (DataLoader),
 * timeouts under the request's deadline, stable failure codes and call counts.
 */

/** How one record field is read from the system's JSON: its property, and how to coerce it. */
export type FieldRule = string | { from: string; as?: FieldKind; optional?: boolean };
export type FieldKind = "string" | "number" | "boolean" | "date";

/** Every field of the record, each from a property of the system's JSON. */
export type FieldMap<T> = { [K in keyof T]-?: FieldRule };

/**
 * An entity read in batches: `GET <path>?<batchBy>=k1,k2,...` answers `{ <items>: [...] }`, the
 * records of all those keys (several per key when `many`), each carrying its key in `key`.
 */
export interface RestEntity<T> {
  path: string;
  batchBy: string;
  key: keyof T & string;
  many: boolean;
  fields: FieldMap<T>;
  /** Most keys per call (the URL's length); a larger batch becomes several calls. 100 unless said. */
  maxBatch?: number;
}

/**
 * A write: `<method> <path>` with a JSON body whose properties come from the input's fields
 * (`body: { pathway_id: "pathwayId" }`), answering the record written (`returns`). The
 * idempotency key, if any, travels in the `Idempotency-Key` header.
 */
export interface RestWrite<I, T> {
  method: "POST" | "PUT" | "PATCH";
  path: string;
  body: Record<string, keyof I & string>;
  returns: FieldMap<T>;
}

export interface RestMapping<E extends Record<string, RestEntity<any>>, W extends Record<string, RestWrite<any, any>>> {
  /** The system's name: in metrics, logs and the subgraph's configuration. */
  service: string;
  /** The header its API key travels in. */
  apiKeyHeader: string;
  /** The property of a read's answer that lists the records ("items" unless said). */
  items?: string;
  entities: E;
  writes: W;
}

/** Typed helpers: `entity<HousingNeed>()({...})` checks the field map against the record type. */
export const restEntity =
  <T>() =>
  <S extends RestEntity<T>>(spec: S & RestEntity<T>): S & { readonly __record?: T } =>
    spec;

export const restWrite =
  <I, T>() =>
  <S extends RestWrite<I, T>>(spec: S & RestWrite<I, T>): S & { readonly __input?: I; readonly __record?: T } =>
    spec;

export function defineRestMapping<E extends Record<string, RestEntity<any>>, W extends Record<string, RestWrite<any, any>>>(
  mapping: RestMapping<E, W>,
): RestMapping<E, W> {
  for (const [name, entity] of Object.entries(mapping.entities)) {
    if (!(entity.key in entity.fields)) throw new Error(`${mapping.service}.${name}: its key ${entity.key} is not one of its fields`);
    if (!entity.path.startsWith("/")) throw new Error(`${mapping.service}.${name}: a path starts with /`);
  }
  for (const [name, write] of Object.entries(mapping.writes)) {
    if (!write.path.startsWith("/")) throw new Error(`${mapping.service}.${name}: a path starts with /`);
  }
  return mapping;
}

/** The system's JSON record → the subgraph's; null if a required property is missing or of the wrong kind. */
export function mapRecord<T>(fields: FieldMap<T>, source: unknown): T | null {
  if (typeof source !== "object" || source === null) return null;
  const record: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(fields) as [string, FieldRule][]) {
    const { from, as = "string", optional = false } = typeof rule === "string" ? { from: rule } : rule;
    const value = (source as Record<string, unknown>)[from];
    if (value === null || value === undefined) {
      if (!optional) return null;
      record[name] = null;
      continue;
    }
    const coerced = coerce(value, as);
    if (coerced === undefined) return null;
    record[name] = coerced;
  }
  return record as T;
}

function coerce(value: unknown, kind: FieldKind): unknown {
  switch (kind) {
    case "string":
      return typeof value === "string" ? value : undefined;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "date":
      // A day, whatever time the system adds to it.
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
  }
}
