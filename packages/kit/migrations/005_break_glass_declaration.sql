-- A break-glass declaration is recorded where its reason is kept (the consent authority), once
-- per request and pathway: basis and reason in their columns, the declaration's reference
-- (`declaration:<sha256>`, the one the other subgraphs' entries carry) in `report`.
alter table audit_log drop constraint audit_log_action_check;
alter table audit_log add constraint audit_log_action_check check (action in ('READ', 'WRITE', 'REPORT', 'INDICATORS', 'DECLARATION'));
