import type {
  AccessRule,
  CreateRequest,
  CredentialOptions,
  RestrictionOptions,
  TextLimits,
} from "./api";
import { toOffsetDateTime } from "./dates";
import { endOfDayWithin, type ExpiryBounds, type LocalExpiry } from "./expiry";
import { parseClientRoleKey } from "./roles";

/** A row of the access rules editor. */
export type RuleRow = { method: string; path: string };
/** A row of the allowed networks editor (an object: form arrays hold objects). */
export type NetworkRow = { value: string };

/** What the user typed in the create form; kept in sessionStorage across a step-up login. */
export type CreateFormValues = {
  name: string;
  description: string;
  /** In the browser's time zone. */
  expiry: LocalExpiry;
  clientId: string;
  realmRoles: string[];
  /** {@link clientRoleKey}s */
  clientRoles: string[];
  scopes: string[];
  accessRules: RuleRow[];
  allowedCidrs: NetworkRow[];
  requireDpop: boolean;
};

/** The renew form: the new expiry, in the browser's time zone. */
export type RenewFormValues = { expiry: LocalExpiry };

/** When `GET /options` says nothing about them (an older server): the API's own limits. */
export const DEFAULT_TEXT_LIMITS: TextLimits = {
  nameMaxLength: 64,
  descriptionMaxLength: 255,
};

export const DEFAULT_RESTRICTIONS: RestrictionOptions = {
  methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "*"],
  maxAccessRules: 50,
  maxPathLength: 512,
  maxAllowedCidrs: 20,
  requireDpop: false,
};

export const textLimits = (options: CredentialOptions): TextLimits => ({
  ...DEFAULT_TEXT_LIMITS,
  ...options.limits,
});

export const restrictionLimits = (
  options: CredentialOptions,
): RestrictionOptions => options.restrictions ?? DEFAULT_RESTRICTIONS;

const isLocalExpiry = (value: unknown): value is LocalExpiry =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as LocalExpiry).date === "string" &&
  typeof (value as LocalExpiry).time === "string";

/**
 * The saved values (kept in sessionStorage across a step-up login) that have
 * the shape of the defaults, the defaults for the others: a form saved by
 * another version of this page comes back as far as it fits.
 */
export function restoreValues<T extends object>(defaults: T, saved?: unknown): T {
  if (typeof saved !== "object" || saved === null) return defaults;
  const restored = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = (saved as Partial<T>)[key];
    const fallback = defaults[key];
    const fits = Array.isArray(fallback)
      ? Array.isArray(value)
      : isLocalExpiry(fallback)
        ? isLocalExpiry(value)
        : typeof value === typeof fallback;
    if (fits) restored[key] = value as T[keyof T];
  }
  return restored;
}

/**
 * The values the create form starts with: the default application, the end
 * of the default expiry's day, nothing granted, DPoP checked when the realm
 * requires it; or the values saved before a step-up login.
 */
export function initialCreateValues(
  options: CredentialOptions,
  bounds: ExpiryBounds,
  saved?: unknown,
): CreateFormValues {
  const application =
    options.clients.find((client) => client.default) ?? options.clients[0];
  const values = restoreValues<CreateFormValues>(
    {
      name: "",
      description: "",
      expiry: endOfDayWithin(bounds.defaultDate, bounds),
      clientId: application?.clientId ?? "",
      realmRoles: [],
      clientRoles: [],
      scopes: [],
      accessRules: [],
      allowedCidrs: [],
      requireDpop: false,
    },
    saved,
  );
  // every new credential has it when the realm requires it
  return restrictionLimits(options).requireDpop
    ? { ...values, requireDpop: true }
    : values;
}

/** The request the create form sends: trimmed texts, the expiry with the browser's offset, client roles by client. */
export function toCreateRequest(values: CreateFormValues): CreateRequest {
  const clientRoles: Record<string, string[]> = {};
  for (const key of values.clientRoles) {
    const parsed = parseClientRoleKey(key);
    if (parsed) {
      const [clientId, role] = parsed;
      (clientRoles[clientId] ??= []).push(role);
    }
  }
  return {
    name: values.name.trim(),
    description: values.description.trim() || undefined,
    expiresAt: toOffsetDateTime(values.expiry.date, values.expiry.time),
    clientId: values.clientId,
    realmRoles: values.realmRoles,
    clientRoles,
    scopes: values.scopes,
    accessRules: values.accessRules.map(
      ({ method, path }): AccessRule => ({ method, path: path.trim() }),
    ),
    allowedCidrs: values.allowedCidrs.map(({ value }) => value.trim()),
    requireDpop: values.requireDpop,
  };
}

/** The create form's fields, as the form names them. */
export type CreateFormPath =
  | "name"
  | "description"
  | "expiry"
  | "clientId"
  | "realmRoles"
  | "clientRoles"
  | "scopes"
  | "accessRules"
  | "allowedCidrs"
  | "requireDpop"
  | `accessRules.${number}.method`
  | `accessRules.${number}.path`
  | `allowedCidrs.${number}.value`;

const TOP_FIELDS: Record<string, CreateFormPath> = {
  name: "name",
  description: "description",
  expiresAt: "expiry",
  clientId: "clientId",
  realmRoles: "realmRoles",
  clientRoles: "clientRoles",
  scopes: "scopes",
  accessRules: "accessRules",
  allowedCidrs: "allowedCidrs",
  requireDpop: "requireDpop",
};

/**
 * Where the form shows an error the server put on a field of the request
 * (`accessRules[2].path` is the path of the third rule sent, which is the
 * form's third row), if the form has that field.
 */
export function formPathOf(
  field: string | undefined,
  values: Pick<CreateFormValues, "accessRules" | "allowedCidrs">,
): CreateFormPath | undefined {
  if (!field) return undefined;
  if (field in TOP_FIELDS) return TOP_FIELDS[field];
  const rule = /^accessRules\[(\d+)\](?:\.(method|path))?$/.exec(field);
  if (rule) {
    const index = Number(rule[1]);
    return index < values.accessRules.length
      ? `accessRules.${index}.${rule[2] === "method" ? "method" : "path"}`
      : "accessRules";
  }
  const cidr = /^allowedCidrs\[(\d+)\]$/.exec(field);
  if (cidr) {
    const index = Number(cidr[1]);
    return index < values.allowedCidrs.length
      ? `allowedCidrs.${index}.value`
      : "allowedCidrs";
  }
  return undefined;
}

/** Whether a form path is in the Restrictions section (which opens to show its error). */
export const isRestrictionPath = (path: string) =>
  /^(accessRules|allowedCidrs|requireDpop)(\.|$)/.test(path);

/**
 * The server's message shown at the input it names, without the field's name
 * in front ("accessRules[1].path: path must …" becomes "Path must …").
 */
export function messageAtField(message: string, field: string): string {
  if (!message.startsWith(field)) return message;
  const rest = message.slice(field.length).replace(/^[:\s]+/, "");
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : message;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Why a name is refused before asking the server, if it is: empty, or longer than `/options` allows. */
export function nameError(
  name: string,
  limits: TextLimits,
  t: Translate,
): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return t("appCredentialsNameRequired");
  return trimmed.length > limits.nameMaxLength
    ? t("appCredentialsTooLong", { max: limits.nameMaxLength })
    : undefined;
}

/** Why a description is refused before asking the server, if it is: longer than `/options` allows. */
export function descriptionError(
  description: string,
  limits: TextLimits,
  t: Translate,
): string | undefined {
  return description.trim().length > limits.descriptionMaxLength
    ? t("appCredentialsTooLong", { max: limits.descriptionMaxLength })
    : undefined;
}

/** Why an access rule's path is refused before asking the server, if it is. */
export function rulePathError(
  path: string,
  limits: RestrictionOptions,
  t: Translate,
): string | undefined {
  const trimmed = path.trim();
  if (!trimmed) return t("appCredentialsRulePathRequired");
  return trimmed.length > limits.maxPathLength
    ? t("appCredentialsRulePathTooLong", { max: limits.maxPathLength })
    : undefined;
}

/** Why a network row is refused before asking the server (the server checks its form). */
export const networkError = (value: string, t: Translate) =>
  value.trim() ? undefined : t("appCredentialsNetworkRequired");
