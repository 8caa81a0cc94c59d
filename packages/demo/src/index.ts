export * from "./types.js";
export * from "./organisations.js";
export * from "./network.js";
export { Random, seeded, uuidFor, addDays, addMonths, daysBetween, maxDate, minDate } from "./random.js";
