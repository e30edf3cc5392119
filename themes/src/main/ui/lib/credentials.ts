import type { AppCredential, CredentialState } from "./api";

export type RowAction =
  "disable" | "enable" | "regenerate" | "renew" | "revoke" | "end-overlap";

/**
 * What the REST resource allows in each state: an expired credential can no
 * longer be renewed or regenerated, only revoked; a revoked one is only shown
 * (both stay listed until the realm's retention purge).
 */
export const ACTIONS: Record<CredentialState, RowAction[]> = {
  active: ["disable", "regenerate", "renew", "revoke"],
  disabled: ["enable", "regenerate", "renew", "revoke"],
  suspended: ["enable", "revoke"],
  expired: ["revoke"],
  revoked: [],
};

export const actionsOf = (credential: AppCredential): RowAction[] =>
  ACTIONS[credential.state] ?? [];

/** Neither revoked nor expired: it may still work, or work again. */
export const isLive = (credential: AppCredential) =>
  credential.state !== "revoked" && credential.state !== "expired";

/** Whether a credential has any restriction beyond its roles and scopes. */
export const isRestricted = (credential: AppCredential) =>
  !!credential.accessRules?.length ||
  !!credential.allowedCidrs?.length ||
  !!credential.requireDpop;

const time = (iso: string) => {
  const value = new Date(iso).getTime();
  return Number.isNaN(value) ? 0 : value;
};

/**
 * The list's order, the server's when it pages: live ones before revoked and
 * expired ones, newest first within each. Creation times have whole seconds:
 * credentials made in the same second keep the order the server sent them in
 * (the sort is stable).
 */
export function compareForList(a: AppCredential, b: AppCredential): number {
  return (
    Number(isLive(b)) - Number(isLive(a)) ||
    time(b.createdAt) - time(a.createdAt)
  );
}

export const sortForList = (credentials: AppCredential[]) =>
  [...credentials].sort(compareForList);

/** Which part of the list to show: from row `first`, `max` rows. */
export type PageRequest = { first: number; max: number };

/** The rows of a page, whether there are more, and whether the server pages. */
export type CredentialPage = {
  rows: AppCredential[];
  hasNext: boolean;
  /** The server answered with the whole list: the page is cut out of it here. */
  serverIgnoresPaging: boolean;
};

/**
 * The page to show from what `GET ?first=…&max=…` answered, asked for one row
 * more than the page holds (that row only says there is a next page), as
 * Keycloak's own paged tables ask. A server that pages answers with at most
 * that many rows, in the list's order; one that does not answers with every
 * credential, in its own order: more rows than asked for, or, past the first
 * page, every row of the page before again. The page is then cut out of the
 * sorted whole here. Once seen, `knownToIgnore` keeps it so.
 */
export function toPage(
  received: AppCredential[],
  { first, max }: PageRequest,
  previousIds: readonly string[] = [],
  knownToIgnore = false,
): CredentialPage {
  const ids = new Set(received.map(({ id }) => id));
  const ignores =
    knownToIgnore ||
    received.length > max + 1 ||
    (first > 0 &&
      previousIds.length > 0 &&
      previousIds.every((id) => ids.has(id)));
  const sorted = sortForList(received);
  if (ignores) {
    return {
      rows: sorted.slice(first, first + max),
      hasNext: sorted.length > first + max,
      serverIgnoresPaging: true,
    };
  }
  return {
    rows: sorted.slice(0, max),
    hasNext: received.length > max,
    serverIgnoresPaging: false,
  };
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** What restricts a credential beyond its roles, in words ("2 access rules, 1 network, DPoP"). */
export function restrictionSummary(
  restrictions: {
    accessRules?: unknown[] | null;
    allowedCidrs?: unknown[] | null;
    requireDpop?: boolean | null;
  },
  t: Translate,
): string {
  return [
    restrictions.accessRules?.length &&
      t("appCredentialsRestrictionsRules", {
        count: restrictions.accessRules.length,
      }),
    restrictions.allowedCidrs?.length &&
      t("appCredentialsRestrictionsNetworks", {
        count: restrictions.allowedCidrs.length,
      }),
    restrictions.requireDpop && t("appCredentialsRestrictionsDpop"),
  ]
    .filter(Boolean)
    .join(", ");
}
