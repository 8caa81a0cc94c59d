-- The job centres' own store: employers they follow, vacancies, information campaigns, and the
-- women registered with them (job seekers), their placements and retention checks.
-- Pathways and organisations belong to other subgraphs: their ids are kept as plain values,
-- never as foreign keys to a local copy of someone else's data.

create table employers (
  id uuid primary key,
  -- The job centre that follows this employer.
  job_centre_id text not null,
  name text not null,
  sector text not null,
  district text not null,
  safe_workplace_commitment_signed_on date,
  has_anti_harassment_policy boolean not null default false,
  created_at timestamptz not null default now()
);
create index employers_name_idx on employers (name, id);

create table vacancies (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  job_centre_id text not null,
  title text not null,
  occupation text not null,
  contract_type text not null check (contract_type in ('PERMANENT', 'FIXED_TERM', 'APPRENTICESHIP', 'TRAINEESHIP')),
  weekly_hours integer not null check (weekly_hours between 1 and 48),
  district text not null,
  opened_on date not null,
  closed_on date,
  created_at timestamptz not null default now(),
  check (closed_on is null or closed_on >= opened_on),
  -- Target of placements' (vacancy_id, employer_id): a placement's vacancy is its employer's.
  unique (id, employer_id)
);
create index vacancies_opened_idx on vacancies (opened_on desc, id desc);
create index vacancies_employer_idx on vacancies (employer_id);

create table campaigns (
  id uuid primary key,
  job_centre_id text not null,
  title text not null,
  topic text not null,
  started_on date not null,
  ended_on date,
  created_at timestamptz not null default now(),
  check (ended_on is null or ended_on >= started_on)
);
create index campaigns_started_idx on campaigns (started_on desc, id desc);

create table campaign_employers (
  campaign_id uuid not null references campaigns (id) on delete cascade,
  employer_id uuid not null references employers (id),
  primary key (campaign_id, employer_id)
);
create index campaign_employers_employer_idx on campaign_employers (employer_id);

-- A woman's registration with a job centre, known only by her pseudonymous pathway id.
create table job_seekers (
  id uuid primary key,
  pathway_id uuid not null,
  job_centre_id text not null,
  -- A staff user id: who follows her, not data about her.
  counsellor_id text not null,
  registered_on date not null,
  first_appointment_on date,
  skills text[] not null default '{}',
  wished_occupations text[] not null default '{}',
  availability text not null,
  status text not null check (status in ('REGISTERED', 'ACTIVE_SEARCH', 'PLACED', 'SUSPENDED', 'CLOSED')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (first_appointment_on is null or first_appointment_on >= registered_on)
);
-- One open registration per pathway per job centre; a closed one may be followed by a new one.
create unique index job_seekers_one_open_idx on job_seekers (pathway_id, job_centre_id) where status <> 'CLOSED';
create index job_seekers_caseload_idx on job_seekers (job_centre_id, registered_on desc, id desc);
create index job_seekers_pathway_idx on job_seekers (pathway_id);

create table placements (
  id uuid primary key,
  job_seeker_id uuid not null references job_seekers (id),
  employer_id uuid not null references employers (id),
  vacancy_id uuid,
  occupation text not null,
  contract_type text not null check (contract_type in ('PERMANENT', 'FIXED_TERM', 'APPRENTICESHIP', 'TRAINEESHIP')),
  weekly_hours integer not null check (weekly_hours between 1 and 48),
  start_on date not null,
  end_on date,
  recorded_by text not null,
  created_at timestamptz not null default now(),
  check (end_on is null or end_on > start_on),
  foreign key (vacancy_id, employer_id) references vacancies (id, employer_id)
);
create index placements_job_seeker_idx on placements (job_seeker_id, start_on, id);

create table retention_checks (
  id uuid primary key,
  placement_id uuid not null references placements (id),
  months_after_start integer not null check (months_after_start in (3, 6, 12)),
  checked_on date not null,
  still_employed boolean not null,
  note text,
  recorded_by text not null,
  created_at timestamptz not null default now(),
  -- One check per month mark.
  unique (placement_id, months_after_start)
);
