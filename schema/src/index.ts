export * from "./vocabulary.js";
export * from "./network-vocabulary.js";
export * from "./shared-sdl.js";
export * from "./sensitive-fields.js";
export * from "./privacy-labels.js";
