// The tests' callers and selections: its own operator, and the case-holder of every pathway.
import type { Caller, ReceiptOptions } from "@percorsi/kit/testing";

export const HOLDER = "cav-aurora";
export const RECORDS = "__nameCamel__Records { id recordedOn }";
export const WRITE = `mutation($i: Record__Name__Input!) { record__Name__(input: $i) { id } }`;
/** A live referral of her pathway to the caller's organisation, for the purpose it declares. */
export const referred: ReceiptOptions = { holder: HOLDER, referralPurposes: ["EMPOWERMENT_PLAN"] };

export const operator: Caller = { organisationId: "__org_id__", organisationType: "__ORG_TYPE__", roles: ["__ROLE__"], purpose: "EMPOWERMENT_PLAN" };
export const holderOperator: Caller = { organisationId: HOLDER, organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"], purpose: "EMPOWERMENT_PLAN" };
