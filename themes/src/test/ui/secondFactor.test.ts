import { describe, expect, it } from "vitest";

import { describeBinding, describeSecondFactor } from "../../main/ui/lib/secondFactor";

/** Stands in for i18next: the key and its values, so that the test sees which message was chosen. */
const t = (key: string, options?: Record<string, string>) =>
  options ? `${key} ${JSON.stringify(options)}` : key;

describe("a credential's second factor", () => {
  it("names a local factor and one done at a provider", () => {
    expect(describeSecondFactor("otp", t)).toBe("appCredentialsFactorOtp");
    expect(describeSecondFactor("idp:up:otp", t)).toBe(
      'appCredentialsSecondFactorAt {"factor":"otp","provider":"up"}',
    );
  });
});

describe("what a credential is bound to", () => {
  it("names each binding the server reports", () => {
    expect(describeBinding("local", t)).toBe("appCredentialsBoundToLocal");
    expect(describeBinding("any", t)).toBe("appCredentialsBoundToAny");
    expect(describeBinding("none", t)).toBe("appCredentialsBoundToNone");
  });

  it("names the provider of an upstream binding, aliases with a colon included", () => {
    expect(describeBinding("idp:up", t)).toBe('appCredentialsBoundToProvider {"provider":"up"}');
    expect(describeBinding("idp:corp:eu", t)).toBe(
      'appCredentialsBoundToProvider {"provider":"corp:eu"}',
    );
  });

  it("shows nothing for a value it does not know", () => {
    expect(describeBinding("owner:local", t)).toBeUndefined();
    expect(describeBinding("", t)).toBeUndefined();
  });
});
