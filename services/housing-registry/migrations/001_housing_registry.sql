-- The housing body's own records (the stand-in's schema, in its own words: snake_case, its own
-- statuses). Pathway ids are what the network's case-holders gave it in their referrals.

create table needs (
  id uuid primary key,
  pathway_id uuid not null,
  housing_body_id text not null,
  situation text not null check (situation in ('HOMELESS', 'SHELTER', 'TEMPORARY', 'AT_RISK', 'OVERCROWDED')),
  household_size integer not null check (household_size between 1 and 20),
  assessed_on date not null
);
create index needs_pathway_idx on needs (pathway_id);

create table applications (
  id uuid primary key,
  pathway_id uuid not null,
  housing_body_id text not null,
  scheme text not null check (scheme in ('SOCIAL', 'PROTECTED')),
  status text not null check (status in ('SUBMITTED', 'ALLOCATED', 'REFUSED', 'WITHDRAWN')),
  submitted_on date not null,
  decided_on date,
  recorded_by text,
  check (decided_on is null or decided_on >= submitted_on)
);
create index applications_pathway_idx on applications (pathway_id);

create table allocations (
  id uuid primary key,
  application_id uuid not null references applications (id),
  pathway_id uuid not null,
  housing_body_id text not null,
  allocated_on date not null,
  tenure text not null check (tenure in ('SOCIAL_RENT', 'PROTECTED_FLAT', 'TRANSITIONAL')),
  district text not null
);
create index allocations_pathway_idx on allocations (pathway_id);

-- A client's retried POST (Idempotency-Key) gets the first answer back.
create table idempotency_keys (
  key text primary key,
  request_hash text not null,
  response jsonb not null,
  created_at timestamptz not null default now()
);
