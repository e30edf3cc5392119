import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import {
  Alert,
  Button,
  Form,
  Modal,
  ModalVariant,
} from "@patternfly/react-core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { type AppCredential, AppCredentialsError } from "./api";
import {
  checkExpiry,
  END_OF_DAY,
  type ExpiryBounds,
  formatDateTime,
  timeZoneLabel,
} from "./expiry";
import { EXPIRY_PROBLEM_KEYS, ExpiryField } from "./ExpiryField";
import {
  isMfaNotConfigured,
  MfaSetupAlert,
  StepUpFailedAlert,
} from "./MfaSetupAlert";
import { isStepUpFailed } from "./stepUp";

/** A local date (empty: the default lifetime) and time of day. */
export type RenewValues = { expiryDate: string; expiryTime: string };

type RenewDialogProps = {
  credential: AppCredential;
  /** Unknown when `GET /options` failed: the server then checks alone. */
  bounds?: ExpiryBounds;
  defaultLifetimeDays?: number;
  locale: string;
  /** The date and time chosen before a step-up login. */
  saved?: RenewValues;
  /** Renews until the local date and time, or by the default lifetime when the date is empty. */
  onSubmit: (values: RenewValues) => Promise<void>;
  onClose: () => void;
};

export const RenewDialog = ({
  credential,
  bounds,
  defaultLifetimeDays,
  locale,
  saved,
  onSubmit,
  onClose,
}: RenewDialogProps) => {
  const { t } = useTranslation();
  const { addError } = useAccountAlerts();
  const [values, setValues] = useState<RenewValues>(
    saved ?? { expiryDate: "", expiryTime: END_OF_DAY },
  );
  const [error, setError] = useState<string>();
  const maxText = bounds && formatDateTime(bounds.max, locale);
  /** An empty date means the default lifetime: nothing to check then. */
  const expiryError = ({ expiryDate, expiryTime }: RenewValues) => {
    const problem = expiryDate.trim()
      ? checkExpiry(expiryDate, expiryTime, bounds)
      : undefined;
    return problem && t(EXPIRY_PROBLEM_KEYS[problem], { max: maxText });
  };
  const [mfaMessage, setMfaMessage] = useState<string>();
  const [stepUpMessage, setStepUpMessage] = useState<string>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMfaMessage(undefined);
    setStepUpMessage(undefined);
    const problem = expiryError(values);
    setError(problem);
    if (problem) {
      return;
    }
    setIsBusy(true);
    try {
      await onSubmit({ ...values, expiryDate: values.expiryDate.trim() });
    } catch (failure) {
      setIsBusy(false);
      if (isMfaNotConfigured(failure)) {
        setMfaMessage(failure.message);
      } else if (isStepUpFailed(failure)) {
        setStepUpMessage(failure.message);
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
      className="app-credentials-modal"
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
        {stepUpMessage && <StepUpFailedAlert message={stepUpMessage} />}
        {saved !== undefined && !stepUpMessage && (
          <Alert
            variant="info"
            isInline
            isPlain
            title={t("appCredentialsResumed")}
          />
        )}
        <ExpiryField
          id="renew-expiry"
          label={t("appCredentialsNewExpiry")}
          date={values.expiryDate}
          time={values.expiryTime}
          bounds={bounds}
          onChange={({ date, time }) => {
            const next = { expiryDate: date, expiryTime: time };
            setValues(next);
            setError(date && time ? expiryError(next) : undefined);
          }}
          error={error}
          hint={t(
            defaultLifetimeDays
              ? "appCredentialsRenewHint"
              : "appCredentialsRenewHintNoPolicy",
            {
              current: formatDateTime(credential.expiresAt, locale),
              days: defaultLifetimeDays,
              zone: timeZoneLabel(),
            },
          )}
        />
      </Form>
    </Modal>
  );
};
