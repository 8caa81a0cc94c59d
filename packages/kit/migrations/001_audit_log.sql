-- Every sensitive access decision a subgraph makes, allowed or denied: append-only and
-- hash-chained (each entry's hash covers the one before), so that any later change shows.
create table audit_log (
  seq bigserial primary key,
  at timestamptz not null,
  request_id text not null,
  actor_id text not null,
  organisation_id text not null,
  roles text not null,
  purpose text,
  pathway_id text,
  category text not null,
  decision text not null check (decision in ('ALLOW', 'DENY')),
  reason text,
  basis text,
  consent_id text,
  break_glass_basis text,
  break_glass_reason text,
  prev_hash text not null,
  hash text not null unique
);
create index audit_log_pathway_idx on audit_log (pathway_id, seq);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;

create trigger audit_log_no_update_or_delete before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
