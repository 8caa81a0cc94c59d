-- The vocabularies of needs assessments, plan goals and referrals, enforced by the store too, so
-- a record written around the API (seed, import, another client) cannot break the graph's enums.
alter table needs_assessments
  add constraint needs_assessments_education_level_check check (education_level in
    ('NONE', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY', 'VOCATIONAL', 'BACHELOR', 'MASTER_OR_HIGHER')),
  add constraint needs_assessments_economic_situation_check check (economic_situation in
    ('NO_INCOME', 'INCOME_SUPPORT', 'IRREGULAR_INCOME', 'LOW_INCOME', 'SELF_SUFFICIENT')),
  add constraint needs_assessments_housing_situation_check check (housing_situation in
    ('SHELTER', 'WITH_RELATIVES', 'RENTED', 'OWNED', 'TEMPORARY', 'AT_RISK')),
  add constraint needs_assessments_work_experience_check check (jsonb_typeof(work_experience) = 'array');

alter table plan_goals
  add constraint plan_goals_area_check check (area in ('EMPLOYMENT', 'TRAINING', 'HOUSING', 'ECONOMIC', 'CARE', 'LEGAL', 'WELLBEING')),
  -- Also the index the goals loader reads a plan's goals by, in order.
  add constraint plan_goals_position_key unique (plan_id, position);

-- A case-holder never refers a pathway to itself.
alter table referrals
  add constraint referrals_parties_check check (from_organisation_id <> to_organisation_id);
