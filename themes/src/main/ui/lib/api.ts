import type {
  AccountEnvironment,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";

import { parseStepUpChallenge } from "./challenge";
import { localizeInstants } from "./dates";
import { AppCredentialsError } from "./errors";

/** The console's environment and its keycloak-js instance. */
export type ConsoleContext = ReturnType<
  typeof useEnvironment<AccountEnvironment>
>;

export type CredentialState =
  "active" | "disabled" | "suspended" | "expired" | "revoked";

/** A source address a credential was used from, and when it was last seen there. */
export type RecentUse = {
  ip: string;
  lastSeenAt: string;
};

/** One access rule: a method (or `*`) and a path pattern with `*` and `**` segments. */
export type AccessRule = { method: string; path: string };

export type AppCredential = {
  id: string;
  name: string;
  description?: string | null;
  clientId: string;
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
  scopes: string[];
  state: CredentialState;
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string | null;
  lastUsedIp?: string | null;
  useCount?: number;
  /** The last distinct source addresses (at most five), most recently seen first. */
  recentUses?: RecentUse[];
  /**
   * The second factor behind it: the one proved when its owner created it, or
   * the one it is bound to when an administrator created it (when known).
   */
  mfa?: string | null;
  /**
   * What it is bound to: `local` (the owner's own second factors), `idp:<alias>`
   * (the owner's link to that provider), `any` (whichever the owner has) or
   * `none` (an administrator's, exempt by the realm's policy).
   */
  mfaBinding?: string | null;
  /** Who created it; `admin` when an administrator created it for its owner. */
  createdBy?: { id: string; username?: string | null; admin: boolean } | null;
  /** Restrictions, fixed at creation; empty lists mean none. */
  accessRules?: AccessRule[];
  allowedCidrs?: string[];
  requireDpop?: boolean;
  /** Until when the previous secret of a regenerate with an overlap works; null when there is none. */
  previousSecretExpiresAt?: string | null;
  /** The previous secret's last use since the rotation; null when not used since. */
  previousSecretLastUsedAt?: string | null;
  /** Why it is disabled (`owner`, `admin`, `mfa_removed`, `leaked`, `idle`); absent when active. */
  stateReason?: string | null;
  /** Whole days without use (since it was last used or enabled); absent when the policy's `maxIdleDays` is off. */
  idleDays?: number | null;
  /** When it would be disabled for being idle, unless used before. */
  idleRetiresAt?: string | null;
};

/** Answer of create and regenerate: the only time a secret is returned. */
export type IssuedAppCredential = AppCredential & {
  secret: string;
  tokenEndpoint?: string;
};

export type ApplicationOption = {
  clientId: string;
  name?: string | null;
  default?: boolean;
  scopes: string[];
};

export type Policy = {
  enabled: boolean;
  requireMfa: boolean;
  mfaMaxAgeSeconds: number;
  defaultLifetimeDays: number;
  maxLifetimeDays: number;
  maxPerUser: number;
  accessTokenLifespanSeconds?: number | null;
  retentionDays: number;
  onMfaRemoved: string;
  /**
   * Whole days before its expiry at which the owner of a live credential is
   * mailed (each 1–90, at most three); empty when reminders are off.
   */
  expiryReminderDays: number[];
  /** Whether owners are mailed when a credential is created for them or its secret regenerated. */
  notifyOnCreate?: boolean;
  /** Days without use after which a credential is disabled; absent or 0 when off. */
  maxIdleDays?: number | null;
};

/** `GET /options`: the limits of the restrictions and whether the realm requires DPoP. */
export type RestrictionOptions = {
  methods: string[];
  maxAccessRules: number;
  maxPathLength: number;
  maxAllowedCidrs: number;
  requireDpop: boolean;
};

/** `GET /options`: the longest name and description, in characters. */
export type TextLimits = {
  nameMaxLength: number;
  descriptionMaxLength: number;
};

/** `GET /options`: what the caller may choose. */
export type CredentialOptions = {
  clients: ApplicationOption[];
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
  policy: Policy;
  defaultExpiresAt?: string;
  maxExpiresAt?: string;
  count: number;
  restrictions?: RestrictionOptions;
  /** Absent from servers that predate it: the form then uses the API's documented limits. */
  limits?: TextLimits;
  /**
   * The overlaps (seconds) a regenerate may keep the old secret working for,
   * within the policy; absent from servers that predate it.
   */
  rotationOverlapChoices?: number[];
  /** Whether creating needs a second factor, and whether the caller has one. */
  secondFactor?: {
    required: boolean;
    configured: boolean;
    /** "local", "identity-provider" or "none". */
    source: string;
    /** The trusted identity provider whose second factor counts, if any. */
    identityProvider?: string;
  };
};

export type CreateRequest = {
  name: string;
  description?: string;
  expiresAt?: string;
  clientId: string;
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
  scopes: string[];
  accessRules: AccessRule[];
  allowedCidrs: string[];
  requireDpop: boolean;
};

function stringField(body: unknown, key: string): string | undefined {
  if (typeof body === "object" && body !== null && key in body) {
    const value = (body as Record<string, unknown>)[key];
    return typeof value === "string" && value ? value : undefined;
  }
  return undefined;
}

/**
 * The error of a refused call: the server's message (its instants shown as
 * local dates), the field it names, its error code and, on a 401, the step-up
 * challenge of `WWW-Authenticate` with the identity provider the body names.
 */
export async function toError(
  response: Response,
  locale: string,
): Promise<AppCredentialsError> {
  const stepUp =
    response.status === 401
      ? parseStepUpChallenge(response.headers.get("WWW-Authenticate"))
      : undefined;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const upstream = stringField(body, "identity_provider");
  const challenge =
    stepUp && upstream ? { ...stepUp, identityProvider: upstream } : stepUp;
  const message =
    stringField(body, "errorMessage") ??
    stringField(body, "error_description") ??
    stepUp?.description ??
    stringField(body, "error") ??
    `${response.status} ${response.statusText}`.trim();
  return new AppCredentialsError(
    localizeInstants(message, locale),
    response.status,
    stringField(body, "field"),
    stringField(body, "error"),
    challenge,
  );
}

export function tokenEndpoint({ environment }: ConsoleContext): string {
  return `${environment.serverBaseUrl}/realms/${encodeURIComponent(environment.realm)}/protocol/openid-connect/token`;
}

/** Client of the user REST resource `/realms/{realm}/app-credentials`. */
export function appCredentialsApi({ environment, keycloak }: ConsoleContext) {
  const baseUrl = `${environment.serverBaseUrl}/realms/${encodeURIComponent(environment.realm)}/app-credentials`;

  async function call<T>(
    path: string,
    init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<T> {
    try {
      await keycloak.updateToken(5);
    } catch {
      await keycloak.login();
    }
    const response = await fetch(baseUrl + path, {
      method: init.method ?? "GET",
      signal: init.signal,
      headers: {
        Accept: "application/json",
        Authorization: `Bearer ${keycloak.token}`,
        ...(init.body !== undefined && { "Content-Type": "application/json" }),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    if (!response.ok) {
      throw await toError(response, environment.locale);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  const item = (id: string) => `/${encodeURIComponent(id)}`;

  return {
    /**
     * A page of the caller's credentials. A server that does not page answers
     * with all of them, in its own order (see `toPage`).
     */
    list: (first: number, max: number, signal?: AbortSignal) =>
      call<AppCredential[]>(`?first=${first}&max=${max}`, { signal }),
    get: (id: string, signal?: AbortSignal) =>
      call<AppCredential>(item(id), { signal }),
    options: (signal?: AbortSignal) =>
      call<CredentialOptions>("/options", { signal }),
    create: (request: CreateRequest) =>
      call<IssuedAppCredential>("", { method: "POST", body: request }),
    setState: (id: string, state: "active" | "disabled") =>
      call<AppCredential>(item(id), { method: "PATCH", body: { state } }),
    regenerate: (id: string, overlapSeconds = 0) =>
      call<IssuedAppCredential>(`${item(id)}/regenerate`, {
        method: "POST",
        body: overlapSeconds > 0 ? { overlapSeconds } : {},
      }),
    /** Ends the previous secret of a rotation overlap now. */
    endPreviousSecret: (id: string) =>
      call<void>(`${item(id)}/previous-secret`, { method: "DELETE" }),
    renew: (id: string, expiresAt: string) =>
      call<AppCredential>(`${item(id)}/renew`, {
        method: "POST",
        body: { expiresAt },
      }),
    revoke: (id: string) => call<void>(item(id), { method: "DELETE" }),
  };
}

export type AppCredentialsApi = ReturnType<typeof appCredentialsApi>;
