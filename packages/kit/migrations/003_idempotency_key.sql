-- Idempotency keys of creating mutations: a client that retries with the same key gets what the
-- first request created (its ids) instead of a second write. Scoped per organisation, kept for
-- a day. Holds no input: only a hash of it, to refuse the same key sent with another input.
create table idempotency_key (
  organisation_id text not null,
  key text not null,
  operation text not null,
  request_fingerprint text not null,
  result jsonb,
  created_at timestamptz not null default now(),
  primary key (organisation_id, key)
);
create index idempotency_key_created_at_idx on idempotency_key (created_at);
