import { describe, expect, it } from "vitest";

import {
  clientRoleChoices,
  clientRoleKey,
  hiddenBuiltInRoles,
  parseClientRoleKey,
  realmRoleChoices,
} from "../../main/ui/lib/roles";

/** What /options lists for alice of the demo realm: every role she holds, composites expanded. */
const alice = {
  realmRoles: ["writer", "default-roles-demo", "offline_access", "reader", "uma_authorization"],
  clientRoles: {
    "realm-management": ["view-users", "query-users", "query-groups"],
    account: ["manage-account", "view-profile", "manage-account-links"],
    "my-api": ["writer", "reader"],
  },
};

const values = (groups: { choices: { value: string }[] }[]) =>
  groups.flatMap((group) => group.choices.map(({ value }) => value));

describe("the role picker", () => {
  it("offers the realm roles a user would grant, sorted, without the ones every user has", () => {
    expect(values(realmRoleChoices(alice, "demo", false))).toEqual(["reader", "writer"]);
  });

  it("offers every realm role on request", () => {
    expect(values(realmRoleChoices(alice, "demo", true))).toEqual([
      "default-roles-demo",
      "offline_access",
      "reader",
      "uma_authorization",
      "writer",
    ]);
  });

  it("knows the default role of a realm whose name has capitals", () => {
    const shop = { realmRoles: ["default-roles-shop", "buyer"] };
    expect(values(realmRoleChoices(shop, "Shop", false))).toEqual(["buyer"]);
    // a role that only looks like another realm's default role is a role like any other
    expect(values(realmRoleChoices({ realmRoles: ["default-roles-other"] }, "Shop", false))).toEqual([
      "default-roles-other",
    ]);
  });

  it("keeps a built-in role that is already chosen", () => {
    expect(values(realmRoleChoices(alice, "demo", false, ["offline_access"]))).toEqual([
      "offline_access",
      "reader",
      "writer",
    ]);
    expect(
      values(clientRoleChoices(alice, false, [clientRoleKey("account", "view-profile")])),
    ).toContain(clientRoleKey("account", "view-profile"));
  });

  it("groups client roles by client, sorted, without the account console's own", () => {
    const groups = clientRoleChoices(alice, false);
    expect(groups.map(({ label }) => label)).toEqual(["my-api", "realm-management"]);
    expect(groups[1].choices.map(({ label }) => label)).toEqual([
      "query-groups",
      "query-users",
      "view-users",
    ]);
    expect(groups[1].choices[2].testId).toBe("realm-management-view-users");
    expect(clientRoleChoices(alice, true).map(({ label }) => label)).toEqual([
      "account",
      "my-api",
      "realm-management",
    ]);
  });

  it("says how many roles it leaves out", () => {
    expect(hiddenBuiltInRoles(alice, "demo")).toBe(6);
    expect(hiddenBuiltInRoles({ realmRoles: ["reader"], clientRoles: {} }, "demo")).toBe(0);
  });

  it("keys a client role so that any client and role name comes back whole", () => {
    for (const [client, role] of [
      ["my-api", "reader"],
      ["a:b", "c, d"],
      ['"quoted"', "[x]"],
    ]) {
      expect(parseClientRoleKey(clientRoleKey(client, role))).toEqual([client, role]);
    }
    for (const bad of ["reader", "[1,2]", '["a"]', '["a","b","c"]', "{"]) {
      expect(parseClientRoleKey(bad)).toBeUndefined();
    }
  });
});
