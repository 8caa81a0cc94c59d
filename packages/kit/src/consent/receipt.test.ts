import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, SignJWT, type CryptoKey } from "jose";
import type { Actor } from "../trust/actor.js";
import { loadSigningKey, loadVerificationKey, SIGNING_ALGORITHM, type SigningKey } from "../trust/keys.js";
import {
  CONSENT_AUTHORITY_KEY_NAME,
  CONSENT_RECEIPT_ISSUER,
  ReceiptRejected,
  signConsentReceipt,
  verifyConsentReceipt,
  type ConsentReceipt,
} from "./receipt.js";

const PATHWAY = "p-1";

/** The job centre's counsellor, in the request the receipt is minted for. */
const jobCentre: Actor = {
  requestId: "req-receipt-1",
  userId: "user-of-job-centre-nord",
  organisationId: "job-centre-nord",
  organisationType: "JOB_CENTRE",
  roles: ["EMPLOYMENT_COUNSELLOR"],
  purpose: "JOB_PLACEMENT",
};

const receipt: ConsentReceipt = {
  pathwayId: PATHWAY,
  holderOrganisationId: "cav-aurora",
  sealed: false,
  referralAccepted: true,
  referralPurposes: ["JOB_PLACEMENT"],
  permitted: { WORK_HISTORY: "consent-1", PLAN: "consent-2" },
  withdrawn: ["HOUSING"],
  otherPurposes: ["TRAINING"],
};

let authority: SigningKey;
let verificationKey: CryptoKey;

beforeAll(async () => {
  authority = await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME);
  verificationKey = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
});

/** The claims signConsentReceipt writes, for hand-made tokens. */
function claims(actor: Actor = jobCentre, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    rid: actor.requestId,
    org: actor.organisationId,
    purpose: actor.purpose,
    holder: receipt.holderOrganisationId,
    sealed: receipt.sealed,
    referral: receipt.referralAccepted,
    referral_purposes: receipt.referralPurposes,
    permitted: receipt.permitted,
    withdrawn: receipt.withdrawn,
    other_purposes: receipt.otherPurposes,
    ...overrides,
  };
}

interface HandSigned {
  payload?: Record<string, unknown>;
  typ?: string;
  /** Seconds since the epoch. */
  issuedAt?: number;
  expiresAt?: number;
  key?: SigningKey;
  subject?: string;
  audience?: string;
}

/** Signs a receipt by hand, as the authority would, but with the given parts changed. */
async function handSign(options: HandSigned = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const key = options.key ?? authority;
  return new SignJWT(options.payload ?? claims())
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: options.typ ?? "consent-receipt+jwt" })
    .setIssuer(CONSENT_RECEIPT_ISSUER)
    .setSubject(options.subject ?? PATHWAY)
    .setAudience(options.audience ?? jobCentre.organisationId)
    .setIssuedAt(options.issuedAt ?? now)
    .setExpirationTime(options.expiresAt ?? now + 60)
    .sign(key.privateKey);
}

async function rejected(token: string, actor: Actor = jobCentre, pathwayId = PATHWAY): Promise<void> {
  await expect(verifyConsentReceipt(token, verificationKey, actor, pathwayId)).rejects.toBeInstanceOf(ReceiptRejected);
}

describe("consent receipts", () => {
  it("round-trip: what the authority signs is what the subgraph reads", async () => {
    const token = await signConsentReceipt(authority, jobCentre, receipt);
    await expect(verifyConsentReceipt(token, verificationKey, jobCentre, PATHWAY)).resolves.toEqual(receipt);
  });

  it("carries the sealed flag and an empty consent", async () => {
    const sealed: ConsentReceipt = { ...receipt, sealed: true, referralAccepted: false, permitted: {}, withdrawn: [], otherPurposes: [] };
    const token = await signConsentReceipt(authority, jobCentre, sealed);
    await expect(verifyConsentReceipt(token, verificationKey, jobCentre, PATHWAY)).resolves.toEqual(sealed);
  });

  it("the hand-signed control token is accepted (so the refusals below are for the one thing changed)", async () => {
    await expect(verifyConsentReceipt(await handSign(), verificationKey, jobCentre, PATHWAY)).resolves.toEqual(receipt);
  });

  describe("is refused (ReceiptRejected)", () => {
    it("replayed in another request", async () => {
      const token = await signConsentReceipt(authority, jobCentre, receipt);
      await rejected(token, { ...jobCentre, requestId: "req-receipt-2" });
    });

    it("presented for another organisation", async () => {
      const token = await signConsentReceipt(authority, jobCentre, receipt);
      await rejected(token, { ...jobCentre, organisationId: "job-centre-sud" });
      // Even when only the organisation claim differs and the audience is right.
      await rejected(await handSign({ payload: claims(jobCentre, { org: "job-centre-sud" }) }));
    });

    it("presented for another purpose", async () => {
      const token = await signConsentReceipt(authority, jobCentre, receipt);
      await rejected(token, { ...jobCentre, purpose: "TRAINING" });
      await rejected(token, { ...jobCentre, purpose: null });
      const noPurpose = await signConsentReceipt(authority, { ...jobCentre, purpose: null }, receipt);
      await rejected(noPurpose, jobCentre);
    });

    it("presented for another pathway", async () => {
      const token = await signConsentReceipt(authority, jobCentre, receipt);
      await rejected(token, jobCentre, "p-2");
    });

    it("signed by another Ed25519 key", async () => {
      const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: "Ed25519" });
      const impostor: SigningKey = { kid: authority.kid, privateKey };
      await rejected(await signConsentReceipt(impostor, jobCentre, receipt));
      await rejected(await handSign({ key: impostor }));
    });

    it("expired", async () => {
      const now = Math.floor(Date.now() / 1000);
      await rejected(await handSign({ issuedAt: now - 600, expiresAt: now - 300 }));
    });

    it("with another token type", async () => {
      await rejected(await handSign({ typ: "actor+jwt" }));
      await rejected(await handSign({ typ: "JWT" }));
    });

    it("with a tampered payload", async () => {
      const token = await signConsentReceipt(authority, jobCentre, receipt);
      const [header, , signature] = token.split(".");
      const payload = Buffer.from(JSON.stringify(claims(jobCentre, { sealed: false, permitted: { ...receipt.permitted, ECONOMIC: "forged" } }))).toString(
        "base64url",
      );
      await rejected(`${header}.${payload}.${signature}`);
    });

    it("missing a required claim", async () => {
      const { holder: _holder, ...withoutHolder } = claims();
      await rejected(await handSign({ payload: withoutHolder }));
      const { rid: _rid, ...withoutRequest } = claims();
      await rejected(await handSign({ payload: withoutRequest }));
    });

    it("unsigned (alg none), or claiming another algorithm", async () => {
      const payload = Buffer.from(JSON.stringify({ ...claims(), iss: CONSENT_RECEIPT_ISSUER, sub: PATHWAY, aud: jobCentre.organisationId, exp: Math.floor(Date.now() / 1000) + 60 })).toString("base64url");
      const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: "consent-receipt+jwt" })).toString("base64url");
      await rejected(`${header("none")}.${payload}.`);
      const genuine = (await signConsentReceipt(authority, jobCentre, receipt)).split(".")[2];
      await rejected(`${header("HS256")}.${payload}.${genuine}`);
    });

    it("not a token at all", async () => {
      await rejected("not-a-jwt");
      await rejected("");
    });
  });

  it("drops categories it does not know from permitted, withdrawn and otherPurposes", async () => {
    const token = await handSign({
      payload: claims(jobCentre, {
        permitted: { WORK_HISTORY: "consent-1", BANK_ACCOUNT: "consent-1", PLAN: 42, CARE: null },
        withdrawn: ["HOUSING", "SEXUAL_ORIENTATION", 7],
        other_purposes: ["TRAINING", "whatever"],
      }),
    });
    const verified = await verifyConsentReceipt(token, verificationKey, jobCentre, PATHWAY);
    expect(verified.permitted).toEqual({ WORK_HISTORY: "consent-1" });
    expect(verified.withdrawn).toEqual(["HOUSING"]);
    expect(verified.otherPurposes).toEqual(["TRAINING"]);
  });

  it("reads missing or malformed lists as empty, and a malformed referral flag as no referral", async () => {
    const token = await handSign({
      payload: claims(jobCentre, { permitted: undefined, withdrawn: "HOUSING", other_purposes: undefined, referral: 1, referral_purposes: ["X", "JOB_PLACEMENT", 3] }),
    });
    await expect(verifyConsentReceipt(token, verificationKey, jobCentre, PATHWAY)).resolves.toEqual({
      ...receipt,
      referralAccepted: false,
      referralPurposes: ["JOB_PLACEMENT"],
      permitted: {},
      withdrawn: [],
      otherPurposes: [],
    });
  });
});
