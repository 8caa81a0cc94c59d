import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString, execute, parse, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { badUserInput, forbidden, notFound, unauthenticated } from "./errors.js";
import { formatError } from "./format-error.js";

const SECRET = "secret Maria Rossi";
const STACK = ["Error: boom", "    at resolver (/srv/subgraph/src/pathways.ts:12:3)"];

/** What Apollo hands formatError: the formatted error (with a stack trace, as outside production) and the error. */
function format(error: GraphQLError): GraphQLFormattedError {
  const formatted = error.toJSON();
  return formatError({ ...formatted, extensions: { ...formatted.extensions, stacktrace: STACK } }, error);
}

/** A resolver failure as graphql-js reports it: a located GraphQLError around the thrown value. */
function resolverError(thrown: Error, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(thrown.message, {
    path: ["pathway", "identity"],
    originalError: thrown,
    extensions: { code: "INTERNAL_SERVER_ERROR", ...extensions },
  });
}

let stderr: MockInstance;
beforeEach(() => {
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => {
  stderr.mockRestore();
});

function logged(): string {
  return stderr.mock.calls.map((call) => String(call[0])).join("");
}

describe("formatError", () => {
  it.each([
    ["FORBIDDEN", forbidden("HOLDER_ONLY")],
    ["UNAUTHENTICATED", unauthenticated()],
    ["BAD_USER_INPUT", badUserInput("`first` must be between 1 and 100.", "first")],
    ["NOT_FOUND", notFound("Pathway")],
  ])("passes our own %s with its message and extensions, never the stack trace", (code, error) => {
    const out = format(new GraphQLError(error.message, { path: ["pathway"], extensions: error.extensions }));
    expect(out.message).toBe(error.message);
    expect(out.extensions).toEqual(error.extensions);
    expect(out.extensions?.code).toBe(code);
    expect(out.extensions).not.toHaveProperty("stacktrace");
    expect(out.path).toEqual(["pathway"]);
  });

  it("keeps the denial reason of a FORBIDDEN error", () => {
    expect(format(forbidden("NO_CONSENT")).extensions).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("never keeps a stack trace, whatever the error", () => {
    for (const error of [forbidden("ROLE"), resolverError(new Error(SECRET)), resolverError(Object.assign(new Error("dup"), { code: "23505" }))]) {
      const out = format(error);
      expect(out.extensions).not.toHaveProperty("stacktrace");
      expect(JSON.stringify(out)).not.toContain("pathways.ts");
    }
  });

  describe("a type-graphql validation failure", () => {
    const failure = new ArgumentValidationError([
      {
        property: "input",
        value: { identity: { givenName: SECRET } },
        constraints: undefined,
        children: [
          {
            property: "identity",
            value: { givenName: SECRET },
            children: [
              {
                property: "givenName",
                value: SECRET,
                constraints: { maxLength: `givenName must be shorter than 5 characters, got "${SECRET}"` },
                children: [],
              },
              {
                property: "birthDate",
                value: "31/02/1990",
                constraints: { isISO8601: "birthDate must be a valid ISO 8601 date string", isNotEmpty: "no" },
                children: [],
              },
            ],
          },
        ],
      },
      { property: "first", value: 1000, constraints: { max: "first must not be greater than 100" }, children: [] },
    ] as never);

    it("becomes BAD_USER_INPUT naming every field and rule", () => {
      const out = format(failure);
      expect(out.message).toBe(
        "Invalid input: input.identity.givenName maxLength; input.identity.birthDate isISO8601, isNotEmpty; first max.",
      );
      expect(out.extensions).toEqual({
        code: "BAD_USER_INPUT",
        fields: [
          { field: "input.identity.givenName", rules: ["maxLength"] },
          { field: "input.identity.birthDate", rules: ["isISO8601", "isNotEmpty"] },
          { field: "first", rules: ["max"] },
        ],
      });
    });

    it("never carries the values sent, nor the constraint messages that quote them", () => {
      const text = JSON.stringify(format(failure));
      expect(text).not.toContain("Maria");
      expect(text).not.toContain("31/02/1990");
      expect(text).not.toContain("1000");
      expect(text).not.toContain("validationErrors");
    });
  });

  describe("a database constraint failure", () => {
    const pgError = Object.assign(new Error(`duplicate key value violates unique constraint "people_tax_code_key": Key (tax_code)=(${SECRET})`), {
      code: "23505",
      constraint: "people_tax_code_key",
      detail: `Key (tax_code)=(${SECRET}) already exists.`,
    });

    it("becomes BAD_USER_INPUT naming the constraint, not the row", () => {
      const out = format(resolverError(pgError));
      expect(out).toEqual({
        message: "The input conflicts with existing records.",
        path: ["pathway", "identity"],
        locations: undefined,
        extensions: { code: "BAD_USER_INPUT", constraint: "people_tax_code_key" },
      });
      expect(JSON.stringify(out)).not.toContain("Maria");
    });

    it("is recognised when thrown by a resolver during execution", async () => {
      const schema = new GraphQLSchema({
        query: new GraphQLObjectType({
          name: "Query",
          fields: {
            save: {
              type: GraphQLString,
              resolve: () => {
                throw pgError;
              },
            },
          },
        }),
      });
      const result = await execute({ schema, document: parse("{ save }") });
      const error = result.errors![0]!;
      const out = formatError(error.toJSON(), error);
      expect(out.message).toBe("The input conflicts with existing records.");
      expect(out.extensions).toEqual({ code: "BAD_USER_INPUT", constraint: "people_tax_code_key" });
      expect(out.locations).toEqual([{ line: 1, column: 3 }]);
    });

    it.each([
      ["22008", `date/time field value out of range: "2025-02-30"`],
      ["22007", `invalid input syntax for type date: "${SECRET}"`],
      ["22021", `invalid byte sequence for encoding "UTF8": 0x00`],
      ["22P02", `invalid input syntax for type uuid: "${SECRET}"`],
    ])("turns a data exception (SQLSTATE %s) into BAD_USER_INPUT at its path, without the value", (code, message) => {
      const out = format(resolverError(Object.assign(new Error(message), { code })));
      expect(out).toEqual({
        message: "The input holds a value that cannot be stored.",
        path: ["pathway", "identity"],
        locations: undefined,
        extensions: { code: "BAD_USER_INPUT" },
      });
      expect(JSON.stringify(out)).not.toMatch(/Maria|2025-02-30|0x00/);
    });

    it("leaves non-constraint database errors internal", () => {
      const out = format(resolverError(Object.assign(new Error(SECRET), { code: "42P01" })));
      expect(out.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    });
  });

  describe("an unexpected error", () => {
    it("becomes a generic INTERNAL_SERVER_ERROR without the original message", () => {
      const out = format(resolverError(new TypeError(SECRET)));
      expect(out).toEqual({
        message: "Internal server error.",
        path: ["pathway", "identity"],
        locations: undefined,
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      expect(JSON.stringify(out)).not.toContain("Maria");
    });

    it("does not trust a code it did not write", () => {
      const out = format(new GraphQLError(SECRET, { extensions: { code: "SOMETHING_ELSE", detail: SECRET } }));
      expect(out.message).toBe("Internal server error.");
      expect(out.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    });

    it("logs the error's class, never its message", () => {
      format(resolverError(new TypeError(SECRET)));
      const line = logged();
      expect(line).toContain('"event":"graphql.internal_error"');
      expect(line).toContain('"error":"TypeError"');
      expect(line).toContain('"path":"pathway.identity"');
      expect(line).not.toContain("Maria");
    });
  });
});

describe("values in graphql-js coercion messages", () => {
  it.each([
    ['Variable "$i" got invalid value "Maria" at "i.purpose"; Value "Maria" does not exist in "Purpose" enum. Did you mean the enum value "MONITORING"?', "Invalid value for $i at i.purpose: expected Purpose."],
    ['Value "Maria" does not exist in "Purpose" enum. Did you mean the enum value "MONITORING"?', "Invalid value: expected Purpose."],
    ['Enum "Purpose" cannot represent non-enum value: "Maria". Did you mean the enum value "MONITORING"?', "Invalid value: expected Purpose."],
    ['Variable "$i" got invalid value 12 at "i.name"; String cannot represent a non string value: 12', "Invalid value for $i at i.name: expected String."],
    ['Variable "$d" got invalid value "2026-02-30"; Value is not a valid LocalDate: 2026-02-30', "Invalid value for $d: expected LocalDate."],
    ['Variable "$t" got invalid value "Maria"; DateTime cannot represent an invalid date-time-string Maria.', "Invalid value for $t: expected DateTime."],
    ['Value is not a valid LocalDate: 2026-02-30', "Invalid value: expected LocalDate."],
    ['Variable "$input" got invalid value "Maria Rossi" at "input.email"; Expected type "EmailAddress".', "Invalid value for $input at input.email: expected EmailAddress."],
    ['Expected value of type "LocalDate", found "2026-02-30"; Value is not a valid LocalDate: 2026-02-30', "Invalid value: expected LocalDate."],
    ['Int cannot represent non-integer value: "Maria"', "Invalid value: expected Int."],
  ])("drops the value from %s", (message, expected) => {
    const formatted = formatError({ message, extensions: { code: "BAD_USER_INPUT" } }, new Error(message));
    expect(formatted.message).toBe(expected);
    expect(formatted.message).not.toMatch(/Maria|2026-02-30/);
  });

  it("never repeats a path that is not made of names", () => {
    const message = 'Variable "$i" got invalid value "x" at "i.Maria Rossi"; Expected type "String".';
    expect(formatError({ message, extensions: { code: "BAD_USER_INPUT" } }, new Error(message))).toEqual({
      message: "Invalid value for $i: expected String.",
      extensions: { code: "BAD_USER_INPUT", variable: "$i" },
    });
  });

  it("leaves our own messages alone", () => {
    const message = "`openedOn` cannot be in the future.";
    expect(formatError({ message, extensions: { code: "BAD_USER_INPUT" } }, new Error(message)).message).toBe(message);
  });
});

describe("a subgraph's refusal, relayed by the gateway", () => {
  /** What @apollo/gateway makes of a subgraph's non-2xx answer: "400: Bad Request" carrying the response. */
  const downstream = (status: number, body: unknown) =>
    new GraphQLError(`${status}: Bad Request`, { extensions: { response: { url: "http://subgraph/graphql", status, statusText: "Bad Request", body } } });

  it("answers the subgraph's public error, public extensions only, the message cleaned again", () => {
    const out = format(
      downstream(400, {
        errors: [
          {
            message: `Variable "$i" got invalid value "${SECRET}" at "i.openedOn"; Expected type "LocalDate".`,
            locations: [{ line: 1, column: 10 }],
            extensions: { code: "BAD_USER_INPUT", field: "i.openedOn", variable: "$i", detail: SECRET, stacktrace: STACK },
          },
        ],
      }),
    );
    expect(out).toEqual({
      message: "Invalid value for $i at i.openedOn: expected LocalDate.",
      locations: undefined,
      path: undefined,
      extensions: { code: "BAD_USER_INPUT", field: "i.openedOn", variable: "$i" },
    });
  });

  it("never shows the subgraph's response (its URL, its body), whatever the code", () => {
    const unauthorised = new GraphQLError("401: Unauthorized", {
      extensions: { code: "UNAUTHENTICATED", response: { url: "http://10.0.0.7:4001/graphql", status: 401, body: { errors: [{ message: SECRET }] } } },
    });
    expect(format(unauthorised)).toEqual({ message: "401: Unauthorized", locations: undefined, path: undefined, extensions: { code: "UNAUTHENTICATED" } });
  });

  it("stays INTERNAL_SERVER_ERROR when the subgraph's error is not public", () => {
    for (const body of [{ errors: [{ message: SECRET, extensions: { code: "INTERNAL_SERVER_ERROR" } }] }, { errors: [{ message: SECRET }] }, SECRET, null]) {
      const out = format(downstream(500, body));
      expect(out.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(JSON.stringify(out)).not.toContain("Maria");
    }
  });
});
