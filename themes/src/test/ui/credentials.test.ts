import { describe, expect, it } from "vitest";

import type { AppCredential } from "../../main/ui/lib/api";
import {
  actionsOf,
  compareForList,
  isLive,
  restrictionSummary,
  sortForList,
  toPage,
} from "../../main/ui/lib/credentials";
import { t } from "./support";

let serial = 0;
const credential = (
  state: AppCredential["state"],
  createdAt: string,
  id = `ac_${String(++serial).padStart(3, "0")}`,
) => ({ id, state, createdAt, name: id }) as AppCredential;

/** An old server's answer: every credential, oldest first. */
const oldestFirst = (list: AppCredential[]) =>
  [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

describe("the list's order", () => {
  it("has live credentials first, newest first, then revoked and expired ones, newest first", () => {
    const a = credential("active", "2026-01-01T00:00:00Z");
    const b = credential("revoked", "2026-03-01T00:00:00Z");
    const c = credential("disabled", "2026-02-01T00:00:00Z");
    const d = credential("expired", "2026-02-15T00:00:00Z");
    const e = credential("suspended", "2026-01-15T00:00:00Z");
    expect(sortForList([a, b, c, d, e]).map(({ id }) => id)).toEqual(
      [c, e, a, b, d].map(({ id }) => id),
    );
    expect([a, c, e].every(isLive)).toBe(true);
    expect([b, d].some(isLive)).toBe(false);
  });

  it("keeps the order the server sent within the same second", () => {
    const x = credential("active", "2026-01-01T00:00:00Z", "ac_b");
    const y = credential("active", "2026-01-01T00:00:00Z", "ac_a");
    expect(compareForList(x, y)).toBe(0);
    expect(sortForList([x, y])).toEqual([x, y]);
    expect(sortForList([y, x])).toEqual([y, x]);
  });
});

describe("a page of the list", () => {
  // 25 credentials: 20 live, 5 revoked, created a day apart
  const all = Array.from({ length: 25 }, (_, i) =>
    credential(i % 5 === 0 ? "revoked" : "active", new Date(Date.UTC(2026, 0, 1 + i)).toISOString()),
  );
  const sorted = sortForList(all);

  it("is what a paging server answered, one row more saying there is a next page", () => {
    const answer = sorted.slice(0, 11);
    expect(toPage(answer, { first: 0, max: 10 })).toEqual({
      rows: sorted.slice(0, 10),
      hasNext: true,
      serverIgnoresPaging: false,
    });
    const second = sorted.slice(10, 21);
    expect(toPage(second, { first: 10, max: 10 }, sorted.slice(0, 10).map(({ id }) => id))).toEqual({
      rows: sorted.slice(10, 20),
      hasNext: true,
      serverIgnoresPaging: false,
    });
    expect(toPage(sorted.slice(20), { first: 20, max: 10 }).hasNext).toBe(false);
  });

  it("is cut out of the whole list, sorted, when the server answers with all of it", () => {
    const answer = oldestFirst(all);
    const first = toPage(answer, { first: 0, max: 10 });
    expect(first).toEqual({ rows: sorted.slice(0, 10), hasNext: true, serverIgnoresPaging: true });
    const last = toPage(answer, { first: 20, max: 10 }, [], true);
    expect(last).toEqual({ rows: sorted.slice(20), hasNext: false, serverIgnoresPaging: true });
  });

  it("is right on the next page too when the whole list is just one row more than a page", () => {
    const eleven = all.slice(0, 11);
    const elevenSorted = sortForList(eleven);
    const answer = oldestFirst(eleven);
    const first = toPage(answer, { first: 0, max: 10 });
    // cannot tell yet: eleven rows is also what a paging server answers
    expect(first.rows).toEqual(elevenSorted.slice(0, 10));
    expect(first.hasNext).toBe(true);
    // the next page's answer has every row of the first again: the server does not page
    const second = toPage(answer, { first: 10, max: 10 }, first.rows.map(({ id }) => id));
    expect(second).toEqual({ rows: elevenSorted.slice(10), hasNext: false, serverIgnoresPaging: true });
  });

  it("is in the list's order whatever order a server answers in", () => {
    const page = toPage([...sorted.slice(0, 5)].reverse(), { first: 0, max: 10 });
    expect(page.rows).toEqual(sorted.slice(0, 5));
    expect(page.hasNext).toBe(false);
  });
});

describe("a credential", () => {
  it("offers the actions its state allows", () => {
    expect(actionsOf(credential("active", ""))).toEqual(["disable", "regenerate", "renew", "revoke"]);
    expect(actionsOf(credential("suspended", ""))).toEqual(["enable", "revoke"]);
    expect(actionsOf(credential("expired", ""))).toEqual(["revoke"]);
    expect(actionsOf(credential("revoked", ""))).toEqual([]);
  });

  it("sums up its restrictions", () => {
    expect(restrictionSummary({ accessRules: [1, 2], allowedCidrs: [1], requireDpop: true }, t)).toBe(
      "appCredentialsRestrictionsRules(count=2), appCredentialsRestrictionsNetworks(count=1), appCredentialsRestrictionsDpop",
    );
    expect(restrictionSummary({}, t)).toBe("");
  });
});
