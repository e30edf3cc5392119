declare const process: { env: Record<string, string | undefined> };

/** The time zone the tests of this project run in (vitest.config.ts sets TZ). */
export const ZONE: string = process.env.TZ ?? "UTC";

/**
 * The offset of `zone` from UTC at an instant, in minutes east, as ICU's
 * zone data has it: an oracle independent of the process's local time.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function zoneOffsetMinutes(zone: string, at: Date): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      timeZoneName: "longOffset",
    });
    formats.set(zone, format);
  }
  const name = format
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")!.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!match) throw new Error(`Unexpected offset name ${name}`);
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** `+05:30` for 330 minutes. */
export function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes >= 0 ? "+" : "-"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** A translator that shows the key and its values, for asserting which message a function chose. */
export const t = (key: string, options?: Record<string, unknown>) =>
  options && Object.keys(options).length
    ? `${key}(${Object.entries(options)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(",")})`
    : key;
