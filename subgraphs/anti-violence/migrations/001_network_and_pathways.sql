-- The network's organisations (the signatories' directory) and the pathways case-holders open.
create table organisations (
  id text primary key,
  name text not null,
  type text not null,
  district text not null
);

create table pathways (
  id uuid primary key,
  holder_id text not null references organisations (id),
  stage text not null check (stage in ('INTAKE', 'NEEDS_ANALYSIS', 'PLAN_ACTIVE', 'FOLLOW_UP', 'CLOSED')),
  opened_on date not null,
  closed_on date,
  closing_reason text,
  opened_by text not null,
  created_at timestamptz not null default now(),
  check ((stage = 'CLOSED') = (closed_on is not null))
);
create index pathways_holder_idx on pathways (holder_id, opened_on desc, id desc);

-- Her identity and how to reach her safely: never leaves the case-holder.
create table identities (
  pathway_id uuid primary key references pathways (id) on delete cascade,
  given_name text not null,
  family_name text not null,
  birth_year integer,
  phone text,
  email text,
  preferred_contact text not null,
  safe_to_leave_message boolean not null default false,
  safe_contact_hours text
);

create table needs_assessments (
  pathway_id uuid primary key references pathways (id) on delete cascade,
  assessed_on date not null,
  assessed_by text not null,
  education_level text not null,
  qualifications text[] not null default '{}',
  languages text[] not null default '{}',
  work_experience jsonb not null default '[]',
  availability text not null,
  care_constraints text[] not null default '{}',
  economic_situation text not null,
  housing_situation text not null,
  districts_to_avoid text[] not null default '{}',
  hours_to_avoid text[] not null default '{}',
  health_notes text,
  updated_at timestamptz not null default now()
);

create table plans (
  id uuid primary key,
  pathway_id uuid not null unique references pathways (id) on delete cascade,
  created_on date not null,
  signed_on date
);

create table plan_goals (
  id uuid primary key,
  plan_id uuid not null references plans (id) on delete cascade,
  pathway_id uuid not null references pathways (id) on delete cascade,
  area text not null,
  description text not null,
  responsible_organisation_id text not null references organisations (id),
  status text not null check (status in ('PLANNED', 'IN_PROGRESS', 'ACHIEVED', 'DROPPED')),
  due_on date,
  position integer not null
);
create index plan_goals_pathway_idx on plan_goals (pathway_id, position);

create table referrals (
  id uuid primary key,
  pathway_id uuid not null references pathways (id) on delete cascade,
  from_organisation_id text not null references organisations (id),
  to_organisation_id text not null references organisations (id),
  purpose text not null,
  note text,
  status text not null check (status in ('SENT', 'ACCEPTED', 'REJECTED', 'DONE', 'WITHDRAWN')),
  sent_on date not null,
  sent_by text not null,
  responded_on date,
  responded_by text,
  rejection_reason text,
  check ((status = 'REJECTED') = (rejection_reason is not null))
);
create index referrals_pathway_idx on referrals (pathway_id, sent_on);
create index referrals_to_idx on referrals (to_organisation_id, status);
