  __ORG_TYPE__: { receivesReferrals: true }
