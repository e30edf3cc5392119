import {
  type AccountEnvironment,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import { Alert, Form, Modal, ModalVariant } from "@patternfly/react-core";
import { useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { AppCredential } from "../lib/api";
import {
  formatDateTime,
  localDateTime,
  timeZoneLabel,
} from "../lib/dates";
import { AppCredentialsError } from "../lib/errors";
import {
  END_OF_DAY,
  type ExpiryBounds,
  renewalProposal,
} from "../lib/expiry";
import { type RenewFormValues, restoreValues } from "../lib/forms";
import { ExpiryControl } from "./fields/ExpiryControl";
import { formActions } from "./formActions";
import { SubmitNotice, useSubmitProblem } from "./SubmitNotice";
import { useExpiryCheck } from "./useExpiryCheck";

const FORM_ID = "app-credential-renew-form";

type RenewDialogProps = {
  credential: AppCredential;
  /** Unknown when `GET /options` failed: the server then checks alone. */
  bounds?: ExpiryBounds;
  defaultLifetimeDays?: number;
  /** The date and time chosen before a step-up login. */
  saved?: RenewFormValues;
  /** Renews until the local date and time. */
  onSubmit: (values: RenewFormValues) => Promise<void>;
  onClose: () => void;
};

/**
 * Moves a credential's expiry later. The new expiry is always a date and time
 * the user sees before renewing: it starts as the end of the day the default
 * lifetime reaches (from now, or from the current expiry when that would not
 * move it later), never past the policy's latest; when nothing the policy
 * allows is later than the current expiry, the dialog says so and cannot renew.
 */
export const RenewDialog = ({
  credential,
  bounds,
  defaultLifetimeDays,
  saved,
  onSubmit,
  onClose,
}: RenewDialogProps) => {
  const { t } = useTranslation();
  const { addError } = useAccountAlerts();
  const { environment } = useEnvironment<AccountEnvironment>();
  const locale = environment.locale;
  const currentExpiry = new Date(credential.expiresAt);
  // what the dialog proposes, fixed when it opens
  const [proposal] = useState(() =>
    bounds ? renewalProposal(currentExpiry, bounds) : undefined,
  );
  const cannotRenew = !!bounds && !proposal;
  const form = useForm<RenewFormValues>({
    defaultValues: restoreValues(
      { expiry: proposal ?? { date: "", time: END_OF_DAY } },
      saved,
    ),
    mode: "onTouched",
  });
  const {
    control,
    handleSubmit,
    setError,
    formState: { isSubmitting, submitCount },
  } = form;
  const expiry = useWatch({ control, name: "expiry" });
  const problem = useSubmitProblem();
  const expiryError = useExpiryCheck(bounds, currentExpiry);
  const chosen = localDateTime(expiry.date, expiry.time);

  const submit = async (values: RenewFormValues) => {
    problem.clear();
    try {
      await onSubmit(values);
    } catch (error) {
      if (problem.show(error)) return;
      if (error instanceof AppCredentialsError && error.field === "expiresAt") {
        setError("expiry", { type: "server", message: error.message });
      } else {
        addError("appCredentialsRenewError", error);
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
      actions={formActions({
        formId: FORM_ID,
        submitLabel: t("appCredentialsRenew"),
        submitTestId: "confirm-renew",
        cancelLabel: t("appCredentialsCancel"),
        cancelTestId: "confirm-cancel",
        isSubmitting,
        isDisabled: cannotRenew,
        onCancel: onClose,
      })}
    >
      <FormProvider {...form}>
        <Form id={FORM_ID} noValidate onSubmit={handleSubmit(submit)}>
          <SubmitNotice
            problem={problem.problem}
            resumed={saved !== undefined && submitCount === 0}
          />
          <p data-testid="renew-current">
            {t("appCredentialsRenewCurrent", {
              current: formatDateTime(currentExpiry, locale),
            })}
          </p>
          {cannotRenew ? (
            <Alert
              variant="info"
              isInline
              title={t("appCredentialsRenewAtLatest", {
                max: formatDateTime(bounds.max, locale),
              })}
              data-testid="renew-at-latest"
            />
          ) : (
            <ExpiryControl<RenewFormValues>
              name="expiry"
              id="renew-expiry"
              label={t("appCredentialsNewExpiry")}
              isRequired
              bounds={bounds}
              validate={(value) => expiryError(value)}
              hint={t(
                defaultLifetimeDays
                  ? "appCredentialsRenewHint"
                  : "appCredentialsRenewHintNoPolicy",
                {
                  days: defaultLifetimeDays,
                  zone: timeZoneLabel(chosen),
                  max: bounds && formatDateTime(bounds.max, locale),
                },
              )}
            />
          )}
        </Form>
      </FormProvider>
    </Modal>
  );
};
