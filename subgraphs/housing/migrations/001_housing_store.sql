-- The housing subgraph keeps no housing data: that lives in the housing body's own system,
-- read and written through its REST API (src/registry). This store holds only what the kit keeps
-- for every subgraph (its audit log and idempotency keys, migrated by the kit itself).
select 1;
