import { describe, expect, it } from "vitest";

import type { CredentialOptions } from "../../main/ui/lib/api";
import { offsetOf, localDateTime } from "../../main/ui/lib/dates";
import { DAY_MS } from "../../main/ui/lib/expiry";
import {
  type CreateFormValues,
  descriptionError,
  formPathOf,
  initialCreateValues,
  isRestrictionPath,
  messageAtField,
  nameError,
  networkError,
  restoreValues,
  rulePathError,
  textLimits,
  toCreateRequest,
} from "../../main/ui/lib/forms";
import { clientRoleKey } from "../../main/ui/lib/roles";
import { t, ZONE } from "./support";

const values = (patch: Partial<CreateFormValues> = {}): CreateFormValues => ({
  name: "  terraform-ci ",
  description: "  nightly plan\n",
  expiry: { date: "2026-07-31", time: "17:30" },
  clientId: "app-credentials",
  realmRoles: ["reader"],
  clientRoles: [
    clientRoleKey("my-api", "reader"),
    clientRoleKey("realm-management", "view-users"),
    clientRoleKey("my-api", "writer"),
  ],
  scopes: ["api:read"],
  accessRules: [
    { method: "GET", path: " /admin/realms/demo/users/** " },
    { method: "*", path: "/realms/demo/account" },
  ],
  allowedCidrs: [{ value: " 10.0.0.0/8 " }, { value: "2001:db8::/32" }],
  requireDpop: true,
  ...patch,
});

const options = (patch: Partial<CredentialOptions> = {}): CredentialOptions =>
  ({
    clients: [
      { clientId: "my-api", scopes: [] },
      { clientId: "app-credentials", default: true, scopes: ["api:read"] },
    ],
    realmRoles: ["reader"],
    clientRoles: {},
    policy: { defaultLifetimeDays: 30, maxLifetimeDays: 365 },
    count: 0,
    ...patch,
  }) as CredentialOptions;

describe(`the create form's request, in ${ZONE}`, () => {
  it("sends what was entered, trimmed, with the expiry at the browser's offset", () => {
    const expiry = localDateTime("2026-07-31", "17:30")!;
    expect(toCreateRequest(values())).toEqual({
      name: "terraform-ci",
      description: "nightly plan",
      expiresAt: `2026-07-31T17:30:00${offsetOf(expiry)}`,
      clientId: "app-credentials",
      realmRoles: ["reader"],
      clientRoles: {
        "my-api": ["reader", "writer"],
        "realm-management": ["view-users"],
      },
      scopes: ["api:read"],
      accessRules: [
        { method: "GET", path: "/admin/realms/demo/users/**" },
        { method: "*", path: "/realms/demo/account" },
      ],
      allowedCidrs: ["10.0.0.0/8", "2001:db8::/32"],
      requireDpop: true,
    });
    expect(new Date(toCreateRequest(values()).expiresAt!).getTime()).toBe(
      expiry.getTime(),
    );
  });

  it("leaves out an empty description and has empty lists for nothing chosen", () => {
    const request = toCreateRequest(
      values({
        description: "   ",
        realmRoles: [],
        clientRoles: [],
        scopes: [],
        accessRules: [],
        allowedCidrs: [],
        requireDpop: false,
      }),
    );
    expect(request.description).toBeUndefined();
    expect(request).toMatchObject({
      realmRoles: [],
      clientRoles: {},
      scopes: [],
      accessRules: [],
      allowedCidrs: [],
      requireDpop: false,
    });
  });

  it("keeps client and role names apart whatever they contain", () => {
    const request = toCreateRequest(
      values({
        clientRoles: [clientRoleKey("a:b", "c, d"), "not a key", clientRoleKey("a", "b:c")],
      }),
    );
    expect(request.clientRoles).toEqual({ "a:b": ["c, d"], a: ["b:c"] });
  });
});

describe("the create form's first values", () => {
  const now = new Date();
  const bounds = {
    defaultDate: new Date(now.getTime() + 30 * DAY_MS),
    max: new Date(now.getTime() + 365 * DAY_MS),
  };

  it("are the default application, the end of the default day, nothing granted", () => {
    const initial = initialCreateValues(options(), bounds);
    expect(initial.clientId).toBe("app-credentials");
    expect(initial.expiry.time).toBe("23:59");
    expect(localDateTime(initial.expiry.date, "12:00")!.getDate()).toBe(
      bounds.defaultDate.getDate(),
    );
    expect(initial).toMatchObject({
      name: "",
      realmRoles: [],
      clientRoles: [],
      accessRules: [],
      requireDpop: false,
    });
  });

  it("are the saved values after a step-up login, DPoP kept when the realm requires it", () => {
    const saved = values({ requireDpop: false });
    expect(initialCreateValues(options(), bounds, saved)).toEqual(saved);
    const dpopRealm = options({
      restrictions: {
        methods: ["GET"],
        maxAccessRules: 1,
        maxPathLength: 10,
        maxAllowedCidrs: 1,
        requireDpop: true,
      },
    });
    expect(initialCreateValues(dpopRealm, bounds, saved).requireDpop).toBe(true);
    expect(initialCreateValues(dpopRealm, bounds).requireDpop).toBe(true);
  });
});

describe("the create form's checks", () => {
  it("take the name and description limits from /options", () => {
    const limits = textLimits(
      options({ limits: { nameMaxLength: 10, descriptionMaxLength: 20 } }),
    );
    expect(nameError("0123456789", limits, t)).toBeUndefined();
    expect(nameError(" 0123456789 ", limits, t)).toBeUndefined();
    expect(nameError("0123456789x", limits, t)).toBe("appCredentialsTooLong(max=10)");
    expect(nameError("   ", limits, t)).toBe("appCredentialsNameRequired");
    expect(descriptionError("x".repeat(20), limits, t)).toBeUndefined();
    expect(descriptionError("x".repeat(21), limits, t)).toBe(
      "appCredentialsTooLong(max=20)",
    );
  });

  it("use the API's documented limits with a server that does not say", () => {
    const limits = textLimits(options());
    expect(limits).toEqual({ nameMaxLength: 64, descriptionMaxLength: 255 });
    expect(nameError("x".repeat(64), limits, t)).toBeUndefined();
    expect(nameError("x".repeat(65), limits, t)).toBe("appCredentialsTooLong(max=64)");
  });

  it("want a path for every rule and something in every network row", () => {
    const limits = {
      methods: ["GET"],
      maxAccessRules: 5,
      maxPathLength: 12,
      maxAllowedCidrs: 5,
      requireDpop: false,
    };
    expect(rulePathError(" ", limits, t)).toBe("appCredentialsRulePathRequired");
    expect(rulePathError("/realms/demo", limits, t)).toBeUndefined();
    expect(rulePathError("/realms/demo/", limits, t)).toBe(
      "appCredentialsRulePathTooLong(max=12)",
    );
    expect(networkError("", t)).toBe("appCredentialsNetworkRequired");
    expect(networkError("10.0.0.0/8", t)).toBeUndefined();
  });
});

describe("a field the server names in a 400", () => {
  const sent = values();

  it("is shown at the form's input of the row that was sent at that index", () => {
    expect(formPathOf("name", sent)).toBe("name");
    expect(formPathOf("expiresAt", sent)).toBe("expiry");
    expect(formPathOf("clientRoles", sent)).toBe("clientRoles");
    expect(formPathOf("accessRules[1].path", sent)).toBe("accessRules.1.path");
    expect(formPathOf("accessRules[0].method", sent)).toBe("accessRules.0.method");
    expect(formPathOf("accessRules[1]", sent)).toBe("accessRules.1.path");
    expect(formPathOf("allowedCidrs[1]", sent)).toBe("allowedCidrs.1.value");
  });

  it("is shown at the list when no row was sent at that index, and nowhere when the form has no such field", () => {
    expect(formPathOf("accessRules[2].path", sent)).toBe("accessRules");
    expect(formPathOf("allowedCidrs[7]", sent)).toBe("allowedCidrs");
    expect(formPathOf("owner", sent)).toBeUndefined();
    expect(formPathOf(undefined, sent)).toBeUndefined();
    expect(formPathOf("accessRules[x]", sent)).toBeUndefined();
  });

  it("opens the Restrictions section when it is one of its fields", () => {
    expect(isRestrictionPath("accessRules.1.path")).toBe(true);
    expect(isRestrictionPath("allowedCidrs")).toBe(true);
    expect(isRestrictionPath("requireDpop")).toBe(true);
    expect(isRestrictionPath("name")).toBe(false);
    expect(isRestrictionPath("accessRulesX")).toBe(false);
  });

  it("has its message without the field's name in front", () => {
    expect(
      messageAtField("accessRules[1].path: path must not contain . or .. segments", "accessRules[1].path"),
    ).toBe("Path must not contain . or .. segments");
    expect(messageAtField("You do not hold the realm role 'writer'", "realmRoles")).toBe(
      "You do not hold the realm role 'writer'",
    );
  });
});

describe("a form saved before a step-up login", () => {
  it("comes back as far as it has the form's shape, with the defaults for the rest", () => {
    const defaults = { expiry: { date: "2027-01-31", time: "23:59" }, roles: ["a"], name: "", dpop: false };
    expect(
      restoreValues(defaults, {
        expiry: { date: "2027-02-01", time: "12:00" },
        roles: ["b", "c"],
        name: "ci",
        dpop: true,
        unknown: 1,
      }),
    ).toEqual({ expiry: { date: "2027-02-01", time: "12:00" }, roles: ["b", "c"], name: "ci", dpop: true });
    // saved by another version of the page
    expect(
      restoreValues(defaults, { expiryDate: "2027-02-01", expiry: "tomorrow", roles: { x: ["y"] }, name: 7 }),
    ).toEqual(defaults);
    expect(restoreValues(defaults, null)).toEqual(defaults);
    expect(restoreValues(defaults, "create")).toEqual(defaults);
  });
});
