import type { ApolloGateway } from "@apollo/gateway";
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { GraphQLError, Kind, type GraphQLSchema } from "graphql";
import { log, type SigningKey } from "@percorsi/kit";
import {
  ConsentAuthorityUnavailable,
  obtainWriteReceipts,
  pathwaysToWrite,
  writeTargetsOf,
  type ReceiptFetcher,
  type WriteTargets,
} from "../consent/write-receipts.js";
import type { GatewayContext } from "../context.js";
import { ceilingOf, type DataCategory } from "@percorsi/schema";
import { answerRemovedFields } from "./denials.js";
import { FieldPolicy } from "./field-policy.js";
import { sensitiveFieldsOf } from "@percorsi/schema";

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type Executor = ApolloGateway["executor"];
type RequestContext = Parameters<Executor>[0];
type Result = Awaited<ReturnType<Executor>>;

const NO_CATEGORIES: ReadonlySet<DataCategory> = new Set();

/** How the gateway reaches the consent authority for the receipts a mutation needs. */
export interface WriteReceiptSource {
  urlOf: (subgraph: string) => string;
  key: () => Promise<SigningKey>;
  fetcher?: ReceiptFetcher;
}

export interface GatedGateway extends GatewayInterface {
  /** The policy in force (or why there is none): for health checks and tests. */
  fieldPolicy(): FieldPolicy | Error;
}

/**
 * The gateway handed to Apollo Server, with the field policy in front of its executor: each
 * operation loses the fields above the caller's role ceiling before it is planned, so they
 * never reach a subgraph, and the answer gets null + FORBIDDEN (ROLE) where they were.
 *
 * The rewritten operation is planned under the hash of its own text: the query-plan cache is
 * keyed by `queryHash`, and the original text's hash would hand one role the plan made for
 * another (fields it may not see sent to subgraphs, or a permitted role given nulls).
 *
 * The policy follows the supergraph: labels and schema are rebuilt on every load or update.
 * If a supergraph's labels cannot be read, every operation is refused until one can.
 */
export function gatedGateway(gateway: ApolloGateway, receipts?: WriteReceiptSource): GatedGateway {
  let policy: FieldPolicy | Error = new Error("the supergraph has not been loaded");
  let targets: WriteTargets | null = null;
  const follow = ({ apiSchema, coreSupergraphSdl }: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => {
    try {
      targets = writeTargetsOf(coreSupergraphSdl);
      policy = new FieldPolicy(apiSchema, sensitiveFieldsOf(coreSupergraphSdl));
      // No label at all: personal fields exist in every real supergraph, so the labels were lost.
      if (policy.labels.size === 0) log.warn("gateway.field_policy_without_labels");
      else log.info("gateway.field_policy_loaded", { labels: policy.labels.size });
    } catch (error) {
      policy = error instanceof Error ? error : new Error(String(error));
      log.error("gateway.field_policy_failed", { error: policy.message });
    }
  };
  // Registered before Apollo Server's own listener, so the policy is ready when the schema is.
  gateway.onSchemaLoadOrUpdate(follow);

  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      const writes = receipts ? { ...receipts, targets: () => targets } : undefined;
      return { ...loaded, executor: gate(loaded.executor, () => policy, writes) };
    },
    fieldPolicy: () => policy,
  };
}

/**
 * Wraps the gateway's executor with the field policy current at each request, and (given a
 * receipt source) obtains the consent receipts a mutation's writes are decided on.
 */
export function gate(
  executor: Executor,
  currentPolicy: () => FieldPolicy | Error,
  writes?: WriteReceiptSource & { targets: () => WriteTargets | null },
): Executor {
  return async (requestContext: RequestContext): Promise<Result> => {
    const policy = currentPolicy();
    if (policy instanceof Error) {
      return { errors: [new GraphQLError("The field policy is not available.", { extensions: { code: "INTERNAL_SERVER_ERROR" } })] };
    }
    // The context function refuses requests without an actor; none here means no ceiling at all.
    const context = requestContext.context as Partial<GatewayContext>;
    const actor = context.actor;
    const ceiling = actor ? ceilingOf(actor.roles) : NO_CATEGORIES;
    const rewrite = policy.rewrite(requestContext.document, ceiling);
    // The refused categories travel in the assertions: the subgraphs record them on her pathways.
    if (actor && rewrite.changed) actor.roleDenied = [...rewrite.removedCategories];
    const targets = writes?.targets();
    if (actor && writes && targets?.authority) {
      const pathwayIds = pathwaysToWrite(policy.schema, targets, requestContext.operation, requestContext.request.variables);
      if (pathwayIds.length > 0) {
        try {
          context.requestReceipts = await obtainWriteReceipts(
            writes.urlOf(targets.authority),
            targets.authority,
            await writes.key(),
            actor,
            pathwayIds,
            writes.fetcher,
          );
        } catch (error) {
          if (!(error instanceof ConsentAuthorityUnavailable)) throw error;
          return { errors: [new GraphQLError("The consent authority is unavailable: no write about her can be decided.", { extensions: { code: "SUBGRAPH_UNAVAILABLE" } })] };
        }
      }
    }
    if (!rewrite.changed) return executor(requestContext);

    const index = requestContext.document.definitions.indexOf(requestContext.operation);
    const operation = rewrite.document.definitions[index];
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error("the rewritten document lost its operation");
    const result = await executor({
      ...requestContext,
      document: rewrite.document,
      source: rewrite.source,
      queryHash: rewrite.queryHash,
      operation,
    });
    return answerRemovedFields(result, {
      schema: policy.schema,
      document: requestContext.document,
      operation: requestContext.operation,
      variables: requestContext.request.variables,
      removed: rewrite.removed,
    });
  };
}
