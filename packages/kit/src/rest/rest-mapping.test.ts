import { describe, expect, it } from "vitest";
import { defineRestMapping, mapRecord, restEntity } from "./rest-mapping.js";

interface Row {
  id: string;
  count: number;
  on: string;
  closedOn: string | null;
}
const FIELDS = { id: "id", count: { from: "n", as: "number" }, on: { from: "day", as: "date" }, closedOn: { from: "closed", as: "date", optional: true } } as const;

describe("a REST mapping", () => {
  it("maps the system's JSON onto the record, coercing each field as declared", () => {
    expect(mapRecord<Row>(FIELDS, { id: "a", n: 3, day: "2025-03-01T00:00:00Z", closed: null, extra: "dropped" })).toEqual({
      id: "a",
      count: 3,
      on: "2025-03-01",
      closedOn: null,
    });
  });

  it("reads nothing of a record missing a required field or holding the wrong kind", () => {
    expect(mapRecord<Row>(FIELDS, { id: "a", day: "2025-03-01" })).toBeNull();
    expect(mapRecord<Row>(FIELDS, { id: "a", n: "3", day: "2025-03-01" })).toBeNull();
    expect(mapRecord<Row>(FIELDS, { id: "a", n: 3, day: "yesterday" })).toBeNull();
    expect(mapRecord<Row>(FIELDS, null)).toBeNull();
  });

  it("refuses a mapping whose key is not one of its fields", () => {
    expect(() =>
      defineRestMapping({
        service: "s",
        apiKeyHeader: "x-api-key",
        entities: { rows: restEntity<Row>()({ path: "/rows", batchBy: "ids", key: "missing" as "id", many: false, fields: { ...FIELDS, id: undefined } as never }) },
        writes: {},
      }),
    ).toThrow(/key missing is not one of its fields/);
  });
});
