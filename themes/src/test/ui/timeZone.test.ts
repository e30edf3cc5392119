import { describe, expect, it } from "vitest";

import { ZONE, zoneOffsetMinutes } from "./support";

describe("the test process", () => {
  it("runs in the time zone of its project", () => {
    // Date's local time follows TZ, winter and summer
    for (const at of [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)]) {
      expect(0 - new Date(at).getTimezoneOffset() || 0).toBe(
        zoneOffsetMinutes(ZONE, new Date(at)),
      );
    }
    // and the zones with daylight saving time do change
    const changes = ZONE !== "UTC" && ZONE !== "Asia/Kolkata";
    expect(
      new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset() !==
        new Date(Date.UTC(2026, 6, 15)).getTimezoneOffset(),
    ).toBe(changes);
  });
});
