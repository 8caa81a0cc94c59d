-- Reads of the network's indicators are audited too: who read which report (its range,
-- granularity, breakdown and section). No pathway: a report holds aggregates only.
alter table audit_log drop constraint audit_log_action_check;
alter table audit_log add constraint audit_log_action_check check (action in ('READ', 'WRITE', 'REPORT', 'INDICATORS'));
alter table audit_log add column report text check (report is null or char_length(report) <= 200);
