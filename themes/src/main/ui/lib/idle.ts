import type { AppCredential } from "./api";

/**
 * The idle days of an active credential that has gone unused for at least half
 * of the realm's `maxIdleDays` (it gets the "Idle for N days" mark); undefined
 * for any other, and when the policy is off.
 */
export function idleSoon(
  credential: AppCredential,
  maxIdleDays: number | null | undefined,
): number | undefined {
  const days = credential.idleDays;
  if (
    !maxIdleDays ||
    maxIdleDays <= 0 ||
    credential.state !== "active" ||
    typeof days !== "number"
  ) {
    return undefined;
  }
  return days * 2 >= maxIdleDays ? days : undefined;
}

const REASONS: Record<string, string> = {
  owner: "appCredentialsReasonOwner",
  admin: "appCredentialsReasonAdmin",
  mfa_removed: "appCredentialsReasonMfaRemoved",
  leaked: "appCredentialsReasonLeaked",
  idle: "appCredentialsReasonIdle",
};

/**
 * The message key of why a credential is disabled or suspended, for known
 * reasons only; undefined for an active one and for a reason this console does
 * not know (the state alone is then shown).
 */
export function stateReasonKey(credential: AppCredential): string | undefined {
  if (credential.state !== "disabled" && credential.state !== "suspended") {
    return undefined;
  }
  const reason = credential.stateReason;
  return reason && Object.hasOwn(REASONS, reason) ? REASONS[reason] : undefined;
}
