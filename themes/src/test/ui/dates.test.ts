import { describe, expect, it } from "vitest";

import {
  formatDateTime,
  localizeInstants,
  offsetOf,
  parseLocalDateTime,
  timeZoneLabel,
  toDateInput,
  toOffsetDateTime,
  toTimeInput,
} from "../../main/ui/lib/dates";
import { offsetText, ZONE, zoneOffsetMinutes } from "./support";

const HOUR = 60 * 60 * 1000;

/**
 * The daylight-saving changes of 2026 in each zone: a local time the clocks
 * skip, and one they pass twice (with the offset of its first occurrence).
 */
const CHANGES: Record<
  string,
  { skipped?: [string, string]; twice?: [string, string, string] }
> = {
  UTC: {},
  "Asia/Kolkata": {},
  "Europe/Berlin": {
    skipped: ["2026-03-29", "02:30"],
    twice: ["2026-10-25", "02:30", "+02:00"],
  },
  "America/New_York": {
    skipped: ["2026-03-08", "02:30"],
    twice: ["2026-11-01", "01:30", "-04:00"],
  },
  "Australia/Lord_Howe": {
    skipped: ["2026-10-04", "02:15"],
    twice: ["2026-04-05", "01:45", "+11:00"],
  },
  "America/St_Johns": {
    skipped: ["2026-03-08", "02:30"],
    twice: ["2026-11-01", "01:30", "-02:30"],
  },
};

describe(`local dates and times in ${ZONE}`, () => {
  it("have the zone's offset at every hour of a year, daylight saving time included", () => {
    const start = Date.UTC(2026, 0, 1);
    for (let at = start; at < start + 366 * 24 * HOUR; at += HOUR) {
      const instant = new Date(at);
      expect(offsetOf(instant)).toBe(
        offsetText(zoneOffsetMinutes(ZONE, instant)),
      );
    }
  });

  it("go to the API as the same instant, with the offset it has then", () => {
    // every day of a year at the times around the night's changes, and the end of the day
    const times = ["00:00", "00:30", "01:30", "02:00", "02:30", "03:00", "12:00", "23:59"];
    let checked = 0;
    for (let day = 0; day < 366; day++) {
      const date = toDateInput(new Date(2026, 0, 1 + day, 12));
      for (const time of times) {
        const local = parseLocalDateTime(date, time);
        if (!(local instanceof Date)) {
          expect(local).toBe("nonexistent");
          continue;
        }
        const sent = toOffsetDateTime(date, time);
        expect(sent).toBe(`${date}T${time}:00${offsetOf(local)}`);
        expect(new Date(sent).getTime()).toBe(local.getTime());
        expect(offsetOf(local)).toBe(
          offsetText(zoneOffsetMinutes(ZONE, local)),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(366 * times.length - 5);
  });

  it("refuse a time the clocks skip, and take the first of a time they pass twice", () => {
    const { skipped, twice } = CHANGES[ZONE];
    if (skipped) {
      expect(parseLocalDateTime(...skipped)).toBe("nonexistent");
      expect(() => toOffsetDateTime(...skipped)).toThrow();
    }
    if (twice) {
      const [date, time, offset] = twice;
      expect(toOffsetDateTime(date, time)).toBe(`${date}T${time}:00${offset}`);
    }
    // a zone without changes skips nothing
    if (!skipped) {
      for (let hour = 0; hour < 24; hour++) {
        const time = `${String(hour).padStart(2, "0")}:30`;
        expect(parseLocalDateTime("2026-03-29", time)).toBeInstanceOf(Date);
      }
    }
  });

  it("refuse what is not a date and a time", () => {
    for (const [date, time] of [
      ["", "12:00"],
      ["2026-02-30", "12:00"],
      ["2026-04-31", "12:00"],
      ["2026-13-01", "12:00"],
      ["2026-01-01", "24:00"],
      ["2026-01-01", "12:60"],
      ["2026-01-01", ""],
      ["01/02/2026", "12:00"],
    ]) {
      expect(parseLocalDateTime(date, time)).toBe("invalid");
    }
    expect(parseLocalDateTime("2028-02-29", "23:59")).toBeInstanceOf(Date);
  });

  it("are what the date and time inputs hold", () => {
    const local = new Date(2027, 0, 31, 23, 59);
    expect(toDateInput(local)).toBe("2027-01-31");
    expect(toTimeInput(local)).toBe("23:59");
  });

  it("name the zone and its offset in hints", () => {
    const winter = new Date(Date.UTC(2026, 0, 15));
    const label = timeZoneLabel(winter);
    const utc = `UTC${offsetText(zoneOffsetMinutes(ZONE, winter))}`;
    expect(label).toContain(utc);
    if (ZONE !== "UTC") {
      expect(label).toBe(
        `${Intl.DateTimeFormat().resolvedOptions().timeZone} (${utc})`,
      );
    }
  });
});

describe("instants in a server message", () => {
  const format = (iso: string) => formatDateTime(iso, "en-US");

  it("are shown as the page shows dates, in the browser's zone", () => {
    const message =
      "A renewal must move the expiry later than 2027-01-03T23:59:00Z";
    const shown = localizeInstants(message, "en-US");
    expect(shown).toBe(
      `A renewal must move the expiry later than ${format("2027-01-03T23:59:00Z")}`,
    );
    expect(shown).not.toContain("T23:59");
    if (ZONE === "Asia/Kolkata") {
      expect(shown).toBe(
        "A renewal must move the expiry later than Jan 4, 2027, 5:29 AM",
      );
    }
  });

  it("may have fractions of seconds, offsets, or several of them", () => {
    expect(
      localizeInstants(
        "between 2027-01-03T23:59:00.123456789Z and 2027-01-04T10:00+01:00.",
        "en-US",
      ),
    ).toBe(
      `between ${format("2027-01-03T23:59:00.123Z")} and ${format("2027-01-04T09:00:00Z")}.`,
    );
  });

  it("leave dates without a time and zone, and anything else, as they are", () => {
    for (const message of [
      "expiresAt must be an ISO-8601 date such as 2027-01-03",
      "name must be at most 64 characters",
      "2027-01-03T23:59 has no zone",
    ]) {
      expect(localizeInstants(message, "en-US")).toBe(message);
    }
  });
});
