import { describe, expect, it } from "vitest";

import type { AppCredential, CredentialState } from "../../main/ui/lib/api";
import { idleSoon, stateReasonKey } from "../../main/ui/lib/idle";

const credential = (
  fields: Partial<AppCredential> & { state?: CredentialState } = {},
): AppCredential => ({
  id: "c1",
  name: "ci",
  clientId: "app-credentials",
  realmRoles: [],
  clientRoles: {},
  scopes: [],
  state: "active",
  createdAt: "2026-03-01T00:00:00Z",
  expiresAt: "2026-06-01T00:00:00Z",
  ...fields,
});

describe("idleSoon", () => {
  it("marks an active credential idle for at least half of maxIdleDays", () => {
    expect(idleSoon(credential({ idleDays: 1 }), 4)).toBeUndefined();
    expect(idleSoon(credential({ idleDays: 2 }), 4)).toBe(2);
    expect(idleSoon(credential({ idleDays: 3 }), 4)).toBe(3);
    // half of an odd number: 45 of 90 yes, 44 no; 3 of 5 yes, 2 of 5 no
    expect(idleSoon(credential({ idleDays: 44 }), 90)).toBeUndefined();
    expect(idleSoon(credential({ idleDays: 45 }), 90)).toBe(45);
    expect(idleSoon(credential({ idleDays: 2 }), 5)).toBeUndefined();
    expect(idleSoon(credential({ idleDays: 3 }), 5)).toBe(3);
  });

  it("marks nothing when the policy is off or the server says nothing", () => {
    expect(idleSoon(credential({ idleDays: 30 }), undefined)).toBeUndefined();
    expect(idleSoon(credential({ idleDays: 30 }), null)).toBeUndefined();
    expect(idleSoon(credential({ idleDays: 30 }), 0)).toBeUndefined();
    expect(idleSoon(credential(), 4)).toBeUndefined();
    expect(idleSoon(credential({ idleDays: null }), 4)).toBeUndefined();
  });

  it("marks only active credentials", () => {
    for (const state of ["disabled", "suspended", "expired", "revoked"] as const) {
      expect(idleSoon(credential({ state, idleDays: 10 }), 4)).toBeUndefined();
    }
  });
});

describe("stateReasonKey", () => {
  it("names each known reason of a disabled or suspended credential", () => {
    expect(stateReasonKey(credential({ state: "disabled", stateReason: "idle" }))).toBe(
      "appCredentialsReasonIdle",
    );
    expect(stateReasonKey(credential({ state: "disabled", stateReason: "owner" }))).toBe(
      "appCredentialsReasonOwner",
    );
    expect(stateReasonKey(credential({ state: "disabled", stateReason: "admin" }))).toBe(
      "appCredentialsReasonAdmin",
    );
    expect(
      stateReasonKey(credential({ state: "suspended", stateReason: "mfa_removed" })),
    ).toBe("appCredentialsReasonMfaRemoved");
    expect(stateReasonKey(credential({ state: "disabled", stateReason: "leaked" }))).toBe(
      "appCredentialsReasonLeaked",
    );
  });

  it("names none for an active credential, an absent or an unknown reason", () => {
    expect(stateReasonKey(credential({ stateReason: "idle" }))).toBeUndefined();
    expect(stateReasonKey(credential({ state: "disabled" }))).toBeUndefined();
    expect(
      stateReasonKey(credential({ state: "disabled", stateReason: "toString" })),
    ).toBeUndefined();
    expect(
      stateReasonKey(credential({ state: "disabled", stateReason: "something-new" })),
    ).toBeUndefined();
  });
});
