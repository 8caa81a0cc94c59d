-- What the network's indicators need that the case-holders' store did not keep yet.

-- Follow-up reviews of her economic and housing situation (the needs analysis holds the one at
-- intake): the autonomy indicators compare the situation at intake with the latest review.
create table situation_reviews (
  id uuid primary key,
  pathway_id uuid not null references pathways (id) on delete cascade,
  reviewed_on date not null,
  reviewed_by text not null,
  economic_situation text not null check (economic_situation in
    ('NO_INCOME', 'INCOME_SUPPORT', 'IRREGULAR_INCOME', 'LOW_INCOME', 'SELF_SUFFICIENT')),
  housing_situation text not null check (housing_situation in
    ('SHELTER', 'WITH_RELATIVES', 'RENTED', 'OWNED', 'TEMPORARY', 'AT_RISK')),
  created_at timestamptz not null default now()
);
create index situation_reviews_pathway_idx on situation_reviews (pathway_id, reviewed_on desc);

-- How many operators an organisation has (a directory figure, not personal data): the share of a
-- job centre's staff trained by the network is computed on it.
alter table organisations add column operators integer check (operators is null or operators > 0);
