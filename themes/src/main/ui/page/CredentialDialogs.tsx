import { useTranslation } from "react-i18next";

import { ConfirmDialog } from "../dialogs/ConfirmDialog";
import { CreateDialog } from "../dialogs/CreateDialog";
import { RegenerateDialog } from "../dialogs/RegenerateDialog";
import { RenewDialog } from "../dialogs/RenewDialog";
import { SecretDialog } from "../dialogs/SecretDialog";
import type {
  AppCredential,
  CredentialOptions,
  IssuedAppCredential,
} from "../lib/api";
import type { ExpiryBounds } from "../lib/expiry";
import { overlapChoices } from "../lib/rotation";
import type { CreateFormValues, RenewFormValues } from "../lib/forms";
import type { useCredentialActions } from "./useCredentialActions";

/** The dialog open on the page, if any. */
export type Dialog =
  | { kind: "create"; savedValues?: CreateFormValues }
  | { kind: "regenerate"; credential: AppCredential }
  | { kind: "renew"; credential: AppCredential; saved?: RenewFormValues }
  | { kind: "revoke"; credential: AppCredential }
  | { kind: "end-overlap"; credential: AppCredential }
  | { kind: "secret"; issued: IssuedAppCredential; regenerated: boolean };

type CredentialDialogsProps = {
  dialog?: Dialog;
  options?: CredentialOptions;
  bounds?: ExpiryBounds;
  actions: ReturnType<typeof useCredentialActions>;
  onClose: () => void;
};

/** Renders the open dialog, wired to the page's actions. */
export const CredentialDialogs = ({
  dialog,
  options,
  bounds,
  actions,
  onClose,
}: CredentialDialogsProps) => {
  const { t } = useTranslation();
  switch (dialog?.kind) {
    case "create":
      // after a step-up login the form waits for the options it needs
      return options && bounds ? (
        <CreateDialog
          options={options}
          bounds={bounds}
          savedValues={dialog.savedValues}
          onSubmit={actions.create}
          onClose={onClose}
        />
      ) : null;
    case "secret":
      return (
        <SecretDialog
          credential={dialog.issued}
          regenerated={dialog.regenerated}
          onClose={onClose}
        />
      );
    case "renew":
      return (
        <RenewDialog
          credential={dialog.credential}
          bounds={bounds}
          defaultLifetimeDays={options?.policy.defaultLifetimeDays}
          saved={dialog.saved}
          onSubmit={(values) => actions.renew(dialog.credential, values)}
          onClose={onClose}
        />
      );
    case "regenerate":
      return (
        <RegenerateDialog
          credential={dialog.credential}
          choices={overlapChoices(options)}
          onConfirm={(overlapSeconds) =>
            actions.regenerate(dialog.credential, overlapSeconds)
          }
          onClose={onClose}
        />
      );
    case "end-overlap":
      return (
        <ConfirmDialog
          title={t("appCredentialsOverlapEndTitle", {
            name: dialog.credential.name,
          })}
          confirmLabel={t("appCredentialsOverlapEnd")}
          confirmTestId="confirm-end-overlap"
          isDanger
          errorKey="appCredentialsOverlapEndError"
          onConfirm={() => actions.endPreviousSecret(dialog.credential)}
          onClose={onClose}
        >
          {t("appCredentialsOverlapEndBody")}
        </ConfirmDialog>
      );
    case "revoke":
      return (
        <ConfirmDialog
          title={t("appCredentialsRevokeTitle", {
            name: dialog.credential.name,
          })}
          confirmLabel={t("appCredentialsRevoke")}
          confirmTestId="confirm-revoke"
          isDanger
          errorKey="appCredentialsRevokeError"
          onConfirm={() => actions.revoke(dialog.credential)}
          onClose={onClose}
        >
          {dialog.credential.state === "expired"
            ? t("appCredentialsRevokeExpiredBody", {
                days: options?.policy.retentionDays,
              })
            : t("appCredentialsRevokeBody")}
        </ConfirmDialog>
      );
    default:
      return null;
  }
};
