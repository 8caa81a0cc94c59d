import { defineRestMapping, restEntity, restWrite } from "@percorsi/kit/author";

// __service__, the existing system this subgraph sits over, mapped: which endpoint batch-loads
// each record by key, how its JSON becomes our records, and the endpoint that writes. The kit's
// RestSource is the client (batching, deadlines, outage codes, call counts). __mapping_note__

export interface __Name__Row {
  id: string;
  pathwayId: string;
  organisationId: string;
  recordedOn: string;
}

export type New__Name__Row = Omit<__Name__Row, "id"> & { recordedBy: string };

const RECORD_FIELDS = {
  id: "id",
  pathwayId: "pathway_id",
  organisationId: "organisation_id",
  recordedOn: { from: "recorded_on", as: "date" },
} as const;

export const __SERVICE__ = defineRestMapping({
  service: "__service__",
  apiKeyHeader: "x-api-key",
  entities: {
    records: restEntity<__Name__Row>()({ path: "/records", batchBy: "pathwayIds", key: "pathwayId", many: true, fields: RECORD_FIELDS }),
    recordsKept: restEntity<__Name__Row>()({ path: "/records", batchBy: "organisationIds", key: "organisationId", many: true, fields: RECORD_FIELDS }),
  },
  writes: {
    createRecord: restWrite<New__Name__Row, __Name__Row>()({
      method: "POST",
      path: "/records",
      body: { pathway_id: "pathwayId", organisation_id: "organisationId", recorded_on: "recordedOn", recorded_by: "recordedBy" },
      returns: RECORD_FIELDS,
    }),
  },
});
