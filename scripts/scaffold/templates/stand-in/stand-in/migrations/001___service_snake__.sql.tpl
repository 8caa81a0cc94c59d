-- __service__'s own store (the stand-in's, in its own words: snake_case). Pathway ids are what
-- the network's case-holders gave it in their referrals.
create table records (
  id uuid primary key default gen_random_uuid(),
  pathway_id uuid not null,
  organisation_id text not null,
  recorded_on date not null,
  recorded_by text not null
);
create index records_pathway on records (pathway_id);
create index records_organisation on records (organisation_id);

-- A client's retried POST (Idempotency-Key) gets the first answer back (the kit's stand-in server).
create table idempotency_keys (
  key text primary key,
  request_hash text not null,
  response jsonb not null,
  created_at timestamptz not null default now()
);
