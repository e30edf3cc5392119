import { describe, expect, it } from "vitest";

import type { AppCredential, CredentialOptions } from "../../main/ui/lib/api";
import { overlapChoices, previousSecret } from "../../main/ui/lib/rotation";
import { resumeStep } from "../../main/ui/lib/stepUp";

const options = (choices?: number[]) =>
  ({ rotationOverlapChoices: choices }) as CredentialOptions;

const credential = (fields: Partial<AppCredential>) =>
  ({ id: "ac_1", name: "ci", state: "active", ...fields }) as AppCredential;

describe("the overlaps the regenerate dialog offers", () => {
  it("are the server's choices it can name, none first", () => {
    expect(overlapChoices(options([0, 3600, 86400, 604800]))).toEqual([0, 3600, 86400, 604800]);
    expect(overlapChoices(options([604800, 3600, 0]))).toEqual([0, 3600, 604800]);
  });

  it("are none only, under a policy without overlaps or from a server that predates them", () => {
    expect(overlapChoices(options([0]))).toEqual([0]);
    expect(overlapChoices(options(undefined))).toEqual([0]);
    expect(overlapChoices(undefined)).toEqual([0]);
  });

  it("leave out what it cannot name", () => {
    expect(overlapChoices(options([0, 60, 3600, -3600, 1.5, 3600]))).toEqual([0, 3600]);
  });
});

describe("the previous secret in the details", () => {
  const now = new Date("2026-06-01T12:00:00Z");

  it("shows until when it works and that it was not used since the rotation", () => {
    expect(previousSecret(credential({ previousSecretExpiresAt: "2026-06-01T13:00:00Z", previousSecretLastUsedAt: null }), now))
      .toEqual({ until: "2026-06-01T13:00:00Z", lastUsedAt: null });
  });

  it("shows its last use", () => {
    expect(previousSecret(credential({ previousSecretExpiresAt: "2026-06-02T00:00:00Z", previousSecretLastUsedAt: "2026-06-01T11:59:00Z" }), now)?.lastUsedAt)
      .toBe("2026-06-01T11:59:00Z");
  });

  it("is not shown when there is none, it has ended, or the credential is revoked", () => {
    expect(previousSecret(credential({}), now)).toBeUndefined();
    expect(previousSecret(credential({ previousSecretExpiresAt: null }), now)).toBeUndefined();
    expect(previousSecret(credential({ previousSecretExpiresAt: "2026-06-01T12:00:00Z" }), now)).toBeUndefined();
    expect(previousSecret(credential({ previousSecretExpiresAt: "not a date" }), now)).toBeUndefined();
    expect(previousSecret(credential({ state: "revoked", previousSecretExpiresAt: "2026-06-02T00:00:00Z" }), now)).toBeUndefined();
  });
});

describe("a regeneration with an overlap resumed after a step-up login", () => {
  it("keeps the overlap chosen", () => {
    const c = credential({});
    expect(resumeStep({ action: "regenerate", id: "ac_1", overlapSeconds: 3600 }, c))
      .toEqual({ kind: "regenerate", credential: c, overlapSeconds: 3600 });
    expect(resumeStep({ action: "regenerate", id: "ac_1" }, c)).toEqual({ kind: "regenerate", credential: c });
  });

  it("drops a damaged overlap (none, as the dialog preselects)", () => {
    const c = credential({});
    for (const bad of [-1, 1.5, "3600", null]) {
      expect(resumeStep({ action: "regenerate", id: "ac_1", overlapSeconds: bad as unknown as number }, c))
        .toEqual({ kind: "regenerate", credential: c });
    }
  });
});
