import type { AppCredential, CredentialOptions, Policy } from "./api";
import {
  localDateTime,
  parseLocalDateTime,
  toDateInput,
  toTimeInput,
} from "./dates";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The time a new expiry date comes with: the end of that day. */
export const END_OF_DAY = "23:59";

/** A local date (`yyyy-MM-dd`) and time of day (`HH:mm`), as the form holds an expiry. */
export type LocalExpiry = { date: string; time: string };

/**
 * When a credential may expire, from `GET /options`: the latest moment the
 * policy allows, and the default expiry (now plus the default lifetime).
 */
export type ExpiryBounds = { max: Date; defaultDate: Date };

export function expiryBounds(
  { policy, defaultExpiresAt, maxExpiresAt }: CredentialOptions,
  now = new Date(),
): ExpiryBounds {
  return {
    max: maxExpiresAt
      ? new Date(maxExpiresAt)
      : new Date(now.getTime() + policy.maxLifetimeDays * DAY_MS),
    defaultDate: defaultExpiresAt
      ? new Date(defaultExpiresAt)
      : new Date(now.getTime() + policy.defaultLifetimeDays * DAY_MS),
  };
}

/**
 * `date`'s day at its end (23:59 local time), or the latest minute allowed
 * when that is later: the expiry a form proposes for a day.
 */
export function endOfDayWithin(date: Date, bounds?: ExpiryBounds): LocalExpiry {
  const day = toDateInput(date);
  const endOfDay = localDateTime(day, END_OF_DAY)!;
  if (bounds && endOfDay > bounds.max) {
    return { date: toDateInput(bounds.max), time: toTimeInput(bounds.max) };
  }
  return { date: day, time: END_OF_DAY };
}

export type ExpiryProblem =
  | "invalid"
  | "nonexistent"
  | "tooEarly"
  | "tooLate"
  | "notLater";

/**
 * Why an expiry is not allowed, if it is not: not a date and time, a time the
 * clocks skip that day, not in the future, past the policy's latest, or (for a
 * renewal, given `after`) not later than the current expiry.
 */
export function checkExpiry(
  { date, time }: LocalExpiry,
  bounds?: ExpiryBounds,
  now = new Date(),
  after?: Date,
): ExpiryProblem | undefined {
  const value = parseLocalDateTime(date, time);
  if (!(value instanceof Date)) {
    return value;
  }
  if (value <= now) {
    return "tooEarly";
  }
  // The bound has seconds, the field has not: a minute that starts before it is fine.
  if (bounds && value > bounds.max) {
    return "tooLate";
  }
  return after && value <= after ? "notLater" : undefined;
}

/**
 * The expiry the renew dialog proposes: the end of the day the default
 * lifetime from now reaches (what a new credential gets); when that would not
 * move the expiry later (a credential made today with the default lifetime),
 * the end of the day the default lifetime from its current expiry reaches;
 * never past the policy's latest. Undefined when no allowed expiry is later
 * than the current one (it already expires at the latest moment allowed).
 */
export function renewalProposal(
  currentExpiry: Date,
  bounds: ExpiryBounds,
  now = new Date(),
): LocalExpiry | undefined {
  const lifetime = Math.max(0, bounds.defaultDate.getTime() - now.getTime());
  for (const from of [now, currentExpiry]) {
    const proposal = endOfDayWithin(
      new Date(from.getTime() + lifetime),
      bounds,
    );
    if (!checkExpiry(proposal, bounds, now, currentExpiry)) {
      return proposal;
    }
  }
  return undefined;
}

/**
 * How many days before its expiry the page warns about a credential: the
 * largest of the policy's reminder days, i.e. when the first reminder mail goes
 * out. None when reminders are off (`[]`).
 */
export function expiryWarningDays(policy: Policy): number | undefined {
  const days = (policy.expiryReminderDays ?? []).filter(
    (value) => Number.isInteger(value) && value > 0,
  );
  return days.length ? Math.max(...days) : undefined;
}

/**
 * Whole days left before an expiry, counted as the reminder mails count them
 * (periods of 24 hours, whatever the clocks do meanwhile): rounded up, and at
 * least one (a credential expiring in three hours has "a day" left). An expiry
 * is within N days exactly when this is at most N.
 */
export function daysLeft(expiresAt: string, now: number): number {
  const left = new Date(expiresAt).getTime() - now;
  return Math.max(1, Math.ceil(left / DAY_MS));
}

/**
 * The days left of a live (active or disabled) credential whose expiry is
 * within `warningDays`; undefined for any other, and when there is no
 * threshold. Suspended ones are left out: they cannot be renewed.
 */
export function expiresSoon(
  credential: AppCredential,
  warningDays: number | undefined,
  now: number,
): number | undefined {
  if (
    warningDays === undefined ||
    (credential.state !== "active" && credential.state !== "disabled")
  ) {
    return undefined;
  }
  const left = new Date(credential.expiresAt).getTime() - now;
  return left > 0 && left <= warningDays * DAY_MS
    ? daysLeft(credential.expiresAt, now)
    : undefined;
}

/** A credential that expires within the warning threshold, and its days left. */
export type ExpiringCredential = { credential: AppCredential; days: number };

/**
 * The live credentials expiring within the first reminder threshold (none
 * when reminders are off), soonest first, with their days left.
 */
export function expiringSoonest(
  credentials: AppCredential[],
  policy: Policy | undefined,
  now: number,
): ExpiringCredential[] {
  const warningDays = policy ? expiryWarningDays(policy) : undefined;
  return credentials
    .flatMap((credential) => {
      const days = expiresSoon(credential, warningDays, now);
      return days === undefined ? [] : [{ credential, days }];
    })
    .sort(
      (a, b) =>
        new Date(a.credential.expiresAt).getTime() -
        new Date(b.credential.expiresAt).getTime(),
    );
}
