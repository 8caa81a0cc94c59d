import type { ReferralStatus } from "./referral.type.js";

/** Who may move a referral: the case-holder that sent it, or the organisation it is addressed to. */
export type ReferralParty = "HOLDER" | "RECEIVER";
export type ReferralAction = "accept" | "reject" | "complete" | "withdraw";

export interface ReferralTransition {
  by: ReferralParty;
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  /** Accepting and rejecting are the receiver's answer: they record when and by whom. */
  answers: boolean;
  /** For messages: "A referral can be accepted only while SENT." */
  done: string;
}

/** The referral state machine; every move not listed here is refused. */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralAction, ReferralTransition>> = {
  accept: { by: "RECEIVER", from: ["SENT"], to: "ACCEPTED", answers: true, done: "accepted" },
  reject: { by: "RECEIVER", from: ["SENT"], to: "REJECTED", answers: true, done: "rejected" },
  complete: { by: "RECEIVER", from: ["ACCEPTED"], to: "DONE", answers: false, done: "completed" },
  withdraw: { by: "HOLDER", from: ["SENT", "ACCEPTED"], to: "WITHDRAWN", answers: false, done: "withdrawn" },
};

export function wrongStatusMessage(transition: ReferralTransition): string {
  return `A referral can be ${transition.done} only while ${transition.from.join(" or ")}.`;
}
