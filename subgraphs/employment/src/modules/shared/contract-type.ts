import { registerEnumType } from "type-graphql";
import { enumObject } from "@percorsi/kit/author";

export const CONTRACT_TYPES = ["PERMANENT", "FIXED_TERM", "APPRENTICESHIP", "TRAINEESHIP"] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
export const ContractTypeEnum = enumObject<ContractType>(CONTRACT_TYPES);
registerEnumType(ContractTypeEnum, { name: "ContractType", description: "The kind of an employment contract." });
