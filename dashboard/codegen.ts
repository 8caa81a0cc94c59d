import { fileURLToPath } from "node:url";
import type { CodegenConfig } from "@graphql-codegen/cli";

// The client-facing schema the gateway publishes (schema/api.graphql, written by
// `npm run compose` from the supergraph, no federation machinery, no @inaccessible fields).
export const schemaFile = fileURLToPath(new URL("../schema/api.graphql", import.meta.url));

const config: CodegenConfig = {
  schema: schemaFile,
  documents: fileURLToPath(new URL("./src/operations/*.graphql", import.meta.url)),
  ignoreNoDocuments: false,
  generates: {
    [fileURLToPath(new URL("./src/gql/", import.meta.url))]: {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        // The manifest (src/gql/persisted-documents.json) maps each operation's id, "sha256:" and
        // the hex sha256 of its text, to the text; the gateway registers it, and the client sends
        // the id only. The gateway takes the id bare or prefixed.
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: {
        scalars: { LocalDate: "string", DateTime: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
