export * from "./vocabulary.js";
export * from "./shared-sdl.js";
export * from "./role-ceilings.js";
export * from "./sensitive-fields.js";
export * from "./privacy-labels.js";
