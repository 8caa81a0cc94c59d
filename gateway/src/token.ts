// npm run token -- --user op-aurora   → prints a development JWT for a demo user, on one line.
import { parseArgs } from "node:util";
import { isProduction } from "@percorsi/kit";
import { devTokenFor } from "./auth/dev-tokens.js";

const { values } = parseArgs({ options: { user: { type: "string" }, lifetime: { type: "string", default: "8h" } } });
if (isProduction()) {
  console.error("Development tokens are not issued in production.");
  process.exit(1);
}
if (!values.user) {
  console.error("usage: npm run token -- --user <demo user id>");
  process.exit(2);
}
try {
  process.stdout.write(`${await devTokenFor(values.user, values.lifetime)}\n`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
