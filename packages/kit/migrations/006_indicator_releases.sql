-- Indicator releases: the network's figures are published, not queried live. A release is
-- computed for a closed month on a schedule, frozen, and stored where each section's data lives;
-- only aggregate cells are kept. See docs/indicators.md ("Releases").
--
-- seq orders every release version of the network (the consent authority assigns it); a reader
-- of release seq s sees, for each cell, the one stored by the latest published release ≤ s (or
-- by s itself), so a published cell is never changed: a later release only adds newly closed
-- periods, and a revision adds new versions of a past year's cells.
create table indicator_releases (
  seq integer primary key,
  id text not null check (id ~ '^\d{4}-\d{2}$'),
  version integer not null check (version >= 1),
  status text not null check (status in ('DRAFT', 'PUBLISHED')),
  cut_off date not null,
  computed_at timestamptz,
  published_at timestamptz,
  unique (id, version)
);

create table indicator_release_cells (
  seq integer not null,
  section text not null,
  granularity text not null,
  breakdown text not null,
  indicator_id text not null,
  period text not null,
  period_from date not null,
  period_to date not null,
  grp text not null,
  category text not null default '',
  -- The key epoch its noise was drawn in: a cell already stored and measured in the same epoch is
  -- never stored again (frozen until its year's revision, which draws a new epoch).
  epoch text not null,
  value double precision,
  suppressed boolean not null,
  reason text,
  numerator integer,
  denominator integer,
  primary key (section, granularity, breakdown, indicator_id, period, grp, category, seq)
);
create index indicator_release_cells_read_idx on indicator_release_cells (section, granularity, breakdown, seq);

-- Who counts, as the consent authority hands it over for one release: kept only while the release
-- is computed, deleted with its last page.
create table indicator_release_cohort (
  seq integer not null,
  pathway_id uuid not null,
  attributes jsonb not null,
  primary key (seq, pathway_id)
);
