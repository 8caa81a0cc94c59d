import { ApolloGateway } from "@apollo/gateway";
import type { GraphQLSchema } from "graphql";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { FieldPolicy } from "../src/policy/field-policy.js";
import { sensitiveFieldsOf } from "@percorsi/schema";

/** The API schema the gateway serves for the committed supergraph (no subgraph is called). */
export async function committedApiSchema(): Promise<GraphQLSchema> {
  process.env.APOLLO_TELEMETRY_DISABLED = "1";
  const gateway = new ApolloGateway({ supergraphSdl: readSupergraph() });
  const { schema } = await gateway.load();
  await gateway.stop();
  return schema;
}

/** The field policy the gateway builds for the committed supergraph. */
export async function committedPolicy(): Promise<FieldPolicy> {
  return new FieldPolicy(await committedApiSchema(), sensitiveFieldsOf(readSupergraph()));
}
