import { describe, expect, it } from "vitest";

import { toError } from "../../main/ui/lib/api";
import {
  parseChallenges,
  parseStepUpChallenge,
} from "../../main/ui/lib/challenge";
import { formatDateTime } from "../../main/ui/lib/dates";

describe("the WWW-Authenticate step-up challenge (RFC 9470)", () => {
  it("is read from the Bearer challenge with its max_age and acr_values", () => {
    expect(
      parseStepUpChallenge(
        'Bearer error="insufficient_user_authentication", error_description="A fresh second factor is required", max_age=300, acr_values="gold silver"',
      ),
    ).toEqual({
      maxAge: 300,
      acrValues: "gold silver",
      description: "A fresh second factor is required",
    });
  });

  it("reads scheme and parameter names in any case, and quoted or bare values", () => {
    expect(
      parseStepUpChallenge(
        'bearer ERROR=insufficient_user_authentication, Max_Age="0"',
      ),
    ).toEqual({ maxAge: 0, acrValues: undefined, description: undefined });
  });

  it("keeps commas, escaped quotes and scheme-like words inside quoted strings", () => {
    const [bearer] = parseChallenges(
      'Bearer error="insufficient_user_authentication", error_description="Sign in again, \\"now\\", Basic realm=x", max_age=60',
    );
    expect(bearer.scheme).toBe("bearer");
    expect(bearer.params.get("error_description")).toBe(
      'Sign in again, "now", Basic realm=x',
    );
    expect(bearer.params.get("max_age")).toBe("60");
  });

  it("finds the Bearer challenge among others, whichever comes first", () => {
    const header =
      'DPoP algs="ES256 PS256", error="invalid_token", Bearer realm="demo", error="insufficient_user_authentication", max_age=5';
    expect(parseChallenges(header).map(({ scheme }) => scheme)).toEqual([
      "dpop",
      "bearer",
    ]);
    expect(parseStepUpChallenge(header)?.maxAge).toBe(5);
    // the DPoP challenge's error is not the Bearer challenge's
    expect(
      parseStepUpChallenge(
        'DPoP error="insufficient_user_authentication", Bearer error="invalid_token"',
      ),
    ).toBeUndefined();
  });

  it("is none for any other answer", () => {
    for (const header of [
      null,
      undefined,
      "",
      'Bearer error="invalid_token"',
      'Basic realm="demo"',
      "Bearer",
      'Bearer realm="demo"',
    ]) {
      expect(parseStepUpChallenge(header)).toBeUndefined();
    }
  });

  it("takes the first of a repeated parameter and ignores a max_age that is no number", () => {
    expect(
      parseStepUpChallenge(
        'Bearer error="insufficient_user_authentication", max_age=abc, max_age=10, acr_values=""',
      ),
    ).toEqual({ maxAge: undefined, acrValues: undefined, description: undefined });
  });
});

describe("a refused call", () => {
  const response = (
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    new Response(body === undefined ? "<html>" : JSON.stringify(body), {
      status,
      statusText: status === 502 ? "Bad Gateway" : "",
      headers,
    });

  it("carries the challenge, with the identity provider the body names", async () => {
    const error = await toError(
      response(
        401,
        { error: "insufficient_user_authentication", identity_provider: "corp" },
        {
          "WWW-Authenticate":
            'Bearer error="insufficient_user_authentication", error_description="Sign in again", max_age=0',
        },
      ),
      "en-US",
    );
    expect(error.stepUp).toEqual({
      maxAge: 0,
      acrValues: undefined,
      description: "Sign in again",
      identityProvider: "corp",
    });
    expect(error.message).toBe("Sign in again");
  });

  it("names the field of a 400, with its instants as local dates", async () => {
    const error = await toError(
      response(400, {
        errorMessage: "A renewal must move the expiry later than 2027-01-03T23:59:00Z",
        field: "expiresAt",
      }),
      "en-US",
    );
    expect(error.status).toBe(400);
    expect(error.field).toBe("expiresAt");
    expect(error.stepUp).toBeUndefined();
    expect(error.message).toBe(
      `A renewal must move the expiry later than ${formatDateTime("2027-01-03T23:59:00Z", "en-US")}`,
    );
  });

  it("keeps the error code, and falls back to the status when the body says nothing", async () => {
    const mfa = await toError(
      response(403, { error: "mfa_not_configured", error_description: "Set up a second factor" }),
      "en-US",
    );
    expect(mfa.code).toBe("mfa_not_configured");
    expect(mfa.message).toBe("Set up a second factor");
    const gateway = await toError(response(502, undefined), "en-US");
    expect(gateway.message).toBe("502 Bad Gateway");
    // a 401 without the challenge is no step-up
    const expired = await toError(
      response(401, { error: "invalid_token" }, { "WWW-Authenticate": 'Bearer error="invalid_token"' }),
      "en-US",
    );
    expect(expired.stepUp).toBeUndefined();
  });
});
