  __name__:
    routing_url: http://127.0.0.1:__port__/graphql
    # Not live yet: schema:check shows changes to its own API for review until the control room
    # removes this line, when it routes production traffic to it.
    proposed: true
    main: subgraphs/__name__/src/main.ts__uses__
    server:
      module: "@percorsi/__name__"
      export: create__Name__Subgraph
    schema:
      module: "@percorsi/__name__/schema"
      export: build__Name__Schema
    # Who can sign in to the demo network at its organisation (development tokens only).
    demo_users:
      - { id: __demo_user__, name: __Title__ Operator, organisation: __org_id__, roles: [__ROLE__], description: Operator at __title__'s demo organisation }
