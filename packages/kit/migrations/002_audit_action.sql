-- What the audited attempt was: a read of her data, a write about her, or a read of her access
-- report. Entries written before this column are reads.
alter table audit_log add column action text not null default 'READ' check (action in ('READ', 'WRITE', 'REPORT'));
