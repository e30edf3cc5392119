import type { AppCredential, CredentialOptions, Policy } from "./api";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time a new expiry date comes with: the end of that day. */
export const END_OF_DAY = "23:59";

/** When a credential may expire, from `GET /options`. */
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

const pad = (n: number) => String(n).padStart(2, "0");

/** `yyyy-MM-dd` in the browser's time zone (the value of an `<input type="date">`). */
export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `HH:mm` in the browser's time zone (the value of an `<input type="time">`). */
export function toTimeInput(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A local date (`yyyy-MM-dd`) and time (`HH:mm`) as an instant, if both are valid. */
export function localDateTime(date: string, time: string): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const clock = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!day || !clock) {
    return undefined;
  }
  const [year, month, dayOfMonth] = [+day[1], +day[2] - 1, +day[3]];
  const [hours, minutes] = [+clock[1], +clock[2]];
  if (hours > 23 || minutes > 59) {
    return undefined;
  }
  const value = new Date(year, month, dayOfMonth, hours, minutes);
  return value.getFullYear() === year &&
    value.getMonth() === month &&
    value.getDate() === dayOfMonth
    ? value
    : undefined;
}

/**
 * The date and time a form starts with: `date` at the end of its day, or the
 * latest time allowed when that is earlier.
 */
export function initialExpiry(
  date: Date,
  bounds?: ExpiryBounds,
): { date: string; time: string } {
  const day = toDateInput(date);
  const endOfDay = localDateTime(day, END_OF_DAY)!;
  return {
    date: day,
    time: bounds && endOfDay > bounds.max ? toTimeInput(bounds.max) : END_OF_DAY,
  };
}

export type ExpiryProblem = "invalid" | "tooEarly" | "tooLate";

/** Why an expiry is not allowed, if it is not. */
export function checkExpiry(
  date: string,
  time: string,
  bounds?: ExpiryBounds,
  now = new Date(),
): ExpiryProblem | undefined {
  const value = localDateTime(date, time);
  if (!value) {
    return "invalid";
  }
  if (value <= now) {
    return "tooEarly";
  }
  // The bound has seconds, the field has not: a minute that starts before it is fine.
  return bounds && value > bounds.max ? "tooLate" : undefined;
}

/**
 * The ISO-8601 date-time with the browser's offset the API takes for a local
 * date and time, e.g. `2027-01-31T23:59:00+01:00`.
 */
export function toOffsetDateTime(date: string, time: string): string {
  const value = localDateTime(date, time);
  if (!value) {
    throw new Error(`Not a date and time: ${date} ${time}`);
  }
  return `${toDateInput(value)}T${toTimeInput(value)}:00${offsetOf(value)}`;
}

/** `+01:00`: the browser's offset from UTC at that instant. */
function offsetOf(at: Date): string {
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** The browser's time zone, e.g. "Europe/Paris (UTC+01:00)", for hints. */
export function timeZoneLabel(at = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const utc = `UTC${offsetOf(at)}`;
  return zone && zone !== "UTC" ? `${zone} (${utc})` : utc;
}

export function formatDateTime(value: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(value));
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
 * Whole days left before an expiry, counted as the reminder mails count them:
 * rounded up, and at least one (a credential expiring in three hours has "a
 * day" left). An expiry is within N days exactly when this is at most N.
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
