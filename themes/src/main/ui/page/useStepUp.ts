import {
  type AccountEnvironment,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import type { AppCredentialsApi, ConsoleContext } from "../lib/api";
import type { StepUpChallenge } from "../lib/challenge";
import {
  clearPendingAction,
  loginFlag,
  type PendingAction,
  readPendingAction,
  RESUME_PARAM,
  type ResumeStep,
  resumeStep,
  runWithStepUp,
  type WithStepUp,
} from "../lib/stepUp";

/**
 * Sends the browser to the login page with the challenge's `max_age` (and
 * `acr_values`); the login comes back to this page with `?resume=<action>`.
 * When the second factor is proved at an identity provider the realm trusts,
 * the login goes straight to it (`kc_idp_hint`) with `prompt=login`, which
 * Keycloak passes on, so that the provider asks again and sends fresh evidence
 * back; the realm's local `acr` values mean nothing there and are not sent.
 */
async function reauthenticate(
  { keycloak }: ConsoleContext,
  challenge: StepUpChallenge,
  pending: PendingAction,
): Promise<void> {
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

/** The action the page was opened to resume (`?resume=…` and what sessionStorage holds), if any. */
function usePendingAction() {
  const [searchParams] = useSearchParams();
  return useState(() =>
    readPendingAction(sessionStorage, searchParams.get(RESUME_PARAM)),
  );
}

/**
 * The first half of the RFC 9470 step-up round trip: runs a call that may need
 * a fresh second factor; on the challenge it saves the action and goes to the
 * login page (see `runWithStepUp`).
 */
export function useStepUp(): WithStepUp {
  const context = useEnvironment<AccountEnvironment>();
  const { t } = useTranslation();
  const [pending] = usePendingAction();
  const [flag] = useState(() => loginFlag(pending !== undefined));
  return useCallback(
    <T,>(action: PendingAction, call: () => Promise<T>) =>
      runWithStepUp(action, call, {
        firstAfterLogin: flag.consume(),
        store: sessionStorage,
        login: (challenge, saved) => reauthenticate(context, challenge, saved),
        t,
      }),
    [context, t, flag],
  );
}

/**
 * The second half: back on the page (`?resume=…`), the saved action is handed
 * to `onResume` once, with the credential it is about as the server has it now
 * (looked up by ID, whichever page of the list it is on), and the marker
 * leaves the URL and the storage.
 */
export function useResume(
  api: AppCredentialsApi,
  onResume: (step: ResumeStep) => void,
) {
  const [searchParams, setSearchParams] = useSearchParams();
  const [pending, setPending] = usePendingAction();
  const latest = useRef(onResume);
  useEffect(() => {
    latest.current = onResume;
  });

  useEffect(() => {
    if (searchParams.has(RESUME_PARAM)) {
      clearPendingAction(sessionStorage);
      setSearchParams(
        (params) => {
          params.delete(RESUME_PARAM);
          return params;
        },
        { replace: true },
      );
    }
  }, [searchParams, setSearchParams]);

  useEffect(() => {
    if (!pending) return;
    const controller = new AbortController();
    const credential =
      pending.action === "create"
        ? Promise.resolve(null)
        : api.get(pending.id, controller.signal).catch(() => null);
    void credential.then((found) => {
      if (!controller.signal.aborted) {
        setPending(undefined);
        latest.current(resumeStep(pending, found));
      }
    });
    return () => controller.abort();
  }, [api, pending, setPending]);
}
