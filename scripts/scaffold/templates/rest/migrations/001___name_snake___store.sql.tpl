-- The __name__ subgraph keeps no records of its own: they live in __service__, read and
-- written through its REST API (src/__service__). This store holds only what the kit keeps for
-- every subgraph (its audit log and idempotency keys, migrated by the kit itself).
select 1;
