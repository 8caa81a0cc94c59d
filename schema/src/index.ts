export * from "./vocabulary.js";
export * from "./shared-sdl.js";
