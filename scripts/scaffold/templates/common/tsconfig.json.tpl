{
  "extends": "../../tsconfig.base.json",
  "include": [__include__]
}
