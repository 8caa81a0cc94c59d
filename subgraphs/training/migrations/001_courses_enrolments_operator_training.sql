-- Training bodies' own store: the courses they run (not personal data), the enrolments of women's
-- pathways in them (personal data, category TRAINING) and the sessions in which the network trains
-- job-centre operators (staff training, not women's data). Organisations and pathways are owned by
-- the anti-violence subgraph: here they are only ids, so there is no foreign key to them.

create table courses (
  id uuid primary key,
  training_body_id text not null,
  title text not null,
  skills_taught text[] not null default '{}',
  schedule text not null,
  district text not null,
  seats integer not null check (seats between 1 and 200),
  childcare_offered boolean not null default false,
  starts_on date not null,
  ends_on date not null,
  created_by text,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  -- Lets an enrolment carry its course's training body under a foreign key that keeps it true.
  unique (id, training_body_id)
);
create index courses_list_idx on courses (starts_on desc, id desc);
create index courses_training_body_idx on courses (training_body_id);

create table enrolments (
  id uuid primary key,
  -- The pseudonymous id of a pathway held by a case-holder; her identity never reaches this store.
  pathway_id uuid not null,
  course_id uuid not null,
  -- Denormalised from the course (the FK keeps it equal) so ownership needs no join.
  training_body_id text not null,
  status text not null check (status in ('ENROLLED', 'COMPLETED', 'WITHDRAWN')),
  enrolled_on date not null,
  completed_on date,
  withdrawn_on date,
  certificate text,
  recorded_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (course_id, training_body_id) references courses (id, training_body_id),
  check ((status = 'COMPLETED') = (completed_on is not null)),
  check ((status = 'WITHDRAWN') = (withdrawn_on is not null)),
  check (certificate is null or status = 'COMPLETED'),
  check (completed_on is null or completed_on >= enrolled_on),
  check (withdrawn_on is null or withdrawn_on >= enrolled_on)
);
-- One seat per pathway per course edition; withdrawing frees it.
create unique index enrolments_one_active_idx on enrolments (pathway_id, course_id) where status <> 'WITHDRAWN';
create index enrolments_training_body_idx on enrolments (training_body_id, enrolled_on desc, id desc);
create index enrolments_pathway_idx on enrolments (pathway_id);
create index enrolments_course_idx on enrolments (course_id);

create table operator_training_sessions (
  id uuid primary key,
  trainer_organisation_id text not null,
  host_training_body_id text not null,
  held_on date not null,
  topics text[] not null check (cardinality(topics) > 0),
  hours numeric(4, 2) not null check (hours > 0 and hours <= 40),
  -- Staff user ids of the operators who attended (the gateway's identities, not women's).
  attending_operator_ids text[] not null check (cardinality(attending_operator_ids) > 0),
  attending_organisation_ids text[] not null default '{}',
  recorded_by text,
  created_at timestamptz not null default now(),
  check (trainer_organisation_id <> host_training_body_id)
);
create index operator_training_sessions_list_idx on operator_training_sessions (held_on desc, id desc);
