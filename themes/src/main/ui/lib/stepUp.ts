import type { AppCredential } from "./api";
import type { StepUpChallenge } from "./challenge";
import { actionsOf, type RowAction } from "./credentials";
import { AppCredentialsError, STEP_UP_FAILED } from "./errors";
import type { CreateFormValues, RenewFormValues } from "./forms";

/** sessionStorage key holding the action interrupted by a step-up login. */
export const PENDING_ACTION_KEY = "appCredentials.pendingAction";

/** Query parameter marking the return from a step-up login, e.g. `?resume=create`. */
export const RESUME_PARAM = "resume";

/** What the user was doing when the server asked for a fresh login. */
export type PendingAction =
  | { action: "create"; values: CreateFormValues }
  | { action: "regenerate"; id: string; overlapSeconds?: number }
  | { action: "enable"; id: string }
  | { action: "renew"; id: string; values: RenewFormValues };

/** The part of sessionStorage the round trip uses. */
export type PendingStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function savePendingAction(store: PendingStore, pending: PendingAction) {
  store.setItem(PENDING_ACTION_KEY, JSON.stringify(pending));
}

const ACTIONS = ["create", "regenerate", "enable", "renew"];

/**
 * The saved action, when the page is opened with the resume marker of that
 * action (`?resume=create`): anything else (no marker, another action, a
 * damaged entry) is nothing to resume.
 */
export function readPendingAction(
  store: PendingStore,
  marker: string | null,
): PendingAction | undefined {
  const saved = marker ? store.getItem(PENDING_ACTION_KEY) : null;
  if (!saved) {
    return undefined;
  }
  try {
    const pending = JSON.parse(saved) as {
      action?: unknown;
      id?: unknown;
      values?: unknown;
    } | null;
    if (
      !pending ||
      typeof pending.action !== "string" ||
      !ACTIONS.includes(pending.action) ||
      pending.action !== marker
    ) {
      return undefined;
    }
    const hasValues =
      typeof pending.values === "object" && pending.values !== null;
    const hasId = typeof pending.id === "string";
    const complete =
      pending.action === "create"
        ? hasValues
        : pending.action === "renew"
          ? hasValues && hasId
          : hasId;
    return complete ? (pending as PendingAction) : undefined;
  } catch {
    return undefined;
  }
}

export function clearPendingAction(store: PendingStore) {
  store.removeItem(PENDING_ACTION_KEY);
}

/** What the page does with the action it resumes. */
export type ResumeStep =
  /** The create form again, filled in as it was. */
  | { kind: "create"; values: CreateFormValues }
  /** The renew form again, with the date and time chosen. */
  | { kind: "renew"; credential: AppCredential; values: RenewFormValues }
  /** Confirmed before the login: done at once. */
  | { kind: "regenerate" | "enable"; credential: AppCredential; overlapSeconds?: number }
  /** The credential is gone, or its state no longer allows the action (revoked meanwhile, say). */
  | { kind: "unavailable"; action: RowAction };

/**
 * The step for a resumed action, given the credential it is about as the
 * server has it now (null when it is gone; a creation needs none).
 */
export function resumeStep(
  pending: PendingAction,
  credential: AppCredential | null,
): ResumeStep {
  if (pending.action === "create") {
    return { kind: "create", values: pending.values };
  }
  if (
    !credential ||
    credential.id !== pending.id ||
    !actionsOf(credential).includes(pending.action)
  ) {
    return { kind: "unavailable", action: pending.action };
  }
  if (pending.action === "regenerate") {
    const overlap = pending.overlapSeconds;
    return typeof overlap === "number" && Number.isInteger(overlap) && overlap > 0
      ? { kind: "regenerate", credential, overlapSeconds: overlap }
      : { kind: "regenerate", credential };
  }
  return pending.action === "renew"
    ? { kind: "renew", credential, values: pending.values }
    : { kind: pending.action, credential };
}

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

/**
 * Whether the page was opened coming back from a step-up login, asked once:
 * only the first call that may need a login is the one that login was for.
 */
export function loginFlag(backFromLogin: boolean) {
  let unasked = backFromLogin;
  return {
    consume(): boolean {
      const value = unasked;
      unasked = false;
      return value;
    },
  };
}

type StepUpOptions = {
  /** This call is the first after coming back from a step-up login. */
  firstAfterLogin: boolean;
  store: PendingStore;
  /** Sends the browser to the login page the challenge asks for (it does not come back). */
  login: (challenge: StepUpChallenge, pending: PendingAction) => Promise<void>;
  t: (key: string, options?: Record<string, string>) => string;
};

/**
 * Runs a call that may need a fresh second factor. On the RFC 9470 challenge
 * the action is saved and the browser goes to the login page; the call then
 * resolves to undefined. The first such call after coming back from that login
 * does not go round again: a second challenge there is an error saying why (it
 * would loop otherwise). Later ones, which the user starts anew, may send them
 * to the login again. Any other error is the caller's.
 */
export async function runWithStepUp<T>(
  pending: PendingAction,
  call: () => Promise<T>,
  { firstAfterLogin, store, login, t }: StepUpOptions,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AppCredentialsError) || !error.stepUp) {
      throw error;
    }
    if (firstAfterLogin) {
      throw stepUpFailed(error, t);
    }
    savePendingAction(store, pending);
    await login(error.stepUp, pending);
    return undefined;
  }
}

export type WithStepUp = <T>(
  pending: PendingAction,
  call: () => Promise<T>,
) => Promise<T | undefined>;
