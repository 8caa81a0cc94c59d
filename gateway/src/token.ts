// npm run token -- --user op-aurora   → prints a development JWT for a demo user, on one line.
// npm run token -- --help             → usage and the demo users.
import { parseArgs } from "node:util";
import { isProduction } from "@percorsi/kit";
import { DEMO_USERS } from "@percorsi/demo";
import { devTokenFor } from "./auth/dev-tokens.js";

function usage(): string {
  const idWidth = Math.max(...DEMO_USERS.map((user) => user.id.length));
  const organisationWidth = Math.max(...DEMO_USERS.map((user) => user.organisationId.length));
  return [
    "usage: npm run token -- --user <demo user id> [--lifetime <8h|30m|...>]",
    "",
    "Prints a development JWT for a demo user, alone on one line (development only).",
    "",
    "options:",
    "  --user <id>        the demo user (below)",
    "  --lifetime <span>  how long the token is valid (default 8h)",
    "  -h, --help         this text",
    "",
    "demo users:",
    ...DEMO_USERS.map((user) => `  ${user.id.padEnd(idWidth)}  ${user.organisationId.padEnd(organisationWidth)}  ${user.roles.join(", ")}`),
    "",
  ].join("\n");
}

let values: { user?: string; lifetime?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { user: { type: "string" }, lifetime: { type: "string", default: "8h" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
  }));
} catch (error) {
  // parseArgs names the offending flag; the rest of its error (a stack) helps nobody here.
  console.error(`${(error as Error).message.split("\n")[0]}\n\n${usage()}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(usage());
  process.exit(0);
}
if (isProduction()) {
  console.error("Development tokens are not issued in production.");
  process.exit(1);
}
if (!values.user) {
  console.error(usage());
  process.exit(2);
}
try {
  process.stdout.write(`${await devTokenFor(values.user, values.lifetime)}\n`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
