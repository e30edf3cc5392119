import {
  type AccountEnvironment,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import { TextAreaControl, TextControl } from "@keycloak/keycloak-ui-shared";
import { Form, Modal, ModalVariant } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { CredentialOptions } from "../lib/api";
import { formatDateTime, timeZoneLabel } from "../lib/dates";
import { AppCredentialsError } from "../lib/errors";
import type { ExpiryBounds } from "../lib/expiry";
import {
  type CreateFormValues,
  descriptionError,
  formPathOf,
  initialCreateValues,
  isRestrictionPath,
  messageAtField,
  nameError,
  restrictionLimits,
  textLimits,
} from "../lib/forms";
import { ExpiryControl } from "./fields/ExpiryControl";
import { GrantFields } from "./fields/GrantFields";
import { RestrictionsSection } from "./fields/RestrictionsSection";
import { formActions } from "./formActions";
import { SubmitNotice, useSubmitProblem } from "./SubmitNotice";
import { useExpiryCheck } from "./useExpiryCheck";

const FORM_ID = "app-credential-form";

type CreateDialogProps = {
  options: CredentialOptions;
  bounds: ExpiryBounds;
  /** Values saved before a step-up login. */
  savedValues?: CreateFormValues;
  onSubmit: (values: CreateFormValues) => Promise<void>;
  onClose: () => void;
};

/** The form that creates a credential: name, expiry, what it grants, restrictions. */
export const CreateDialog = ({
  options,
  bounds,
  savedValues,
  onSubmit,
  onClose,
}: CreateDialogProps) => {
  const { t } = useTranslation();
  const { addError } = useAccountAlerts();
  const { environment } = useEnvironment<AccountEnvironment>();
  const limits = textLimits(options);
  const restrictions = restrictionLimits(options);
  const form = useForm<CreateFormValues>({
    defaultValues: initialCreateValues(options, bounds, savedValues),
    mode: "onTouched",
    shouldFocusError: false,
  });
  const {
    handleSubmit,
    setError,
    getValues,
    formState: { isSubmitting, submitCount },
  } = form;
  const problem = useSubmitProblem();
  const expiryError = useExpiryCheck(bounds);
  // open when the saved values have restrictions (beyond a DPoP the realm
  // requires anyway); it opens by itself to show an error in it
  const [restrictionsOpen, setRestrictionsOpen] = useState(() => {
    const values = getValues();
    return (
      values.accessRules.length > 0 ||
      values.allowedCidrs.length > 0 ||
      (values.requireDpop && !restrictions.requireDpop)
    );
  });

  // after a refused submit: the first input in error, in view and focused
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (!refusals) return;
    const input = document.querySelector<HTMLElement>(
      `#${FORM_ID} [aria-invalid="true"]`,
    );
    input?.scrollIntoView({ block: "center" });
    input?.focus({ preventScroll: true });
  }, [refusals]);

  const refused = (paths: string[]) => {
    if (paths.some(isRestrictionPath)) {
      setRestrictionsOpen(true);
    }
    setRefusals((count) => count + 1);
  };

  const submit = async (values: CreateFormValues) => {
    problem.clear();
    try {
      await onSubmit(values);
    } catch (error) {
      if (problem.show(error)) return;
      const field =
        error instanceof AppCredentialsError ? error.field : undefined;
      // the values sent: the server's indexes are those of their rows
      const path = formPathOf(field, values);
      if (field && path && error instanceof Error) {
        setError(path, {
          type: "server",
          message: messageAtField(error.message, field),
        });
        refused([path]);
      } else {
        addError("appCredentialsCreateError", error);
      }
    }
  };

  return (
    <Modal
      className="app-credentials-modal"
      variant={ModalVariant.medium}
      title={t("appCredentialsCreateTitle")}
      isOpen
      onClose={onClose}
      data-testid="create-app-credential-dialog"
      actions={formActions({
        formId: FORM_ID,
        submitLabel: t("appCredentialsCreate"),
        submitTestId: "app-credential-submit",
        cancelLabel: t("appCredentialsCancel"),
        cancelTestId: "app-credential-cancel",
        isSubmitting,
        onCancel: onClose,
      })}
    >
      <FormProvider {...form}>
        <Form
          id={FORM_ID}
          noValidate
          onSubmit={handleSubmit(submit, (errors) =>
            refused(Object.keys(errors)),
          )}
        >
          <SubmitNotice
            problem={problem.problem}
            resumed={!!savedValues && submitCount === 0}
            hint={
              options.policy.requireMfa ? t("appCredentialsMfaHint") : undefined
            }
          />
          <TextControl<CreateFormValues, "name">
            name="name"
            label={t("appCredentialsName")}
            data-testid="app-credential-name"
            helperText={t("appCredentialsNameHint")}
            autoFocus
            rules={{
              required: t("appCredentialsNameRequired"),
              validate: (name: string) => nameError(name, limits, t) ?? true,
            }}
          />
          <TextAreaControl<CreateFormValues, "description">
            name="description"
            label={t("appCredentialsDescriptionLabel")}
            data-testid="app-credential-description"
            resizeOrientation="vertical"
            rules={{
              validate: (description: string) =>
                descriptionError(description, limits, t) ?? true,
            }}
          />
          <ExpiryControl<CreateFormValues>
            name="expiry"
            id="app-credential-expiry"
            label={t("appCredentialsExpiresAt")}
            isRequired
            bounds={bounds}
            validate={(value) => expiryError(value)}
            hint={t("appCredentialsExpiryHint", {
              zone: timeZoneLabel(),
              max: formatDateTime(bounds.max, environment.locale),
            })}
          />
          <GrantFields options={options} realm={environment.realm} />
          <RestrictionsSection
            limits={restrictions}
            isExpanded={restrictionsOpen}
            onToggle={setRestrictionsOpen}
            realm={environment.realm}
          />
        </Form>
      </FormProvider>
    </Modal>
  );
};
