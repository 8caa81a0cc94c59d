// connection.ts declares type-graphql classes; the kit's index loads this polyfill first.
import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { GraphQLError } from "graphql";
import { decodeCursor, encodeCursor, toConnection } from "./connection.js";

function decodeError(cursor: string, arity: number): GraphQLError {
  try {
    decodeCursor(cursor, arity);
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error(`decodeCursor accepted ${JSON.stringify(cursor)}`);
}

describe("encodeCursor / decodeCursor", () => {
  it.each([
    [["2024-03-01T10:00:00Z", "6b1c6c0e-6f59-4b8f-a3a4-3c1f0e8f1d2a"]],
    [[42]],
    [["Ünïcødé / + =", -1.5, 0]],
  ])("round-trips %j", (values) => {
    const cursor = encodeCursor(values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // url-safe, no padding
    expect(decodeCursor(cursor, values.length)).toEqual(values);
  });

  it.each([
    ["garbage", "%%% not a cursor %%%"],
    ["base64 of something not JSON", Buffer.from("hello").toString("base64url")],
    ["a JSON object", Buffer.from(JSON.stringify({ a: 1 })).toString("base64url")],
    ["a list holding a non-scalar", Buffer.from(JSON.stringify([{}, "x"])).toString("base64url")],
    ["a list holding null", Buffer.from(JSON.stringify([null, "x"])).toString("base64url")],
    ["the empty string", ""],
  ])("refuses %s as BAD_USER_INPUT", (_what, cursor) => {
    const error = decodeError(cursor, 2);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("refuses a cursor of another list's arity", () => {
    const cursor = encodeCursor(["2024-03-01", "id-1"]);
    expect(decodeError(cursor, 1).extensions.code).toBe("BAD_USER_INPUT");
    expect(decodeError(cursor, 3).extensions.code).toBe("BAD_USER_INPUT");
    expect(decodeCursor(cursor, 2)).toEqual(["2024-03-01", "id-1"]);
  });
});

describe("toConnection", () => {
  const rows = [
    { id: "a", at: 1 },
    { id: "b", at: 2 },
    { id: "c", at: 3 },
  ];
  const cursorOf = (row: { id: string; at: number }) => [row.at, row.id];

  it("reads first + 1 rows as a page with a next one", () => {
    const page = toConnection(rows, 2, 10, cursorOf);
    expect(page.nodes).toEqual(rows.slice(0, 2));
    expect(page.totalCount).toBe(10);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(page.pageInfo.endCursor!, 2)).toEqual([2, "b"]);
  });

  it("says there is no next page when no extra row came back", () => {
    const page = toConnection(rows, 3, 3, cursorOf);
    expect(page.nodes).toEqual(rows);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.pageInfo.endCursor).toBe(encodeCursor([3, "c"]));
  });

  it("gives an empty page a null end cursor", () => {
    expect(toConnection([], 20, 0, cursorOf)).toEqual({
      nodes: [],
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });
});
