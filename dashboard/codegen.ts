import { createHash } from "node:crypto";
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
        // The manifest (src/gql/persisted-documents.json) maps each operation's sha256 to its
        // text; the gateway registers it, and the client sends the hash only.
        // The hash is the bare hex sha256 of the text (the preset's "sha256" prefixes "sha256:"),
        // the form the gateway's manifest keys and documentId take.
        persistedDocuments: { hashAlgorithm: (text: string) => createHash("sha256").update(text).digest("hex") },
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
