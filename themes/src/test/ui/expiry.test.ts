import { describe, expect, it } from "vitest";

import type { AppCredential, Policy } from "../../main/ui/lib/api";
import { localDateTime, toDateInput } from "../../main/ui/lib/dates";
import {
  checkExpiry,
  DAY_MS,
  daysLeft,
  endOfDayWithin,
  expiresSoon,
  expiringSoonest,
  expiryBounds,
  expiryWarningDays,
  renewalProposal,
} from "../../main/ui/lib/expiry";
import { ZONE } from "./support";

const MINUTE = 60 * 1000;

/** A moment in the middle of the night before the 2026 spring change of most zones tested. */
const NOW = new Date("2026-03-07T21:17:00Z");

const bounds = (now: Date, defaultDays = 30, maxDays = 365) => ({
  defaultDate: new Date(now.getTime() + defaultDays * DAY_MS),
  max: new Date(now.getTime() + maxDays * DAY_MS),
});

const instant = (value: { date: string; time: string }) =>
  localDateTime(value.date, value.time)!;

describe(`the expiry a form proposes, in ${ZONE}`, () => {
  it("is the end of the default day, in the browser's time zone", () => {
    const b = bounds(NOW);
    const proposal = endOfDayWithin(b.defaultDate, b);
    expect(proposal).toEqual({ date: toDateInput(b.defaultDate), time: "23:59" });
    expect(instant(proposal).getHours()).toBe(23);
    expect(checkExpiry(proposal, b, NOW)).toBeUndefined();
  });

  it("is the latest minute allowed when the end of that day is later", () => {
    // a policy whose longest lifetime ends during the default day
    const b = { defaultDate: new Date(NOW.getTime() + DAY_MS), max: new Date(NOW.getTime() + DAY_MS + 10 * MINUTE) };
    const proposal = endOfDayWithin(b.defaultDate, b);
    const max = b.max;
    const endOfDay = localDateTime(toDateInput(b.defaultDate), "23:59")!;
    if (endOfDay > max) {
      expect(instant(proposal).getTime()).toBe(
        Math.floor(max.getTime() / MINUTE) * MINUTE,
      );
    }
    expect(checkExpiry(proposal, b, NOW)).toBeUndefined();
  });

  it("takes the bounds from /options, or computes them from the policy", () => {
    const policy = { defaultLifetimeDays: 30, maxLifetimeDays: 365 } as Policy;
    expect(
      expiryBounds(
        { policy, defaultExpiresAt: "2026-04-06T21:17:00Z", maxExpiresAt: "2027-03-07T21:17:00Z" } as never,
        NOW,
      ),
    ).toEqual({
      defaultDate: new Date("2026-04-06T21:17:00Z"),
      max: new Date("2027-03-07T21:17:00Z"),
    });
    expect(expiryBounds({ policy } as never, NOW)).toEqual(bounds(NOW));
  });
});

describe(`an expiry the user chose, in ${ZONE}`, () => {
  const b = bounds(NOW);

  it("must be in the future and within the policy's latest", () => {
    const past = new Date(NOW.getTime() - MINUTE);
    expect(checkExpiry({ date: toDateInput(past), time: "00:00" }, b, NOW)).toBe("tooEarly");
    const afterMax = new Date(b.max.getTime() + 2 * MINUTE);
    expect(
      checkExpiry({ date: toDateInput(afterMax), time: formatTime(afterMax) }, b, NOW),
    ).toBe("tooLate");
    // the minute in which the latest moment falls is fine (the field has no seconds)
    expect(
      checkExpiry({ date: toDateInput(b.max), time: formatTime(b.max) }, b, NOW),
    ).toBeUndefined();
  });

  it("is refused when it is not a date, or a time the clocks skip", () => {
    expect(checkExpiry({ date: "", time: "23:59" }, b, NOW)).toBe("invalid");
    const skipped: Record<string, [string, string]> = {
      "Europe/Berlin": ["2026-03-29", "02:30"],
      "America/New_York": ["2026-03-08", "02:30"],
      "America/St_Johns": ["2026-03-08", "02:30"],
      "Australia/Lord_Howe": ["2026-10-04", "02:15"],
    };
    if (skipped[ZONE]) {
      const [date, time] = skipped[ZONE];
      expect(checkExpiry({ date, time }, b, NOW)).toBe("nonexistent");
    }
  });

  it("must be later than the current expiry when renewing", () => {
    const current = instant(endOfDayWithin(b.defaultDate, b));
    expect(checkExpiry(endOfDayWithin(b.defaultDate, b), b, NOW, current)).toBe("notLater");
    const dayAfter = new Date(current.getTime() + DAY_MS);
    expect(
      checkExpiry({ date: toDateInput(dayAfter), time: "23:59" }, b, NOW, current),
    ).toBeUndefined();
  });
});

describe(`the renewal proposal, in ${ZONE}`, () => {
  const b = bounds(NOW);

  it("is the default lifetime from today when that moves the expiry later", () => {
    const expiresSoon = new Date(NOW.getTime() + 2 * DAY_MS);
    const proposal = renewalProposal(expiresSoon, b, NOW)!;
    expect(proposal).toEqual(endOfDayWithin(b.defaultDate, b));
    expect(checkExpiry(proposal, b, NOW, expiresSoon)).toBeUndefined();
  });

  it("is the default lifetime from the current expiry for a credential made today with the default lifetime", () => {
    // what the create form proposes: the end of the default day
    const current = instant(endOfDayWithin(b.defaultDate, b));
    const proposal = renewalProposal(current, b, NOW)!;
    expect(proposal).toEqual({
      date: toDateInput(new Date(current.getTime() + 30 * DAY_MS)),
      time: "23:59",
    });
    expect(instant(proposal) > current).toBe(true);
    expect(checkExpiry(proposal, b, NOW, current)).toBeUndefined();
  });

  it("stops at the policy's latest, and is none when the expiry is already there", () => {
    const nearMax = new Date(b.max.getTime() - 10 * DAY_MS);
    const capped = renewalProposal(nearMax, b, NOW)!;
    expect(instant(capped).getTime()).toBe(
      Math.floor(b.max.getTime() / MINUTE) * MINUTE,
    );
    expect(renewalProposal(b.max, b, NOW)).toBeUndefined();
    // within the latest minute allowed: that minute is no later
    const withSeconds = { ...b, max: new Date(b.max.getTime() + 40 * 1000) };
    expect(
      renewalProposal(new Date(withSeconds.max.getTime() - 10 * 1000), withSeconds, NOW),
    ).toBeUndefined();
  });

  it("is a valid expiry on every day of a year, daylight saving changes included", () => {
    for (let day = 0; day < 366; day++) {
      const now = new Date(NOW.getTime() + day * DAY_MS);
      const dayBounds = bounds(now);
      for (const current of [
        new Date(now.getTime() + 3 * DAY_MS),
        instant(endOfDayWithin(dayBounds.defaultDate, dayBounds)),
      ]) {
        const proposal = renewalProposal(current, dayBounds, now);
        expect(proposal).toBeDefined();
        expect(checkExpiry(proposal!, dayBounds, now, current)).toBeUndefined();
        expect(proposal!.time).toBe("23:59");
      }
    }
  });
});

describe(`days left before an expiry, in ${ZONE}`, () => {
  const credential = (expiresAt: Date, state: AppCredential["state"] = "active") =>
    ({ id: "ac_1", state, expiresAt: expiresAt.toISOString() }) as AppCredential;

  it("count periods of 24 hours, rounded up, whatever the clocks do meanwhile", () => {
    // from the evening before the spring change (in Berlin, New York, St. John's) across it
    for (let days = 1; days <= 10; days++) {
      expect(daysLeft(new Date(NOW.getTime() + days * DAY_MS - MINUTE).toISOString(), NOW.getTime())).toBe(days);
      expect(daysLeft(new Date(NOW.getTime() + days * DAY_MS + MINUTE).toISOString(), NOW.getTime())).toBe(days + 1);
    }
    expect(daysLeft(new Date(NOW.getTime() + 3 * 60 * MINUTE).toISOString(), NOW.getTime())).toBe(1);
  });

  it("warn about a live credential within the first reminder's days only", () => {
    const policy = { expiryReminderDays: [3, 10] } as Policy;
    const warning = expiryWarningDays(policy);
    expect(warning).toBe(10);
    const now = NOW.getTime();
    expect(expiresSoon(credential(new Date(now + 2 * DAY_MS - 60 * MINUTE)), warning, now)).toBe(2);
    expect(expiresSoon(credential(new Date(now + 10 * DAY_MS)), warning, now)).toBe(10);
    expect(expiresSoon(credential(new Date(now + 10 * DAY_MS + MINUTE)), warning, now)).toBeUndefined();
    expect(expiresSoon(credential(new Date(now + DAY_MS), "disabled"), warning, now)).toBe(1);
    for (const state of ["suspended", "expired", "revoked"] as const) {
      expect(expiresSoon(credential(new Date(now + DAY_MS), state), warning, now)).toBeUndefined();
    }
    expect(expiresSoon(credential(new Date(now - MINUTE)), warning, now)).toBeUndefined();
    expect(expiryWarningDays({ expiryReminderDays: [] } as unknown as Policy)).toBeUndefined();
    expect(expiresSoon(credential(new Date(now + DAY_MS)), undefined, now)).toBeUndefined();
  });

  it("are listed for the banner soonest first, live ones within the threshold only", () => {
    const now = NOW.getTime();
    const policy = { expiryReminderDays: [7] } as Policy;
    const later = { ...credential(new Date(now + 6 * DAY_MS)), id: "ac_later" };
    const sooner = { ...credential(new Date(now + 2 * DAY_MS)), id: "ac_sooner" };
    const far = { ...credential(new Date(now + 30 * DAY_MS)), id: "ac_far" };
    const revoked = { ...credential(new Date(now + DAY_MS), "revoked"), id: "ac_revoked" };
    expect(expiringSoonest([later, far, revoked, sooner], policy, now)).toEqual([
      { credential: sooner, days: 2 },
      { credential: later, days: 6 },
    ]);
    expect(expiringSoonest([later], { expiryReminderDays: [] } as unknown as Policy, now)).toEqual([]);
    expect(expiringSoonest([later], undefined, now)).toEqual([]);
  });
});

function formatTime(date: Date) {
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}
