import {
  type AccountEnvironment,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import { useTranslation } from "react-i18next";

import type {
  AppCredential,
  AppCredentialsApi,
  IssuedAppCredential,
} from "../lib/api";
import { formatDateTime, toOffsetDateTime } from "../lib/dates";
import {
  type CreateFormValues,
  type RenewFormValues,
  toCreateRequest,
} from "../lib/forms";
import type { WithStepUp } from "../lib/stepUp";

type ActionsProps = {
  api: AppCredentialsApi;
  withStepUp: WithStepUp;
  /** A new secret to show: of a new credential, or regenerated. */
  showSecret: (issued: IssuedAppCredential, regenerated: boolean) => void;
  /** The list changed: load it again (from its first page after a creation). */
  reload: (toFirstPage?: boolean) => void;
  closeDialog: () => void;
};

/**
 * What the page does with a credential, through the REST resource: the calls
 * that need a fresh second factor go through the step-up round trip; each
 * says how it went (the new secret, an alert) and has the list loaded again.
 * Errors of the dialogs' calls go back to the dialog, which shows them.
 */
export function useCredentialActions({
  api,
  withStepUp,
  showSecret,
  reload,
  closeDialog,
}: ActionsProps) {
  const { t } = useTranslation();
  const { addAlert, addError } = useAccountAlerts();
  const { environment } = useEnvironment<AccountEnvironment>();

  const create = async (values: CreateFormValues) => {
    const issued = await withStepUp({ action: "create", values }, () =>
      api.create(toCreateRequest(values)),
    );
    if (issued) {
      showSecret(issued, false);
      reload(true);
    }
  };

  const regenerate = async (credential: AppCredential, overlapSeconds = 0) => {
    const issued = await withStepUp(
      overlapSeconds > 0
        ? { action: "regenerate", id: credential.id, overlapSeconds }
        : { action: "regenerate", id: credential.id },
      () => api.regenerate(credential.id, overlapSeconds),
    );
    if (issued) {
      showSecret(issued, true);
      reload();
    }
  };

  const renew = async (credential: AppCredential, values: RenewFormValues) => {
    const renewed = await withStepUp(
      { action: "renew", id: credential.id, values },
      () =>
        api.renew(
          credential.id,
          toOffsetDateTime(values.expiry.date, values.expiry.time),
        ),
    );
    if (renewed) {
      closeDialog();
      addAlert(
        t("appCredentialsRenewed", {
          name: renewed.name,
          date: formatDateTime(renewed.expiresAt, environment.locale),
        }),
      );
      reload();
    }
  };

  const revoke = async (credential: AppCredential) => {
    await api.revoke(credential.id);
    closeDialog();
    addAlert(t("appCredentialsRevoked", { name: credential.name }));
    reload();
  };

  /**
   * Enabling a suspended credential needs a fresh second factor, so it may
   * come back with the step-up challenge; disabling never does.
   */
  const setState = async (
    credential: AppCredential,
    state: "active" | "disabled",
  ) => {
    try {
      const updated =
        state === "active"
          ? await withStepUp({ action: "enable", id: credential.id }, () =>
              api.setState(credential.id, state),
            )
          : await api.setState(credential.id, state);
      if (!updated) return;
      addAlert(
        t(
          state === "active"
            ? "appCredentialsEnabled"
            : "appCredentialsDisabled",
          { name: credential.name },
        ),
      );
      reload();
    } catch (error) {
      addError("appCredentialsStateError", error);
    }
  };

  /** Ends the previous secret of a rotation overlap: no second factor needed, it only takes access away. */
  const endPreviousSecret = async (credential: AppCredential) => {
    await api.endPreviousSecret(credential.id);
    closeDialog();
    addAlert(t("appCredentialsOverlapEnded", { name: credential.name }));
    reload();
  };

  return { create, regenerate, renew, revoke, setState, endPreviousSecret };
}
