type Translate = (key: string, options?: Record<string, string>) => string;

const LOCAL_FACTORS: Record<string, string> = {
  otp: "appCredentialsFactorOtp",
  webauthn: "appCredentialsFactorWebauthn",
  "webauthn-passwordless": "appCredentialsFactorPasskey",
  "recovery-code": "appCredentialsFactorRecoveryCode",
};

/**
 * A credential's second factor in words: a local one (`otp`, `webauthn`, …)
 * or one done at a trusted identity provider (`idp:<alias>:<amr or acr>`);
 * an unknown value as it is.
 */
export function describeSecondFactor(mfa: string, t: Translate): string {
  const upstream = /^idp:([^:]+):(.+)$/.exec(mfa);
  if (upstream) {
    return t("appCredentialsSecondFactorAt", {
      // the provider's own word (an RFC 8176 amr value or an acr), as it sent it
      factor: upstream[2],
      provider: upstream[1],
    });
  }
  return LOCAL_FACTORS[mfa] ? t(LOCAL_FACTORS[mfa]) : mfa;
}

/**
 * What a credential is bound to (its `mfaBinding`) in words; nothing for a
 * value this page does not know.
 */
export function describeBinding(
  binding: string,
  t: Translate,
): string | undefined {
  const upstream = /^idp:(.+)$/.exec(binding);
  if (upstream) {
    return t("appCredentialsBoundToProvider", { provider: upstream[1] });
  }
  const key = BINDINGS[binding];
  return key ? t(key) : undefined;
}

const BINDINGS: Record<string, string> = {
  local: "appCredentialsBoundToLocal",
  any: "appCredentialsBoundToAny",
  none: "appCredentialsBoundToNone",
};
