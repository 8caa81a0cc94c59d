  __ROLE__:
    description: Operator at __title__ (__ORG_TYPE__)
    casework: true
    ceiling: *shareable
    readsIndicators: OWN_ORGANISATION
