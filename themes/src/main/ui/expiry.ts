import type { CredentialOptions } from "./api";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days a credential may expire on, from `GET /options`. */
export type ExpiryBounds = { min: Date; max: Date; defaultDate: Date };

const startOfDay = (date: Date) =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate());

export function expiryBounds(
  { policy, defaultExpiresAt, maxExpiresAt }: CredentialOptions,
  now = new Date(),
): ExpiryBounds {
  return {
    min: startOfDay(now),
    max: maxExpiresAt
      ? new Date(maxExpiresAt)
      : new Date(now.getTime() + policy.maxLifetimeDays * DAY_MS),
    defaultDate: defaultExpiresAt
      ? new Date(defaultExpiresAt)
      : new Date(now.getTime() + policy.defaultLifetimeDays * DAY_MS),
  };
}

/** `yyyy-MM-dd` in the browser's time zone, the DatePicker's format. */
export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function parseDateInput(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const date = new Date(+match[1], +match[2] - 1, +match[3]);
  return date.getDate() === +match[3] ? date : undefined;
}

export type ExpiryProblem = "invalid" | "tooEarly" | "tooLate";

/** Why a chosen day is not allowed, if it is not. */
export function checkExpiryDay(
  day: Date,
  bounds: ExpiryBounds,
): ExpiryProblem | undefined {
  if (Number.isNaN(day.getTime())) {
    return "invalid";
  }
  if (day < bounds.min) {
    return "tooEarly";
  }
  return startOfDay(day) > startOfDay(bounds.max) ? "tooLate" : undefined;
}

export function checkExpiryInput(
  value: string,
  bounds: ExpiryBounds,
): ExpiryProblem | undefined {
  const day = parseDateInput(value);
  return day ? checkExpiryDay(day, bounds) : "invalid";
}

/**
 * The instant a credential chosen to expire on `value` (yyyy-MM-dd) expires:
 * the end of that day, but never after the policy's maximum.
 */
export function expiresAtForDay(value: string, bounds?: ExpiryBounds): string {
  const day = parseDateInput(value);
  if (!day) {
    throw new Error(`Not a date: ${value}`);
  }
  const end = new Date(
    day.getFullYear(),
    day.getMonth(),
    day.getDate(),
    23,
    59,
    59,
  );
  const max = bounds?.max.getTime() ?? Number.POSITIVE_INFINITY;
  return new Date(Math.min(end.getTime(), max)).toISOString();
}

export function formatDateTime(value: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(value));
}
