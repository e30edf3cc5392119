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

/** One challenge of a `WWW-Authenticate` header: its scheme (lower case) and auth-params. */
export type Challenge = { scheme: string; params: Map<string, string> };

const TOKEN = "[!#$%&'*+.^_`|~\\w-]+";
/** A token, optionally followed by `= token` or `= "quoted string"`. */
const ITEM = new RegExp(
  `[\\s,]*(${TOKEN})(?:\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s,"]*)))?`,
  "y",
);

/**
 * The challenges of a `WWW-Authenticate` header (RFC 9110 section 11.6.1),
 * read left to right: a token on its own starts a challenge, `name=value` and
 * `name="quoted"` are its parameters (names case-insensitive, the first of a
 * name wins). Commas and schemes inside quoted strings are part of the value.
 */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  if (!header) {
    return challenges;
  }
  let current: Challenge | undefined;
  let at = 0;
  while (at < header.length) {
    ITEM.lastIndex = at;
    const match = ITEM.exec(header);
    if (!match) {
      at += 1;
      continue;
    }
    at = ITEM.lastIndex;
    const [whole, name, quoted, token] = match;
    if (!whole.includes("=")) {
      current = { scheme: name.toLowerCase(), params: new Map() };
      challenges.push(current);
    } else if (current && !current.params.has(name.toLowerCase())) {
      current.params.set(
        name.toLowerCase(),
        quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : token,
      );
    }
  }
  return challenges;
}

/**
 * The step-up challenge of a 401 (`Bearer error="insufficient_user_authentication",
 * max_age=…, acr_values="…"`), or undefined for any other answer.
 */
export function parseStepUpChallenge(
  header: string | null | undefined,
): StepUpChallenge | undefined {
  const params = parseChallenges(header).find(
    ({ scheme }) => scheme === "bearer",
  )?.params;
  if (params?.get("error") !== "insufficient_user_authentication") {
    return undefined;
  }
  const maxAgeText = params.get("max_age") ?? "";
  const maxAge = /^\d+$/.test(maxAgeText) ? Number(maxAgeText) : undefined;
  return {
    maxAge,
    acrValues: params.get("acr_values") || undefined,
    description: params.get("error_description") || undefined,
  };
}
