// Cost of the gateway's field policy, per request, on the committed supergraph:
//   cd gateway && npx tsx --tsconfig ../tsconfig.json test/field-policy-cost.ts
import { parse, type OperationDefinitionNode } from "graphql";
import { ceilingOf } from "@percorsi/schema";
import { committedPolicy } from "./committed-supergraph.js";
import { answerRemovedFields } from "../src/policy/denials.js";

const policy = await committedPolicy();
const counsellor = ceilingOf(["EMPLOYMENT_COUNSELLOR"]);

const TYPICAL = `query($id: ID!) { pathway(id: $id) { id stage identity { givenName } needsAssessment { healthNotes educationLevel } } }`;
const LARGER = `query($first: Int!) { pathways(first: $first) { nodes {
  id stage holder { name } identity { givenName familyName phone }
  needsAssessment { educationLevel languages healthNotes workExperience { occupation years } }
  plan { goals { status responsibleOrganisation { name } } }
  referrals { status to { name } }
  jobSeeker { skills status } placements { contractType employer { name } retentionChecks { stillEmployed } }
} } }`;

function time(label: string, iterations: number, run: () => unknown) {
  for (let i = 0; i < Math.min(iterations, 500); i++) run(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  const micros = Number(process.hrtime.bigint() - start) / iterations / 1000;
  console.log(`${label.padEnd(58)} ${micros.toFixed(1).padStart(8)} µs`);
}

for (const [name, text] of [["typical (pathway by id, 2 fields removed)", TYPICAL], ["larger (40-field page, 5 removed)", LARGER]] as const) {
  const document = parse(text);
  time(`rewrite + print + sha256, ${name}`, 20_000, () => policy.rewriteUncached(document, counsellor));
  time(`memoised rewrite (same parsed document), ${name}`, 200_000, () => policy.rewrite(document, counsellor));
}
const typical = parse(TYPICAL);
const operator = ceilingOf(["CENTRE_OPERATOR"]);
time("centre operator (nothing to remove)", 200_000, () => policy.rewrite(typical, operator));
time("for comparison: parse the typical query", 20_000, () => parse(TYPICAL));

// Answering: nulls and errors for a page of N pathways, identity removed in each.
for (const n of [20, 40]) {
  const document = parse(`{ pathways(first: ${n}) { nodes { id stage identity { givenName } needsAssessment { healthNotes educationLevel } } } }`);
  const rewrite = policy.rewrite(document, counsellor);
  if (!rewrite.changed) throw new Error("expected a rewrite");
  const operation = document.definitions[0] as OperationDefinitionNode;
  const data = { pathways: { nodes: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, stage: "INTAKE", needsAssessment: { educationLevel: "BACHELOR" } })) } };
  time(`answer removed fields, ${n} items (${2 * n} errors)`, 2_000, () =>
    answerRemovedFields({ data }, { schema: policy.schema, document, operation, variables: {}, removed: rewrite.removed }),
  );
}
