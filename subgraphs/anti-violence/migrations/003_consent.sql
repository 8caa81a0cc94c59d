-- Her consents (HL7 FHIR Consent): provisions permit, or deny, categories for purposes to a
-- grantee in a period; the reporting consent; and the case-holder's emergency seals.
create table consents (
  id uuid primary key,
  pathway_id uuid not null references pathways (id) on delete cascade,
  status text not null check (status in ('ACTIVE', 'WITHDRAWN', 'SUPERSEDED')),
  evidence_reference text not null check (char_length(evidence_reference) between 1 and 200),
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_by text,
  withdrawal_reason text,
  replaces uuid references consents (id),
  check ((status = 'WITHDRAWN') = (withdrawn_at is not null))
);
create index consents_pathway_idx on consents (pathway_id, recorded_at);

create table consent_provisions (
  id uuid primary key,
  consent_id uuid not null references consents (id) on delete cascade,
  parent_id uuid references consent_provisions (id) on delete cascade,
  type text not null check (type in ('PERMIT', 'DENY')),
  grantee_organisation_id text references organisations (id),
  grantee_organisation_type text,
  categories text[] not null default '{}',
  purposes text[] not null default '{}',
  period_start date,
  period_end date,
  position integer not null,
  check (period_start is null or period_end is null or period_end >= period_start),
  check (parent_id is null or type = 'DENY')
);
create index consent_provisions_consent_idx on consent_provisions (consent_id, position);

create table reporting_consents (
  pathway_id uuid primary key references pathways (id) on delete cascade,
  granted boolean not null,
  evidence_reference text not null,
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);

create table pathway_seals (
  id uuid primary key,
  pathway_id uuid not null references pathways (id) on delete cascade,
  reason text not null,
  sealed_by text not null,
  sealed_at timestamptz not null default now(),
  lifted_at timestamptz,
  lifted_by text
);
-- At most one open seal per pathway.
create unique index pathway_seals_open_idx on pathway_seals (pathway_id) where lifted_at is null;
