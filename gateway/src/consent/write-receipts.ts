import {
  getArgumentValues,
  getVariableValues,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { ACTOR_ASSERTION_HEADER, isUuid, pathwayIdArgument, signActorAssertion, type Actor, type SigningKey } from "@percorsi/kit";

/**
 * Federation cannot `@requires` into a mutation, so a subgraph writing about her would not
 * know her standing. Before a mutation is planned, the gateway asks the consent authority for
 * a receipt of every pathway a mutation field names (`pathwayId`, or `input.pathwayId`), for
 * this request, this organisation and this purpose, exactly as the planner does for reads;
 * the receipts travel with the request to the subgraphs (bound to their assertions), and the
 * kit decides each write on them (`decideWrite`). The authority decides its own writes on its
 * own data, so its mutations need none.
 */
export interface WriteTargets {
  /** The subgraph that resolves `Pathway.consentReceipt`; null in a network without pathways. */
  authority: string | null;
  /** Mutation field → the subgraph that resolves it. */
  mutations: ReadonlyMap<string, string>;
}

/** Reads the authority and the mutations' subgraphs from the supergraph's join directives. */
export function writeTargetsOf(supergraphSdl: string): WriteTargets {
  const document = parse(supergraphSdl, { noLocation: true });
  const graphNames = new Map<string, string>();
  let authority: string | undefined;
  const mutations = new Map<string, string>();
  const joinGraph = (directive: ConstDirectiveNode): string | undefined => {
    const value = directive.arguments?.find((argument) => argument.name.value === "graph")?.value;
    return value?.kind === Kind.ENUM ? value.value : undefined;
  };
  const external = (directive: ConstDirectiveNode) =>
    directive.arguments?.some((argument) => argument.name.value === "external" && argument.value.kind === Kind.BOOLEAN && argument.value.value);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "join__Graph") {
      for (const value of definition.values ?? []) {
        const name = value.directives?.find((d) => d.name.value === "join__graph")?.arguments?.find((a) => a.name.value === "name")?.value;
        if (name?.kind === Kind.STRING) graphNames.set(value.name.value, name.value);
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      const joins = field.directives?.filter((d) => d.name.value === "join__field") ?? [];
      const owner = joins.find((d) => !external(d));
      const graph = owner ? joinGraph(owner) : undefined;
      if (!graph) continue;
      if (definition.name.value === "Pathway" && field.name.value === "consentReceipt") authority = graphNames.get(graph);
      if (definition.name.value === "Mutation") mutations.set(field.name.value, graphNames.get(graph) ?? graph);
    }
  }
  // Without an authority no receipt can be had: a write about a pathway is then refused by its subgraph.
  return { authority: authority ?? null, mutations };
}

/** The pathways the operation's mutation fields name, for the subgraphs that are not the authority. */
export function pathwaysToWrite(
  schema: GraphQLSchema,
  targets: WriteTargets,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): string[] {
  if (operation.operation !== "mutation" || targets.authority === null) return [];
  const root = schema.getMutationType();
  if (!root || !isObjectType(root)) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return [];
  const ids = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = root.getFields()[selection.name.value];
    const subgraph = targets.mutations.get(selection.name.value);
    if (!field || !subgraph || subgraph === targets.authority) continue;
    try {
      const id = pathwayIdArgument(getArgumentValues(field, selection, coerced.coerced));
      if (isUuid(id)) ids.add(id.toLowerCase());
    } catch {
      // Arguments that do not coerce: execution refuses them with its own error.
    }
  }
  return [...ids];
}

const RECEIPTS_QUERY = `query PercorsiWriteReceipts($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Pathway { id consentReceipt } }
}`;

export class ConsentAuthorityUnavailable extends Error {}

/** What it takes to POST to the authority: the gateway's subgraph fetcher (its CA for https). */
export type ReceiptFetcher = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/**
 * Asks the consent authority for this request's receipts of `pathwayIds`, by pathway id. An
 * unknown pathway gets one saying so (nobody's, sealed): the subgraph verifies it and refuses the
 * write as it refuses a sealed or foreign one, at the same cost.
 */
export async function obtainWriteReceipts(
  authorityUrl: string,
  authority: string,
  key: SigningKey,
  actor: Actor,
  pathwayIds: readonly string[],
  fetcher: ReceiptFetcher = fetch,
): Promise<Record<string, string>> {
  const variables = { representations: pathwayIds.map((id) => ({ __typename: "Pathway", id })) };
  const assertion = await signActorAssertion(key, actor, authority, { query: RECEIPTS_QUERY, variables });
  let body: { data?: { _entities?: ({ id?: string; consentReceipt?: string | null } | null)[] } };
  try {
    const response = await fetcher(authorityUrl, {
      method: "POST",
      headers: { "content-type": "application/json", [ACTOR_ASSERTION_HEADER]: assertion },
      body: JSON.stringify({ query: RECEIPTS_QUERY, variables }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`status ${response.status}`);
    body = (await response.json()) as typeof body;
  } catch {
    throw new ConsentAuthorityUnavailable("the consent authority did not answer");
  }
  const receipts: Record<string, string> = {};
  for (const entity of body.data?._entities ?? []) {
    if (entity?.id && typeof entity.consentReceipt === "string") receipts[entity.id] = entity.consentReceipt;
  }
  return receipts;
}
