/** Quotes a value for a POSIX shell when it needs it. */
export const shellWord = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value)
    ? value
    : `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * A value in a .env file (docker compose, dotenv, systemd): quoted when it
 * needs it. IDs, secrets and token endpoints never do in practice.
 */
export const envValue = (value: string) => {
  if (/^[\w@%+=:,./-]*$/.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
};

/** A quoted HCL string: escapes quotes, backslashes and template sequences. */
export const hclString = (value: string) =>
  `"${value
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    // a function: in a replacement string "$$" would stand for one "$"
    .replaceAll("${", () => "$${")
    .replaceAll("%{", () => "%%{")}"`;

export type SnippetKind = "shell" | "env" | "curl" | "kcadm" | "terraform";
export type Snippets = Record<SnippetKind, string>;

/** The ready-to-paste snippets of the secret dialog, for a credential's ID and secret. */
export function snippets({
  id,
  secret,
  tokenEndpoint,
  serverBaseUrl,
  realm,
}: {
  id: string;
  secret: string;
  tokenEndpoint: string;
  serverBaseUrl: string;
  realm: string;
}): Snippets {
  return {
    shell: `export APP_CREDENTIAL_ID=${shellWord(id)} APP_CREDENTIAL_SECRET=${shellWord(secret)}`,
    env: [
      `APP_CREDENTIAL_ID=${envValue(id)}`,
      `APP_CREDENTIAL_SECRET=${envValue(secret)}`,
      `APP_CREDENTIAL_TOKEN_ENDPOINT=${envValue(tokenEndpoint)}`,
      "",
    ].join("\n"),
    curl: `curl -u ${shellWord(`${id}:${secret}`)} -d grant_type=client_credentials ${shellWord(tokenEndpoint)}`,
    kcadm: `kcadm.sh config credentials --server ${shellWord(serverBaseUrl)} --realm ${shellWord(realm)} --client ${shellWord(id)} --secret ${shellWord(secret)}`,
    // Keycloak's own Terraform provider, signed in with client credentials
    // (`realm` is the realm the client, here the credential, lives in);
    // laid out as `terraform fmt` leaves it.
    terraform: [
      "terraform {",
      "  required_providers {",
      "    keycloak = {",
      '      source  = "keycloak/keycloak"',
      '      version = ">= 5.0.0"',
      "    }",
      "  }",
      "}",
      "",
      'provider "keycloak" {',
      `  client_id     = ${hclString(id)}`,
      `  client_secret = ${hclString(secret)}`,
      `  url           = ${hclString(serverBaseUrl)}`,
      `  realm         = ${hclString(realm)}`,
      "}",
      "",
    ].join("\n"),
  };
}

/** Snippets for tools that call the admin REST API with the token. */
export const ADMIN_API_TOOLS: SnippetKind[] = ["kcadm", "terraform"];

/**
 * Snippets that only hand the ID and secret to a tool, which works with a
 * credential that requires DPoP if the tool sends DPoP proofs. The others
 * (curl, kcadm.sh, Terraform's provider) sign in with the bare secret and
 * would be refused: they are left out for such a credential.
 */
export const DPOP_TOOLS: SnippetKind[] = ["shell", "env"];
