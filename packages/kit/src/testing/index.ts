export * from "./databases.js";
export * from "./actors.js";
export * from "./http.js";
export * from "./conformance.js";
export * from "./services.js";
