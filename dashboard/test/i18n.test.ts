import { describe, expect, it } from "vitest";
import { makeI18n, translator } from "../src/i18n/i18n.js";
import { MESSAGES } from "../src/i18n/messages.js";
import { groupLabel, periodLabel } from "../src/report/format.js";

describe("the dictionaries", () => {
  it("say every key in both languages, each with the same placeholders", () => {
    for (const key of Object.keys(MESSAGES.it) as (keyof typeof MESSAGES.it)[]) {
      expect(MESSAGES.en[key], key).toBeTruthy();
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(MESSAGES.en[key]), key).toEqual(placeholders(MESSAGES.it[key]));
    }
  });

  it("fill placeholders and default to Italian labels for periods, groups and titles", () => {
    expect(translator("it")("reason.TOO_FEW_VALUES", { threshold: 10 })).toBe("Mediana non mostrata: meno di 10 casi pubblicati");
    const it_ = makeI18n("it", () => undefined);
    const en = makeI18n("en", () => undefined);
    expect(periodLabel(it_, "2025-Q2")).toBe("T2 2025");
    expect(periodLabel(en, "2025-Q2")).toBe("Q2 2025");
    expect(periodLabel(it_, "2025-03")).toMatch(/mar/i);
    expect(groupLabel(it_, {}, "NETWORK")).toBe("Rete");
    expect(groupLabel(en, {}, "JOB_CENTRE")).toBe("Job centres");
    expect(groupLabel(it_, { "cpi-rho": { name: "Centro per l'Impiego Rho", type: "JOB_CENTRE" } }, "cpi-rho")).toBe("Centro per l'Impiego Rho");
    expect(it_.indicatorTitle("intake.pathways_opened", "Pathways opened")).toBe("Percorsi avviati");
    expect(it_.indicatorTitle("unknown.indicator", "From the API")).toBe("From the API");
    expect(en.indicatorTitle("intake.pathways_opened", "Pathways opened")).toBe("Pathways opened");
  });
});
