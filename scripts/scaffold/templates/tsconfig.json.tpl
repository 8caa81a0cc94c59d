{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "seed", "test", "vitest.config.mts"]
}
