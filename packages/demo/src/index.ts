export * from "./types.js";
export * from "./organisations.js";
export * from "./network.js";
export { generateLargeDemoNetwork, LARGE_EXTRA_PATHWAYS, LARGE_FROM } from "./large-network.js";
export { demoNetworkOfSize, demoSize } from "./size.js";
export { Random, seeded, uuidFor, addDays, addMonths, daysBetween, maxDate, minDate } from "./random.js";
export { SEAL_REASON } from "./consents.js";
export { demoConsentCases, type DemoConsentCases, type DemoGrantCase } from "./consent-cases.js";
export { ongoing } from "./pathways.js";
