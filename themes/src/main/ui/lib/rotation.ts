import type { AppCredential, CredentialOptions } from "./api";

/** The overlaps the regenerate dialog knows how to name, in seconds: none, 1 hour, 1 day, 7 days. */
export const OVERLAP_LABELS: Record<number, string> = {
  0: "appCredentialsOverlapNone",
  3600: "appCredentialsOverlapHour",
  86400: "appCredentialsOverlapDay",
  604800: "appCredentialsOverlapWeek",
};

/**
 * The overlaps to offer when regenerating: those of the server's
 * `rotationOverlapChoices` the dialog can name, "none" always first. A server
 * without the field (or a policy of 0) offers none but "none".
 */
export function overlapChoices(options?: CredentialOptions): number[] {
  const offered = (options?.rotationOverlapChoices ?? []).filter(
    (seconds) => Number.isInteger(seconds) && seconds > 0 && seconds in OVERLAP_LABELS,
  );
  return [0, ...Array.from(new Set(offered)).sort((a, b) => a - b)];
}

/** The previous secret of a rotation overlap that still works at `now`, if any. */
export type PreviousSecret = {
  /** Until when it works (ISO-8601). */
  until: string;
  /** Its last use since the rotation (ISO-8601), or null when not used since. */
  lastUsedAt: string | null;
};

export function previousSecret(
  credential: AppCredential,
  now: Date = new Date(),
): PreviousSecret | undefined {
  const until = credential.previousSecretExpiresAt;
  if (!until || credential.state === "revoked") return undefined;
  const end = new Date(until).getTime();
  if (Number.isNaN(end) || end <= now.getTime()) return undefined;
  return { until, lastUsedAt: credential.previousSecretLastUsedAt ?? null };
}
