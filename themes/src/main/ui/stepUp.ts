import {
  AppCredentialsError,
  type ConsoleContext,
  type StepUpChallenge,
} from "./api";
import type { CreateFormValues } from "./CreateDialog";
import type { RenewValues } from "./RenewDialog";

/** sessionStorage key holding the action interrupted by a step-up login. */
export const PENDING_ACTION_KEY = "appCredentials.pendingAction";

/** Query parameter marking the return from a step-up login, e.g. `?resume=create`. */
export const RESUME_PARAM = "resume";

/** What the user was doing when the server asked for a fresh login. */
export type PendingAction =
  | { action: "create"; values: CreateFormValues }
  | { action: "regenerate"; id: string }
  | { action: "enable"; id: string }
  | { action: "renew"; id: string; values: RenewValues };

/**
 * Keeps the interrupted action, then sends the browser to the login page with
 * the challenge's `max_age` (and `acr_values`); the login comes back to this
 * page with `?resume=<action>`. When the second factor is proved at an
 * identity provider the realm trusts, the login goes straight to it
 * (`kc_idp_hint`) with `prompt=login`, which Keycloak passes on, so that the
 * provider asks again and sends fresh evidence back; the realm's local `acr`
 * values mean nothing there and are not sent.
 */
export async function reauthenticate(
  { keycloak }: ConsoleContext,
  challenge: StepUpChallenge,
  pending: PendingAction,
): Promise<void> {
  sessionStorage.setItem(PENDING_ACTION_KEY, JSON.stringify(pending));
  const redirectUri = new URL(window.location.href);
  redirectUri.searchParams.set(RESUME_PARAM, pending.action);
  if (challenge.identityProvider) {
    await keycloak.login({
      idpHint: challenge.identityProvider,
      prompt: "login",
      // the provider's own acr values, if the policy names any: Keycloak
      // passes acr_values on to the provider ("Forwarded query parameters")
      acrValues: challenge.acrValues,
      redirectUri: redirectUri.toString(),
    });
    return;
  }
  await keycloak.login({
    maxAge: challenge.maxAge ?? 0,
    acrValues: challenge.acrValues,
    redirectUri: redirectUri.toString(),
  });
}

/** The saved action when the page is opened with a matching resume marker. */
export function readPendingAction(
  marker: string | null,
): PendingAction | undefined {
  const saved = marker ? sessionStorage.getItem(PENDING_ACTION_KEY) : null;
  if (!saved) {
    return undefined;
  }
  try {
    const pending = JSON.parse(saved) as PendingAction;
    return pending.action === marker ? pending : undefined;
  } catch {
    return undefined;
  }
}

export function clearPendingAction(): void {
  sessionStorage.removeItem(PENDING_ACTION_KEY);
}

/**
 * Marks the error of a call that got the step-up challenge again right after
 * the login it asked for; the console says why instead of sending the user
 * round again.
 */
export const STEP_UP_FAILED = "step_up_failed";

export const isStepUpFailed = (
  error: unknown,
): error is AppCredentialsError =>
  error instanceof AppCredentialsError && error.code === STEP_UP_FAILED;

/**
 * The challenge again, just back from the login it asked for: that login did
 * not prove a (recent enough) second factor, e.g. the identity provider did not
 * ask for one because the user has none there. Another trip would end the same
 * way, so the user is told what is missing.
 */
export function stepUpFailed(
  error: AppCredentialsError,
  t: (key: string, options?: Record<string, string>) => string,
): AppCredentialsError {
  const provider = error.stepUp?.identityProvider;
  return new AppCredentialsError(
    provider
      ? t("appCredentialsStepUpFailedUpstream", { provider })
      : t("appCredentialsStepUpFailed"),
    error.status,
    undefined,
    STEP_UP_FAILED,
    error.stepUp,
  );
}
