// https to subgraphs: a subgraph serves TLS with a certificate signed by a throwaway CA made
// here (openssl), and the gateway verifies it against SUBGRAPH_CA_FILE. Without that CA, or with
// another one, the gateway refuses the connection: an error at the path, no data.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConfigurationError, openDatabase, tlsFromEnv, type RunningServer } from "@percorsi/kit";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { createAntiViolenceSubgraph } from "@percorsi/anti-violence";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { createGateway, type Gateway } from "../src/server.js";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
if (!hasOpenssl) console.warn("tls.e2e: skipped, the openssl command is not installed (apt-get install openssl)");

const QUERY = "{ pathways(first: 2) { totalCount nodes { id stage } } }";

/** A CA and a server certificate for 127.0.0.1 and localhost that it signed, in `dir`. */
function makeCertificates(dir: string) {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  for (const ca of ["ca", "other-ca"]) {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
      "-subj", `/CN=Percorsi test ${ca}`, "-keyout", `${ca}.key`, "-out", `${ca}.pem`);
  }
  openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=anti-violence", "-keyout", "server.key", "-out", "server.csr");
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-extfile", "server.ext", "-out", "server.pem");
  return { ca: join(dir, "ca.pem"), otherCa: join(dir, "other-ca.pem"), cert: join(dir, "server.pem"), key: join(dir, "server.key") };
}

describe.skipIf(!hasOpenssl)("https to subgraphs", () => {
  let dir: string;
  let files: ReturnType<typeof makeCertificates>;
  let subgraph: Awaited<ReturnType<typeof createAntiViolenceSubgraph>>;
  let server: RunningServer;
  const gateways: Gateway[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "percorsi-tls-"));
    files = makeCertificates(dir);
    vi.stubEnv("TLS_CERT_FILE", files.cert);
    vi.stubEnv("TLS_KEY_FILE", files.key);
    subgraph = await createAntiViolenceSubgraph({ db: await openDatabase(), seed: true });
    vi.unstubAllEnvs();
    server = await subgraph.listen(0);
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await subgraph?.stop();
    await subgraph?.db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A gateway routing anti-violence to the https subgraph, with SUBGRAPH_CA_FILE as given. */
  async function gatewayWith(caFile: string | undefined) {
    vi.stubEnv("SUBGRAPH_CA_FILE", caFile ?? "");
    try {
      const gateway = await createGateway({ supergraphSdl: readSupergraph(), subgraphUrls: { "anti-violence": server.url } });
      gateways.push(gateway);
      const running = await gateway.listen(0);
      const ask = async () => {
        const response = await fetch(running.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await devTokenFor("op-aurora")}`, "x-purpose": "EMPOWERMENT_PLAN" },
          body: JSON.stringify({ query: QUERY }),
        });
        return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
      };
      const health = async () => ((await (await fetch(new URL("/health", running.url))).json()) as { subgraphs: Record<string, string> }).subgraphs["anti-violence"];
      return { ask, health };
    } finally {
      vi.unstubAllEnvs();
    }
  }

  it("the subgraph serves https only", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/);
    await expect(fetch(server.url.replace("https:", "http:"), { method: "POST", body: "{}", signal: AbortSignal.timeout(5000) })).rejects.toThrow();
  });

  it("a gateway with the subgraphs' CA answers over https", async () => {
    const gateway = await gatewayWith(files.ca);
    const { status, body } = await gateway.ask();
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.pathways.totalCount).toBeGreaterThan(0);
    expect(await gateway.health()).toBe("ok");
  });

  for (const [label, ca] of [
    ["without the CA (system roots only)", undefined],
    ["with another CA", "otherCa"],
  ] as const) {
    it(`a gateway ${label} refuses the subgraph: an error, no data`, async () => {
      const gateway = await gatewayWith(ca ? files[ca] : undefined);
      const { body } = await gateway.ask();
      expect(body.data?.pathways ?? null).toBeNull();
      expect(body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toMatch(/"stage"/);
      expect(await gateway.health()).toBe("unavailable");
    });
  }

  it("half a certificate pair, or an unreadable file, refuses the start with the setting's name", () => {
    expect(() => tlsFromEnv({ TLS_CERT_FILE: files.cert })).toThrow(ConfigurationError);
    expect(() => tlsFromEnv({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: join(dir, "missing.key") })).toThrow(/TLS_KEY_FILE: cannot read/);
    expect(() => tlsFromEnv({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: files.otherCa.replace(".pem", ".key") })).toThrow(/not a PEM certificate and its private key/);
    expect(tlsFromEnv({})).toBeUndefined();
  });
});
