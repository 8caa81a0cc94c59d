-- What __title__ records about a woman's pathway: one row per record, kept by the organisation
-- that wrote it. Replace the columns with your own modelling (then the type, repository and seed).
create table __name_snake___records (
  id uuid primary key default gen_random_uuid(),
  pathway_id uuid not null,
  organisation_id text not null,
  recorded_on date not null,
  recorded_by text not null
);
create index __name_snake___records_pathway on __name_snake___records (pathway_id);
