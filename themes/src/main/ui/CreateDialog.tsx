import {
  type AccountEnvironment,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import {
  type FormEvent,
  type ReactNode,
  useEffect,
  useState,
} from "react";
import { useTranslation } from "react-i18next";

import {
  AppCredentialsError,
  type CreateRequest,
  type CredentialOptions,
} from "./api";
import { CheckboxSelect } from "./CheckboxSelect";
import {
  checkExpiry,
  type ExpiryBounds,
  formatDateTime,
  initialExpiry,
  timeZoneLabel,
  toOffsetDateTime,
} from "./expiry";
import { EXPIRY_PROBLEM_KEYS, ExpiryField } from "./ExpiryField";
import {
  isMfaNotConfigured,
  MfaSetupAlert,
  StepUpFailedAlert,
} from "./MfaSetupAlert";
import {
  DEFAULT_RESTRICTIONS,
  hasRestrictions,
  isRestrictionError,
  messageAtField,
  type RestrictionValues,
  restrictionErrorKey,
  RestrictionsSection,
  toRequestRestrictions,
  validateRestrictions,
} from "./RestrictionsSection";
import { isStepUpFailed } from "./stepUp";

/** What the user typed; kept in sessionStorage across a step-up login. */
export type CreateFormValues = {
  name: string;
  description: string;
  /** yyyy-MM-dd, in the browser's time zone */
  expiryDate: string;
  /** HH:mm, in the browser's time zone */
  expiryTime: string;
  clientId: string;
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
  scopes: string[];
} & RestrictionValues;

const FIELDS = [
  "name",
  "description",
  "expiresAt",
  "clientId",
  "realmRoles",
  "clientRoles",
  "scopes",
] as const;
type Field = (typeof FIELDS)[number];
/** By field name, or by a key of the restrictions section (`accessRules.<row>.path`). */
type FieldErrors = Record<string, string>;

/** Where the form shows an error the server put on `field`, if it can. */
function errorKey(
  field: string | undefined,
  values: CreateFormValues,
): string | undefined {
  if (!field) return undefined;
  return (FIELDS as readonly string[]).includes(field)
    ? field
    : restrictionErrorKey(field, values);
}

const NAME_MAX = 64;
const DESCRIPTION_MAX = 255;

export function toCreateRequest(values: CreateFormValues): CreateRequest {
  return {
    name: values.name.trim(),
    description: values.description.trim() || undefined,
    expiresAt: toOffsetDateTime(values.expiryDate, values.expiryTime),
    clientId: values.clientId,
    realmRoles: values.realmRoles,
    clientRoles: Object.fromEntries(
      Object.entries(values.clientRoles).filter(([, roles]) => roles.length),
    ),
    scopes: values.scopes,
    ...toRequestRestrictions(values),
  };
}

function initialValues(
  options: CredentialOptions,
  bounds: ExpiryBounds,
  saved?: Partial<CreateFormValues>,
): CreateFormValues {
  const application =
    options.clients.find((client) => client.default) ?? options.clients[0];
  const expiry = initialExpiry(bounds.defaultDate, bounds);
  return {
    name: "",
    description: "",
    expiryDate: expiry.date,
    expiryTime: expiry.time,
    clientId: application?.clientId ?? "",
    realmRoles: [],
    clientRoles: {},
    scopes: [],
    accessRules: [],
    allowedCidrs: [],
    requireDpop: false,
    ...saved,
    // every new credential has it when the realm requires it
    ...(options.restrictions?.requireDpop && { requireDpop: true }),
  };
}

const clientRoleKey = (clientId: string, role: string) =>
  JSON.stringify([clientId, role]);

type CreateDialogProps = {
  options: CredentialOptions;
  bounds: ExpiryBounds;
  locale: string;
  /** Values saved before a step-up login. */
  savedValues?: CreateFormValues;
  onSubmit: (values: CreateFormValues) => Promise<void>;
  onClose: () => void;
};

export const CreateDialog = ({
  options,
  bounds,
  locale,
  savedValues,
  onSubmit,
  onClose,
}: CreateDialogProps) => {
  const { t } = useTranslation();
  const { addError } = useAccountAlerts();
  const { environment } = useEnvironment<AccountEnvironment>();
  const restrictionLimits = options.restrictions ?? DEFAULT_RESTRICTIONS;
  const [values, setValues] = useState(() =>
    initialValues(options, bounds, savedValues),
  );
  // open when the saved values have restrictions (beyond a DPoP the realm
  // requires anyway), or when one of them has an error
  const [restrictionsOpen, setRestrictionsOpen] = useState(() =>
    hasRestrictions({
      ...values,
      requireDpop: values.requireDpop && !restrictionLimits.requireDpop,
    }),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [mfaMessage, setMfaMessage] = useState<string>();
  const [stepUpMessage, setStepUpMessage] = useState<string>();
  const [isSubmitting, setIsSubmitting] = useState(false);

  const application = options.clients.find(
    (client) => client.clientId === values.clientId,
  );

  const change = (
    patch: Partial<CreateFormValues>,
    fields: string | string[],
  ) => {
    const cleared = typeof fields === "string" ? [fields] : fields;
    setValues((current) => ({ ...current, ...patch }));
    setErrors((current) =>
      Object.fromEntries(
        Object.entries(current).filter(([key]) => !cleared.includes(key)),
      ),
    );
  };

  const maxText = formatDateTime(bounds.max, locale);
  const expiryError = (date: string, time: string) => {
    const problem = checkExpiry(date, time, bounds);
    return problem && t(EXPIRY_PROBLEM_KEYS[problem], { max: maxText });
  };

  const validate = (): FieldErrors => {
    const problems: FieldErrors = {};
    const name = values.name.trim();
    if (!name) {
      problems.name = t("appCredentialsNameRequired");
    } else if (name.length > NAME_MAX) {
      problems.name = t("appCredentialsNameTooLong", { max: NAME_MAX });
    }
    if (values.description.trim().length > DESCRIPTION_MAX) {
      problems.description = t("appCredentialsDescriptionTooLong", {
        max: DESCRIPTION_MAX,
      });
    }
    const expiryProblem = expiryError(values.expiryDate, values.expiryTime);
    if (expiryProblem) {
      problems.expiresAt = expiryProblem;
    }
    if (!application) {
      problems.clientId = t("appCredentialsApplicationRequired");
    }
    return {
      ...problems,
      ...validateRestrictions(values, restrictionLimits, t),
    };
  };

  // after a refused submit: the first input in error, in view and focused
  const [errorShown, setErrorShown] = useState(0);
  useEffect(() => {
    if (!errorShown) return;
    const input = document.querySelector<HTMLElement>(
      '#app-credential-form [aria-invalid="true"]',
    );
    input?.scrollIntoView({ block: "center" });
    input?.focus({ preventScroll: true });
  }, [errorShown]);

  const showErrors = (problems: FieldErrors) => {
    setErrors(problems);
    if (Object.keys(problems).some(isRestrictionError)) {
      setRestrictionsOpen(true);
    }
    if (Object.keys(problems).length > 0) {
      setErrorShown((count) => count + 1);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = validate();
    showErrors(problems);
    setMfaMessage(undefined);
    setStepUpMessage(undefined);
    if (Object.keys(problems).length > 0) {
      return;
    }
    setIsSubmitting(true);
    try {
      await onSubmit(values);
    } catch (error) {
      setIsSubmitting(false);
      const field =
        error instanceof AppCredentialsError ? error.field : undefined;
      // the values sent: the server's indexes are those of their rows
      const key = errorKey(field, values);
      if (isMfaNotConfigured(error)) {
        setMfaMessage(error.message);
      } else if (isStepUpFailed(error)) {
        setStepUpMessage(error.message);
      } else if (field && key && error instanceof Error) {
        showErrors({
          [key]:
            key === field ? error.message : messageAtField(error.message, field),
        });
      } else {
        addError("appCredentialsCreateError", error);
      }
    }
  };

  const helper = (field: Field, hint?: ReactNode) =>
    errors[field] || hint ? (
      <FormHelperText>
        <HelperText>
          <HelperTextItem
            variant={errors[field] ? "error" : "default"}
            data-testid={
              errors[field] ? `app-credential-${field}-error` : undefined
            }
          >
            {errors[field] ?? hint}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    ) : null;

  const validated = (field: Field) => (errors[field] ? "error" : "default");

  return (
    <Modal
      className="app-credentials-modal"
      variant={ModalVariant.medium}
      title={t("appCredentialsCreateTitle")}
      isOpen
      onClose={onClose}
      data-testid="create-app-credential-dialog"
      actions={[
        <Button
          key="submit"
          type="submit"
          form="app-credential-form"
          isLoading={isSubmitting}
          isDisabled={isSubmitting}
          data-testid="app-credential-submit"
        >
          {t("appCredentialsCreate")}
        </Button>,
        <Button
          key="cancel"
          variant="link"
          onClick={onClose}
          data-testid="app-credential-cancel"
        >
          {t("appCredentialsCancel")}
        </Button>,
      ]}
    >
      <Form id="app-credential-form" onSubmit={submit} noValidate>
        {mfaMessage && <MfaSetupAlert message={mfaMessage} />}
        {stepUpMessage ? (
          <StepUpFailedAlert message={stepUpMessage} />
        ) : savedValues ? (
          <Alert
            variant="info"
            isInline
            isPlain
            title={t("appCredentialsResumed")}
          />
        ) : (
          options.policy.requireMfa && (
            <Alert
              variant="info"
              isInline
              isPlain
              title={t("appCredentialsMfaHint")}
            />
          )
        )}
        <FormGroup
          label={t("appCredentialsName")}
          fieldId="app-credential-name"
          isRequired
        >
          <TextInput
            id="app-credential-name"
            data-testid="app-credential-name"
            value={values.name}
            onChange={(_event, name) => change({ name }, "name")}
            validated={validated("name")}
            isRequired
            autoFocus
          />
          {helper("name", t("appCredentialsNameHint"))}
        </FormGroup>
        <FormGroup
          label={t("appCredentialsDescriptionLabel")}
          fieldId="app-credential-description"
        >
          <TextArea
            id="app-credential-description"
            data-testid="app-credential-description"
            value={values.description}
            onChange={(_event, description) =>
              change({ description }, "description")
            }
            validated={validated("description")}
            resizeOrientation="vertical"
          />
          {helper("description")}
        </FormGroup>
        <ExpiryField
          id="app-credential-expiry"
          label={t("appCredentialsExpiresAt")}
          isRequired
          date={values.expiryDate}
          time={values.expiryTime}
          bounds={bounds}
          onChange={({ date, time }) => {
            setValues((current) => ({
              ...current,
              expiryDate: date,
              expiryTime: time,
            }));
            // Checked as it changes; an empty input is only reported on submit.
            const problem = date && time ? expiryError(date, time) : undefined;
            setErrors(({ expiresAt: _, ...others }) =>
              problem ? { ...others, expiresAt: problem } : others,
            );
          }}
          error={errors.expiresAt}
          hint={t("appCredentialsExpiryHint", {
            zone: timeZoneLabel(),
            max: maxText,
          })}
        />
        <FormGroup
          label={t("appCredentialsApplication")}
          fieldId="app-credential-client"
          isRequired
        >
          <FormSelect
            id="app-credential-client"
            data-testid="app-credential-client"
            value={values.clientId}
            onChange={(_event, clientId) => {
              const scopes =
                options.clients.find((client) => client.clientId === clientId)
                  ?.scopes ?? [];
              change(
                {
                  clientId,
                  scopes: values.scopes.filter((scope) =>
                    scopes.includes(scope),
                  ),
                },
                "clientId",
              );
            }}
            validated={validated("clientId")}
          >
            {options.clients.map((client) => (
              <FormSelectOption
                key={client.clientId}
                value={client.clientId}
                label={
                  client.name && client.name !== client.clientId
                    ? `${client.name} (${client.clientId})`
                    : client.clientId
                }
              />
            ))}
          </FormSelect>
          {helper("clientId")}
        </FormGroup>
        <FormGroup
          label={t("appCredentialsRealmRoles")}
          fieldId="app-credential-realm-roles"
        >
          <CheckboxSelect
            id="app-credential-realm-roles"
            testId="app-credential-realm-roles"
            groups={[
              {
                options: options.realmRoles.map((role) => ({
                  value: role,
                  label: role,
                  testId: role,
                })),
              },
            ]}
            selected={values.realmRoles}
            onChange={(realmRoles) => change({ realmRoles }, "realmRoles")}
            placeholder={t("appCredentialsNoneSelected")}
            emptyText={t("appCredentialsNoneAvailable")}
            isInvalid={!!errors.realmRoles}
          />
          {helper("realmRoles", t("appCredentialsRolesHint"))}
        </FormGroup>
        <FormGroup
          label={t("appCredentialsClientRoles")}
          fieldId="app-credential-client-roles"
        >
          <CheckboxSelect
            id="app-credential-client-roles"
            testId="app-credential-client-roles"
            groups={Object.entries(options.clientRoles).map(
              ([clientId, roles]) => ({
                label: clientId,
                options: roles.map((role) => ({
                  value: clientRoleKey(clientId, role),
                  label: role,
                  testId: `${clientId}-${role}`,
                })),
              }),
            )}
            selected={Object.entries(values.clientRoles).flatMap(
              ([clientId, roles]) =>
                roles.map((role) => clientRoleKey(clientId, role)),
            )}
            onChange={(keys) => {
              const clientRoles: Record<string, string[]> = {};
              for (const key of keys) {
                const [clientId, role] = JSON.parse(key) as [string, string];
                (clientRoles[clientId] ??= []).push(role);
              }
              change({ clientRoles }, "clientRoles");
            }}
            placeholder={t("appCredentialsNoneSelected")}
            emptyText={t("appCredentialsNoneAvailable")}
            isInvalid={!!errors.clientRoles}
          />
          {helper("clientRoles")}
        </FormGroup>
        <FormGroup
          label={t("appCredentialsScopes")}
          fieldId="app-credential-scopes"
        >
          <CheckboxSelect
            id="app-credential-scopes"
            testId="app-credential-scopes"
            groups={[
              {
                options: (application?.scopes ?? []).map((scope) => ({
                  value: scope,
                  label: scope,
                  testId: scope,
                })),
              },
            ]}
            selected={values.scopes}
            onChange={(scopes) => change({ scopes }, "scopes")}
            placeholder={t("appCredentialsNoneSelected")}
            emptyText={t("appCredentialsNoScopes")}
            isInvalid={!!errors.scopes}
          />
          {helper("scopes", t("appCredentialsScopesHint"))}
        </FormGroup>
        <RestrictionsSection
          values={values}
          limits={restrictionLimits}
          errors={errors}
          onChange={change}
          isExpanded={restrictionsOpen}
          onToggle={setRestrictionsOpen}
          realm={environment.realm}
        />
      </Form>
    </Modal>
  );
};
