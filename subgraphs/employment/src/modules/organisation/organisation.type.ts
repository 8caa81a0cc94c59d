import { defineOrganisationRef } from "@percorsi/kit/author";

/** A network organisation, by reference only: the anti-violence subgraph owns the directory. */
export const { Organisation, organisationRef } = defineOrganisationRef();
export type Organisation = InstanceType<typeof Organisation>;
