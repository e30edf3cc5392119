import type { CredentialOptions } from "./api";

/**
 * The roles every user of a realm holds through Keycloak's default role
 * (`default-roles-<realm>`, which a new realm gives every user): the default
 * role itself, `offline_access` and `uma_authorization`, and the roles of the
 * built-in `account` client (the account console's own API). They say nothing
 * about what a tool may do in an application, so the picker keeps them out of
 * sight, as Keycloak's role mapping tab keeps inherited roles out of sight
 * ("Hide inherited roles"), until the user asks for them.
 */
const BUILT_IN_REALM_ROLES = ["offline_access", "uma_authorization"];
const BUILT_IN_CLIENTS = ["account"];

export const defaultRoleName = (realm: string) =>
  `default-roles-${realm.toLowerCase()}`;

export const isBuiltInRealmRole = (name: string, realm: string) =>
  name === defaultRoleName(realm) || BUILT_IN_REALM_ROLES.includes(name);

export const isBuiltInClient = (clientId: string) =>
  BUILT_IN_CLIENTS.includes(clientId);

/** One choice of a picker: its form value, its label and a stable test id. */
export type Choice = { value: string; label: string; testId: string };
/** Choices under a heading (a client's roles under its client ID). */
export type ChoiceGroup = { label?: string; choices: Choice[] };

/** The form value of a client role: client ID and role name, unambiguous whatever they contain. */
export const clientRoleKey = (clientId: string, role: string) =>
  JSON.stringify([clientId, role]);

export function parseClientRoleKey(key: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(key);
    return Array.isArray(value) &&
      value.length === 2 &&
      value.every((part) => typeof part === "string")
      ? [value[0], value[1]]
      : undefined;
  } catch {
    return undefined;
  }
}

const byName = (a: string, b: string) => a.localeCompare(b);

/**
 * The realm roles to offer: those the user holds, sorted; the built-in ones
 * only when `showBuiltIn`, or when already chosen (say, in a form that comes
 * back after a step-up login).
 */
export function realmRoleChoices(
  options: Pick<CredentialOptions, "realmRoles">,
  realm: string,
  showBuiltIn: boolean,
  chosen: readonly string[] = [],
): ChoiceGroup[] {
  const roles = options.realmRoles
    .filter(
      (role) =>
        showBuiltIn || !isBuiltInRealmRole(role, realm) || chosen.includes(role),
    )
    .sort(byName);
  return [
    {
      choices: roles.map((role) => ({ value: role, label: role, testId: role })),
    },
  ];
}

/** The client roles to offer, one group per client (sorted), built-in clients as realm roles above. */
export function clientRoleChoices(
  options: Pick<CredentialOptions, "clientRoles">,
  showBuiltIn: boolean,
  chosen: readonly string[] = [],
): ChoiceGroup[] {
  return Object.entries(options.clientRoles)
    .sort(([a], [b]) => byName(a, b))
    .map(([clientId, roles]) => ({
      label: clientId,
      choices: roles
        .filter(
          (role) =>
            showBuiltIn ||
            !isBuiltInClient(clientId) ||
            chosen.includes(clientRoleKey(clientId, role)),
        )
        .sort(byName)
        .map((role) => ({
          value: clientRoleKey(clientId, role),
          label: role,
          testId: `${clientId}-${role}`,
        })),
    }))
    .filter((group) => group.choices.length > 0);
}

/** How many roles the picker leaves out until the user asks for the built-in ones. */
export function hiddenBuiltInRoles(
  options: Pick<CredentialOptions, "realmRoles" | "clientRoles">,
  realm: string,
): number {
  return (
    options.realmRoles.filter((role) => isBuiltInRealmRole(role, realm))
      .length +
    Object.entries(options.clientRoles)
      .filter(([clientId]) => isBuiltInClient(clientId))
      .reduce((sum, [, roles]) => sum + roles.length, 0)
  );
}
