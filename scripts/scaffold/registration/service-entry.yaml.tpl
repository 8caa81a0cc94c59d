  # A STAND-IN for __service__, the existing system __name__ sits over (subgraphs/__name__/stand-in), written by create-subgraph --over-rest.
  __service__:
    url: http://127.0.0.1:__service_port__
    main: subgraphs/__name__/stand-in/main.ts
    server:
      module: "@percorsi/__name__/stand-in"
      export: create__ServicePascal__
