-- Why a referral was rejected, as a code of the network's vocabulary: the indicators break
-- rejections down by it (a category must never echo what an operator typed). The free-text
-- reason stays, for the case-holder. Rejections recorded before the code existed are OTHER.
alter table referrals add column rejection_code text
  check (rejection_code in ('NO_CAPACITY', 'NOT_ELIGIBLE', 'OUT_OF_AREA', 'DECLINED_BY_HER', 'OTHER'));
update referrals set rejection_code = 'OTHER' where status = 'REJECTED';
alter table referrals add constraint referrals_rejection_code_when_rejected_check check ((status = 'REJECTED') = (rejection_code is not null));
