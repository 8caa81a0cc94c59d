-- Who attended an operator-training session, each operator with the organisation they work for.
-- The session's two lists (operators, organisations) are not aligned, so they cannot say which job
-- centre an operator belongs to; the share of a centre's staff trained needs exactly that.
-- Staff user ids and directory ids only: no woman's data.
create table operator_attendances (
  session_id uuid not null references operator_training_sessions (id) on delete cascade,
  operator_id text not null,
  organisation_id text not null,
  primary key (session_id, operator_id)
);
-- An operator's first session (the operators-trained indicator) is found by operator.
create index operator_attendances_operator_idx on operator_attendances (operator_id);
