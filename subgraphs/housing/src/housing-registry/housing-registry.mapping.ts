import { defineRestMapping, restEntity, restWrite } from "@percorsi/kit/author";

// The housing body's existing system, mapped: which endpoint batch-loads each record by pathway,
// how its JSON becomes our records, and the endpoint that writes. The kit's RestSource is the client.

export interface HousingNeedRecord {
  id: string;
  pathwayId: string;
  housingBodyId: string;
  situation: string;
  householdSize: number;
  assessedOn: string;
}

export interface HousingApplicationRecord {
  id: string;
  pathwayId: string;
  housingBodyId: string;
  scheme: string;
  status: string;
  submittedOn: string;
  decidedOn: string | null;
}

export interface HousingAllocationRecord {
  id: string;
  applicationId: string;
  pathwayId: string;
  housingBodyId: string;
  allocatedOn: string;
  tenure: string;
  district: string;
}

export interface NewHousingApplication {
  pathwayId: string;
  housingBodyId: string;
  scheme: string;
  submittedOn: string;
  recordedBy: string;
}

const APPLICATION_FIELDS = {
  id: "id",
  pathwayId: "pathway_id",
  housingBodyId: "housing_body_id",
  scheme: "scheme",
  status: "status",
  submittedOn: { from: "submitted_on", as: "date" },
  decidedOn: { from: "decided_on", as: "date", optional: true },
} as const;

export const HOUSING_REGISTRY = defineRestMapping({
  service: "housing-registry",
  apiKeyHeader: "x-api-key",
  entities: {
    needs: restEntity<HousingNeedRecord>()({
      path: "/needs",
      batchBy: "pathwayIds",
      key: "pathwayId",
      many: true,
      fields: {
        id: "id",
        pathwayId: "pathway_id",
        housingBodyId: "housing_body_id",
        situation: "situation",
        householdSize: { from: "household_size", as: "number" },
        assessedOn: { from: "assessed_on", as: "date" },
      },
    }),
    applications: restEntity<HousingApplicationRecord>()({ path: "/applications", batchBy: "pathwayIds", key: "pathwayId", many: true, fields: APPLICATION_FIELDS }),
    allocations: restEntity<HousingAllocationRecord>()({
      path: "/allocations",
      batchBy: "pathwayIds",
      key: "pathwayId",
      many: true,
      fields: {
        id: "id",
        applicationId: "application_id",
        pathwayId: "pathway_id",
        housingBodyId: "housing_body_id",
        allocatedOn: { from: "allocated_on", as: "date" },
        tenure: "tenure",
        district: "district",
      },
    }),
  },
  writes: {
    createApplication: restWrite<NewHousingApplication, HousingApplicationRecord>()({
      method: "POST",
      path: "/applications",
      body: { pathway_id: "pathwayId", housing_body_id: "housingBodyId", scheme: "scheme", submitted_on: "submittedOn", recorded_by: "recordedBy" },
      returns: APPLICATION_FIELDS,
    }),
  },
});
