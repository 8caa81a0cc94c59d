{
  "name": "@percorsi/__name__",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "exports": {
    ".": "./src/server.ts",
    "./schema": "./src/schema.ts"__stand_in_export__
  },
  "scripts": {
    "check-types": "tsc --noEmit -p .",
    "test": "vitest run",
    "dev": "tsx watch --tsconfig ../../tsconfig.json src/main.ts",
    "start": "tsx --tsconfig ../../tsconfig.json src/main.ts"
  },
  "dependencies": {
    "@percorsi/demo": "0.1.0",
    "@percorsi/kit": "0.1.0",
    "@percorsi/schema": "0.1.0",
    "class-validator": "0.15.1",
    "graphql": "16.15.0",
    "reflect-metadata": "0.2.2",
    "type-graphql": "2.0.0-rc.4"
  }
}
