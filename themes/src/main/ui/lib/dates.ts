/**
 * Dates as a person reads and enters them: in the browser's time zone and the
 * console's locale. The API speaks ISO-8601 instants; nothing here shows one raw.
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** `yyyy-MM-dd` in the browser's time zone (the value of an `<input type="date">`). */
export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `HH:mm` in the browser's time zone (the value of an `<input type="time">`). */
export function toTimeInput(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Why a local date and time is not an instant. */
export type LocalDateTimeProblem = "invalid" | "nonexistent";

/**
 * A local date (`yyyy-MM-dd`) and time (`HH:mm`) as an instant in the browser's
 * time zone, or why it is none: not a date and time at all, or a time the
 * clocks skip on that day (when they go forward for daylight saving time).
 * A time that happens twice (when they go back) is its first occurrence.
 */
export function parseLocalDateTime(
  date: string,
  time: string,
): Date | LocalDateTimeProblem {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const clock = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time.trim());
  if (!day || !clock) {
    return "invalid";
  }
  const [year, month, dayOfMonth] = [+day[1], +day[2] - 1, +day[3]];
  const [hours, minutes] = [+clock[1], +clock[2]];
  if (hours > 23 || minutes > 59) {
    return "invalid";
  }
  const calendar = new Date(Date.UTC(year, month, dayOfMonth));
  if (
    calendar.getUTCMonth() !== month ||
    calendar.getUTCDate() !== dayOfMonth
  ) {
    // the 31st of a 30-day month, or the like
    return "invalid";
  }
  const value = new Date(year, month, dayOfMonth, hours, minutes);
  return value.getFullYear() === year &&
    value.getMonth() === month &&
    value.getDate() === dayOfMonth &&
    value.getHours() === hours &&
    value.getMinutes() === minutes
    ? value
    : "nonexistent";
}

/** The instant of a local date and time, if there is one. */
export function localDateTime(date: string, time: string): Date | undefined {
  const value = parseLocalDateTime(date, time);
  return value instanceof Date ? value : undefined;
}

/** `+01:00`: the browser's offset from UTC at that instant. */
export function offsetOf(at: Date): string {
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/**
 * The ISO-8601 date-time with the browser's offset at that instant, which the
 * API takes for a local date and time, e.g. `2027-01-31T23:59:00+01:00`.
 */
export function toOffsetDateTime(date: string, time: string): string {
  const value = localDateTime(date, time);
  if (!value) {
    throw new Error(`Not a date and time: ${date} ${time}`);
  }
  return `${toDateInput(value)}T${toTimeInput(value)}:00${offsetOf(value)}`;
}

/** The browser's time zone, e.g. "Europe/Paris (UTC+01:00)", for hints. */
export function timeZoneLabel(at = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const utc = `UTC${offsetOf(at)}`;
  return zone && zone !== "UTC" && zone !== "Etc/UTC" ? `${zone} (${utc})` : utc;
}

/** An instant as the page shows it: medium date and short time, in the browser's time zone. */
export function formatDateTime(value: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(value));
}

/** ISO-8601 instants (with `Z` or an offset) in a message from the server. */
const INSTANT =
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})(?![\w:+-]|\.\d)/g;

/**
 * A server message with every instant in it as the page shows dates ("later
 * than 2027-01-03T23:59:00Z" becomes "later than Jan 4, 2027, 5:29 AM" in
 * Asia/Kolkata); anything that does not parse is left as it is.
 */
export function localizeInstants(message: string, locale: string): string {
  return message.replace(INSTANT, (iso) => {
    // at most milliseconds, which every engine parses
    const value = new Date(iso.replace(/(\.\d{3})\d+/, "$1"));
    return Number.isNaN(value.getTime()) ? iso : formatDateTime(value, locale);
  });
}
