import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { GraphQLError, Kind, validate, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type ParseOptions, type ValidationRule } from "graphql";
import { log } from "../log.js";
import { NETWORK_COST_MODEL, type CostModel, type FieldOwners } from "./cost-model.js";
import { listCost } from "./list-cost.js";

/**
 * The network's operation limits, in one place. The gateway applies GATEWAY_LIMITS to what
 * callers send, before it plans; every subgraph applies SUBGRAPH_LIMITS to what it receives,
 * whoever sends it (a subgraph does not trust the gateway's limits alone). The subgraphs' are a
 * little higher: the planner's queries to them add `_entities`, inline fragments and keys.
 */
export interface OperationLimits {
  /** Lexical tokens in the document: the parser stops at the first one past it (graphql-js maxTokens). */
  maxTokens: number;
  /** Nested field levels (armor max-depth; fragments do not add a level). */
  maxDepth: number;
  /** Aliases in the operation (armor max-aliases). */
  maxAliases: number;
  /** Directives in the operation (armor max-directives). */
  maxDirectives: number;
  /** What the operation costs (see listCost and NETWORK_COST_MODEL): fields × list sizes, root-field work, entity fetches, report cells. */
  maxCost: number;
  /** Items assumed for a list without a page size. */
  defaultListSize: number;
}

export const GATEWAY_LIMITS: OperationLimits = {
  maxTokens: 2_000,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 30,
  maxCost: 100_000,
  defaultListSize: 10,
};

export const SUBGRAPH_LIMITS: OperationLimits = {
  maxTokens: 4_000,
  maxDepth: 14,
  maxAliases: 60,
  maxDirectives: 60,
  maxCost: 200_000,
  defaultListSize: 10,
};

/** The stable codes an operation over a limit is refused with (HTTP 400). */
export const LIMIT_CODES = {
  tokens: "OPERATION_TOO_LARGE",
  depth: "OPERATION_TOO_DEEP",
  aliases: "OPERATION_TOO_MANY_ALIASES",
  directives: "OPERATION_TOO_MANY_DIRECTIVES",
  cost: "OPERATION_TOO_COMPLEX",
  /** Over the cost because of a report's size (range × granularity × breakdown × sections) alone. */
  report: "REPORT_TOO_LARGE",
} as const;
export type LimitCode = (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES];
export const LIMIT_CODE_VALUES: readonly LimitCode[] = Object.values(LIMIT_CODES);

/** The stable codes of the gateway's per-organisation fairness (HTTP 429 with Retry-After). */
export const FAIRNESS_CODES = { rate: "RATE_LIMITED", concurrent: "TOO_MANY_CONCURRENT_REQUESTS" } as const;
export type FairnessCode = (typeof FAIRNESS_CODES)[keyof typeof FAIRNESS_CODES];
export const FAIRNESS_CODE_VALUES: readonly FairnessCode[] = Object.values(FAIRNESS_CODES);

type Limit = keyof typeof LIMIT_CODES;

const MESSAGES: Record<Limit, (found: number | undefined, max: number) => string> = {
  tokens: (_found, max) => `The operation is too large (more than ${max} tokens).`,
  depth: (found, max) => `The operation is nested too deep (${found} levels; at most ${max}).`,
  aliases: (found, max) => `The operation has too many aliases (${found}; at most ${max}).`,
  directives: (found, max) => `The operation has too many directives (${found}; at most ${max}).`,
  report: (_found, max) =>
    `The report is too large to compute at once (more than ${max}, counting periods × groups × sections); ask for a shorter range, a coarser granularity, a breakdown with fewer groups or fewer sections.`,
  cost: (_found, max) =>
    `The operation would cost too much to answer (more than ${max}, counting list sizes, fetches across services and report cells); ask for smaller pages, fewer aliases or nested lists, or for indicators a shorter range, a coarser granularity or fewer sections.`,
};

/** A refusal: the limit and what was found, never the operation itself. */
export function limitExceeded(limit: Limit, found: number | undefined, max: number): GraphQLError {
  const limitStack = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(MESSAGES[limit](found, max), {
      extensions: { code: LIMIT_CODES[limit], limit: max, http: { status: 400 } },
    });
  } finally {
    Error.stackTraceLimit = limitStack;
  }
}

/**
 * Parser options for Apollo Server (`parseOptions`): graphql-js stops parsing at the first token
 * past the limit, so an oversized document costs no more than a legal one. (armor's max-tokens
 * plugin parses the whole document a second time to count; the parser's own count is enough.)
 */
export function limitParseOptions(limits: OperationLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/** The parser's refusal of a document over the token limit, as OPERATION_TOO_LARGE (for formatError). */
export function tokenLimitRefusal(message: string): GraphQLError | null {
  const max = TOKEN_LIMIT_MESSAGE.exec(message)?.[1];
  return max === undefined ? null : limitExceeded("tokens", undefined, Number(max));
}

/** Depth, aliases and directives (armor's rules), in one pass over the document. */
export function checkShape(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): GraphQLError | null {
  let refusal: GraphQLError | null = null;
  const reject = (limit: Limit, max: number) => (_context: unknown, error: GraphQLError) => {
    if (refusal) return;
    const found = /found (\d+)/.exec(error.message)?.[1];
    refusal = limitExceeded(limit, found === undefined ? undefined : Number(found), max);
  };
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  const rules: ValidationRule[] = [
    maxDepthRule({ ...common, n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, onReject: [reject("depth", limits.maxDepth)] }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [reject("aliases", limits.maxAliases)] }) as ValidationRule,
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: [reject("directives", limits.maxDirectives)] }),
  ];
  validate(schema, document, rules);
  return refusal;
}

/** What the operation about to run costs, with its variables (0 when the document names no runnable operation). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
  owners?: FieldOwners,
  model: CostModel = NETWORK_COST_MODEL,
): number {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  const operations = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return 0;
  return listCost(schema, operation, fragments, variables, { defaultListSize: limits.defaultListSize, stopAbove: limits.maxCost, model, owners });
}

/** The refusal of an operation over the cost limit, or null. */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
  owners?: FieldOwners,
): GraphQLError | null {
  return operationCost(schema, document, operationName, variables, limits, owners) > limits.maxCost ? costRefusal(schema, document, operationName, variables, limits, owners) : null;
}

/** REPORT_TOO_LARGE when the operation would fit but for its reports' sizes (the caller can ask a smaller report), else OPERATION_TOO_COMPLEX. */
function costRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
  owners?: FieldOwners,
): GraphQLError {
  const unsized = operationCost(schema, document, operationName, variables, limits, owners, { ...NETWORK_COST_MODEL, sizedLists: {} });
  return limitExceeded(unsized <= limits.maxCost ? "report" : "cost", undefined, limits.maxCost);
}

export interface OperationLimitsOptions<C extends BaseContext> {
  /** The supergraph's field owners (the gateway): a field of another subgraph costs a fetch per parent; a function follows a reloaded supergraph. */
  owners?: FieldOwners | (() => FieldOwners);
  /** Called with the cost of an operation within the limits, before it runs; throws to refuse it (fairness). */
  admit?: (cost: number, requestContext: GraphQLRequestContextDidResolveOperation<C>) => Promise<void> | void;
}

/**
 * An Apollo Server plugin enforcing `limits` (with `limitParseOptions` for the tokens) once the
 * operation is parsed and validated and before it is executed or planned: depth, aliases and
 * directives, then the cost, which depends on the variables (so it is checked on every request,
 * cached documents included). A refusal is HTTP 400 with one error and a stable code; the
 * operation is never echoed.
 */
export function operationLimits<C extends BaseContext>(limits: OperationLimits, service: string, options: OperationLimitsOptions<C> = {}): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const { schema, document, request } = requestContext;
          const owners = typeof options.owners === "function" ? options.owners() : options.owners;
          let refusal = checkShape(schema, document, limits);
          const cost = refusal ? 0 : operationCost(schema, document, request.operationName, request.variables, limits, owners);
          if (!refusal && cost > limits.maxCost) refusal = costRefusal(schema, document, request.operationName, request.variables, limits, owners);
          if (refusal) {
            log.warn("operation.refused", { service, code: refusal.extensions.code as string });
            throw refusal;
          }
          await options.admit?.(cost, requestContext);
        },
      };
    },
  };
}
