import type {
  AccountEnvironment,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";

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
  mfa?: string | null;
  /** Who created it; `admin` when an administrator created it for its owner. */
  createdBy?: { id: string; username?: string | null; admin: boolean } | null;
  /** Restrictions, fixed at creation; empty lists mean none. */
  accessRules?: AccessRule[];
  allowedCidrs?: string[];
  requireDpop?: boolean;
};

/** Whether a credential has any restriction beyond its roles and scopes. */
export const isRestricted = (credential: AppCredential) =>
  !!credential.accessRules?.length ||
  !!credential.allowedCidrs?.length ||
  !!credential.requireDpop;

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
};

/** `GET /options`: the limits of the restrictions and whether the realm requires DPoP. */
export type RestrictionOptions = {
  methods: string[];
  maxAccessRules: number;
  maxPathLength: number;
  maxAllowedCidrs: number;
  requireDpop: boolean;
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
  /** Whether creating needs a second factor, and whether the caller has one. */
  secondFactor?: {
    required: boolean;
    configured: boolean;
    source: "local" | "none" | string;
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

/** RFC 9470 challenge: the call needs a fresh (second-factor) login. */
export type StepUpChallenge = {
  maxAge?: number;
  acrValues?: string;
  description?: string;
  /**
   * Alias of the identity provider whose second factor counts for this user
   * (from the answer's body): the login goes through it again.
   */
  identityProvider?: string;
};

export const MFA_NOT_CONFIGURED = "mfa_not_configured";

/** A refused call, with what the REST resource said about it. */
export class AppCredentialsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Form field named by a 400 answer. */
    readonly field?: string,
    /** OAuth-style `error` code, e.g. `mfa_not_configured`. */
    readonly code?: string,
    readonly stepUp?: StepUpChallenge,
  ) {
    super(message);
    this.name = "AppCredentialsError";
  }
}

/** Parses `WWW-Authenticate: Bearer error="insufficient_user_authentication", …`. */
export function parseStepUpChallenge(
  header: string | null,
): StepUpChallenge | undefined {
  if (!header || !/^\s*Bearer\s/i.test(header)) {
    return undefined;
  }
  const params = new Map<string, string>();
  for (const [, key, quoted, token] of header.matchAll(
    /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g,
  )) {
    params.set(
      key.toLowerCase(),
      quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : token,
    );
  }
  if (params.get("error") !== "insufficient_user_authentication") {
    return undefined;
  }
  const maxAge = Number.parseInt(params.get("max_age") ?? "", 10);
  return {
    maxAge: Number.isNaN(maxAge) ? undefined : maxAge,
    acrValues: params.get("acr_values") || undefined,
    description: params.get("error_description") || undefined,
  };
}

function stringField(body: unknown, key: string): string | undefined {
  if (typeof body === "object" && body !== null && key in body) {
    const value = (body as Record<string, unknown>)[key];
    return typeof value === "string" && value ? value : undefined;
  }
  return undefined;
}

async function toError(response: Response): Promise<AppCredentialsError> {
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
    message,
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
      throw await toError(response);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  const item = (id: string) => `/${encodeURIComponent(id)}`;

  return {
    list: (signal?: AbortSignal) => call<AppCredential[]>("", { signal }),
    options: (signal?: AbortSignal) =>
      call<CredentialOptions>("/options", { signal }),
    create: (request: CreateRequest) =>
      call<IssuedAppCredential>("", { method: "POST", body: request }),
    setState: (id: string, state: "active" | "disabled") =>
      call<AppCredential>(item(id), { method: "PATCH", body: { state } }),
    regenerate: (id: string) =>
      call<IssuedAppCredential>(`${item(id)}/regenerate`, {
        method: "POST",
        body: {},
      }),
    renew: (id: string, expiresAt?: string) =>
      call<AppCredential>(`${item(id)}/renew`, {
        method: "POST",
        body: expiresAt ? { expiresAt } : {},
      }),
    revoke: (id: string) => call<void>(item(id), { method: "DELETE" }),
  };
}

export type AppCredentialsApi = ReturnType<typeof appCredentialsApi>;
