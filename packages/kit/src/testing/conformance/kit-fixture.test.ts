import "reflect-metadata";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { factsOfPathwayRecords } from "../../consent/pathway-facts.js";
import type { SubgraphContext } from "../../context.js";
import { buildFederatedSchema } from "../../graphql/federated-schema.js";
import { definePathwayStub } from "../../graphql/network-references.js";
import { NotPersonal, Sensitive } from "../../graphql/sensitive.js";
import { isCaseworker, type FactsResolver } from "../../permissions/rules.js";
import { openDatabase } from "../../db/database.js";
import { createSubgraph } from "../../subgraph/create-subgraph.js";
import { runConformance } from "../conformance.js";

// The smallest subgraph the kit builds that extends `Pathway`, checked by the suite as it is and
// with the one mistake the kit cannot refuse at build time: a facts function that judges "no
// record here" as the caller's own record (null without a refusal, which tells a partner that
// no agency keeps anything of hers). Beside conformance.test.ts's raw fixtures, this proves the
// checks against the kit's own answers.

const NAME = "kit-fixture";
const { Pathway, resolvePathwayReference } = definePathwayStub();
type Pathway = InstanceType<typeof Pathway>;

@Resolver(() => Pathway)
class HousingNeedsResolver {
  @FieldResolver(() => [String], { nullable: true, description: "Her housing needs recorded here (none in this fixture)." })
  @Sensitive("HOUSING")
  housingNeeds(@Root() _pathway: Pathway): string[] {
    return [];
  }

  @Query(() => Int, { nullable: true, description: "How many needs the caller's organisation recorded." })
  @NotPersonal("a count, no woman named")
  housingNeedsRecorded(): number {
    return 0;
  }
}

const rightly: FactsResolver = (pathway: Pathway, ctx: SubgraphContext) => factsOfPathwayRecords([], pathway, ctx);
/** Wrong: nobody keeps a record, so "nothing to hide": judged as the caller's own, on no receipt. */
const carelessly: FactsResolver = (pathway: Pathway, ctx: SubgraphContext) => ({
  ownerOrganisationId: ctx.actor.organisationId,
  holderOrganisationId: ctx.actor.organisationId,
  pathwayId: pathway.id,
  sealed: false,
});

const migrationsDirectory = mkdtempSync(join(tmpdir(), "percorsi-conformance-fixture-"));
writeFileSync(join(migrationsDirectory, "001_none.sql"), "create table fixture_needs (id integer primary key);");

async function start(facts: FactsResolver) {
  const db = await openDatabase();
  const subgraph = await createSubgraph({
    name: NAME,
    migrationsDirectory,
    makeLoaders: () => ({}),
    buildSchema: () =>
      buildFederatedSchema({
        name: NAME,
        resolvers: [HousingNeedsResolver],
        // Reached only through `_entities`: listed, or the schema leaves it out.
        orphanedTypes: [Pathway],
        referenceResolvers: { Pathway: resolvePathwayReference },
        rules: { Query: { housingNeedsRecorded: isCaseworker } },
        facts: { "Pathway.housingNeeds": facts },
      }),
  }, { db });
  const { url } = await subgraph.listen(0, "127.0.0.1");
  return {
    url,
    stop: async () => {
      await subgraph.stop();
      await db.close();
    },
  };
}

describe("the conformance suite against a subgraph built with the kit", () => {
  const running: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of running) await stop();
  });
  const failures = async (facts: FactsResolver) => {
    const { url, stop } = await start(facts);
    running.push(stop);
    const results = await runConformance({ name: NAME, url });
    return { ran: results.map((r) => r.check), failed: Object.fromEntries(results.filter((r) => !r.passed).map((r) => [r.check, r.detail])) };
  };

  it("passes it as the kit builds it", async () => {
    const { ran, failed } = await failures(rightly);
    expect(failed).toEqual({});
    expect(ran).toContain("sealed pathways release nothing and disclose nothing; unknown, sealed and foreign answer alike");
    expect(ran).toContain("audits every decision, allowed and refused, in its access report part, with no personal value");
  });

  it("fails it when its facts judge 'no record' as the caller's own", async () => {
    const { failed } = await failures(carelessly);
    expect(failed).toMatchObject({
      "sealed pathways release nothing and disclose nothing; unknown, sealed and foreign answer alike":
        "housingNeeds not refused (null with a coded error) for an unknown pathway, no receipt",
      "releases nothing sensitive without a receipt permitting its category": "housingNeeds (HOUSING) not refused when every category but HOUSING is permitted",
    });
  });
});
