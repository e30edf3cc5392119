import { defineConfig } from "vitest/config";

/**
 * Every unit test runs once in each of these time zones (the process's TZ):
 * UTC; two with a daylight-saving change at night (Europe/Berlin,
 * America/New_York); one half an hour off UTC (Asia/Kolkata, the browser
 * tests' zone); Lord Howe Island, whose clocks move by half an hour; and
 * Newfoundland, half an hour off with daylight saving time.
 */
export const TIME_ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "America/St_Johns",
];

export default defineConfig({
  test: {
    include: ["src/test/ui/**/*.test.ts"],
    projects: TIME_ZONES.map((zone) => ({
      extends: true,
      test: { name: zone, env: { TZ: zone } },
    })),
  },
});
