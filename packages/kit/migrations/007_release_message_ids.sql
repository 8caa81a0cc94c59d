-- The consent authority's release messages are single-use: each carries a unique id (`jti`),
-- remembered here until the message expires, so a page or a publication replayed within its
-- lifetime (a draft's page would restart the draft) is refused. The primary key makes the first of
-- two identical messages sent at once the only one taken. Expired ids are pruned as new ones come.
create table indicator_release_messages (
  id text primary key,
  expires_at timestamptz not null
);
create index indicator_release_messages_expires_at_idx on indicator_release_messages (expires_at);
