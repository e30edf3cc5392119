import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import {
  Alert,
  Button,
  DatePicker,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
} from "@patternfly/react-core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { type AppCredential, AppCredentialsError } from "./api";
import { EXPIRY_PROBLEM_KEYS } from "./CreateDialog";
import {
  checkExpiryDay,
  checkExpiryInput,
  type ExpiryBounds,
  formatDateTime,
} from "./expiry";
import { isMfaNotConfigured, MfaSetupAlert } from "./MfaSetupAlert";

type RenewDialogProps = {
  credential: AppCredential;
  /** Unknown when `GET /options` failed: the server then checks alone. */
  bounds?: ExpiryBounds;
  defaultLifetimeDays?: number;
  locale: string;
  /** The day chosen before a step-up login. */
  savedDate?: string;
  /** Renews until the end of `expiryDate` (yyyy-MM-dd), or by the default lifetime when empty. */
  onSubmit: (expiryDate: string) => Promise<void>;
  onClose: () => void;
};

export const RenewDialog = ({
  credential,
  bounds,
  defaultLifetimeDays,
  locale,
  savedDate,
  onSubmit,
  onClose,
}: RenewDialogProps) => {
  const { t } = useTranslation();
  const { addError } = useAccountAlerts();
  const [expiryDate, setExpiryDate] = useState(savedDate ?? "");
  const [error, setError] = useState<string>();
  const [mfaMessage, setMfaMessage] = useState<string>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMfaMessage(undefined);
    const problem =
      expiryDate && bounds ? checkExpiryInput(expiryDate, bounds) : undefined;
    setError(problem && t(EXPIRY_PROBLEM_KEYS[problem]));
    if (problem) {
      return;
    }
    setIsBusy(true);
    try {
      await onSubmit(expiryDate.trim());
    } catch (failure) {
      setIsBusy(false);
      if (isMfaNotConfigured(failure)) {
        setMfaMessage(failure.message);
      } else if (
        failure instanceof AppCredentialsError &&
        failure.field === "expiresAt"
      ) {
        setError(failure.message);
      } else {
        addError("appCredentialsRenewError", failure);
      }
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      title={t("appCredentialsRenewTitle", { name: credential.name })}
      isOpen
      onClose={onClose}
      data-testid="renew-dialog"
      actions={[
        <Button
          key="renew"
          type="submit"
          form="app-credential-renew-form"
          isLoading={isBusy}
          isDisabled={isBusy}
          data-testid="confirm-renew"
        >
          {t("appCredentialsRenew")}
        </Button>,
        <Button
          key="cancel"
          variant="link"
          onClick={onClose}
          data-testid="confirm-cancel"
        >
          {t("appCredentialsCancel")}
        </Button>,
      ]}
    >
      <Form id="app-credential-renew-form" onSubmit={submit} noValidate>
        {mfaMessage && <MfaSetupAlert message={mfaMessage} />}
        {savedDate !== undefined && (
          <Alert
            variant="info"
            isInline
            isPlain
            title={t("appCredentialsResumed")}
          />
        )}
        <FormGroup label={t("appCredentialsNewExpiry")} fieldId="renew-expiry">
          <DatePicker
            data-testid="renew-expiry"
            value={expiryDate}
            onChange={(_event, value) => {
              setExpiryDate(value);
              setError(undefined);
            }}
            validators={
              bounds
                ? [
                    (day) => {
                      const problem = checkExpiryDay(day, bounds);
                      return problem ? t(EXPIRY_PROBLEM_KEYS[problem]) : "";
                    },
                  ]
                : []
            }
            inputProps={{
              id: "renew-expiry",
              ...(error && { validated: "error" }),
            }}
            invalidFormatText={t("appCredentialsExpiryInvalid")}
          />
          <FormHelperText>
            <HelperText>
              <HelperTextItem variant={error ? "error" : "default"}>
                {error ??
                  t(
                    defaultLifetimeDays
                      ? "appCredentialsRenewHint"
                      : "appCredentialsRenewHintNoPolicy",
                    {
                      current: formatDateTime(credential.expiresAt, locale),
                      days: defaultLifetimeDays,
                    },
                  )}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      </Form>
    </Modal>
  );
};
