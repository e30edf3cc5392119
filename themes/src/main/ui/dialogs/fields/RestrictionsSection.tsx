import {
  Button,
  Checkbox,
  ExpandableSection,
  FormGroup,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  InputGroup,
  InputGroupItem,
  Stack,
  StackItem,
  TextInput,
} from "@patternfly/react-core";
import { MinusCircleIcon } from "@patternfly/react-icons";
import { useState } from "react";
import {
  Controller,
  useFieldArray,
  useFormContext,
  useWatch,
} from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { RestrictionOptions } from "../../lib/api";
import { restrictionSummary } from "../../lib/credentials";
import {
  type CreateFormValues,
  networkError,
  rulePathError,
} from "../../lib/forms";
import { FieldMessage } from "./FieldMessage";
import { RowList } from "./RowList";

type RestrictionsSectionProps = {
  limits: RestrictionOptions;
  isExpanded: boolean;
  onToggle: (isExpanded: boolean) => void;
  /** For the example path. */
  realm: string;
};

/** Inputs for a path or an address: no spelling help. */
const CODE_INPUT = {
  spellCheck: false,
  autoCapitalize: "none",
  autoCorrect: "off",
} as const;

const AccessRules = ({
  limits,
  example,
}: {
  limits: RestrictionOptions;
  example: string;
}) => {
  const { t } = useTranslation();
  const { control, formState } = useFormContext<CreateFormValues>();
  const { fields, append, remove } = useFieldArray({
    control,
    name: "accessRules",
  });
  // the row just added gets the focus
  const [added, setAdded] = useState<string>();
  const listError =
    formState.errors.accessRules?.root?.message ??
    formState.errors.accessRules?.message;

  return (
    <RowList
      label={t("appCredentialsAccessRules")}
      fieldId="app-credential-rules"
      count={fields.length}
      max={limits.maxAccessRules}
      addLabel={t("appCredentialsAddRule")}
      addTestId="app-credential-add-rule"
      onAdd={() => {
        append({ method: "GET", path: "" }, { shouldFocus: false });
        setAdded(String(fields.length));
      }}
      error={listError}
      errorTestId="app-credential-rules-error"
      hint={t("appCredentialsRulesHint", { example })}
      hintTestId="app-credential-rules-hint"
    >
      {fields.map((row, index) => (
        <StackItem key={row.id} data-testid={`app-credential-rule-${index}`}>
          <div className="app-credentials-rule">
            <Controller
              control={control}
              name={`accessRules.${index}.method`}
              render={({ field, fieldState }) => (
                <FormSelect
                  className="app-credentials-rule-method"
                  aria-label={t("appCredentialsRuleMethod", {
                    number: index + 1,
                  })}
                  data-testid={`app-credential-rule-method-${index}`}
                  value={field.value}
                  onChange={(_event, value) => field.onChange(value)}
                  onBlur={field.onBlur}
                  validated={fieldState.error ? "error" : "default"}
                >
                  {limits.methods.map((method) => (
                    <FormSelectOption
                      key={method}
                      value={method}
                      label={
                        method === "*" ? t("appCredentialsAnyMethod") : method
                      }
                    />
                  ))}
                </FormSelect>
              )}
            />
            <Controller
              control={control}
              name={`accessRules.${index}.path`}
              rules={{
                validate: (path: string) =>
                  rulePathError(path, limits, t) ?? true,
              }}
              render={({ field, fieldState }) => (
                <TextInput
                  className="app-credentials-rule-path"
                  aria-label={t("appCredentialsRulePath", {
                    number: index + 1,
                  })}
                  data-testid={`app-credential-rule-path-${index}`}
                  ref={field.ref}
                  value={field.value}
                  placeholder={example}
                  onChange={(_event, value) => field.onChange(value)}
                  onBlur={field.onBlur}
                  validated={fieldState.error ? "error" : "default"}
                  autoFocus={String(index) === added}
                  {...CODE_INPUT}
                />
              )}
            />
            <Button
              className="app-credentials-rule-remove"
              variant="plain"
              aria-label={t("appCredentialsRemoveRule", { number: index + 1 })}
              onClick={() => remove(index)}
              data-testid={`app-credential-rule-remove-${index}`}
            >
              <MinusCircleIcon />
            </Button>
          </div>
          <RowErrors
            errors={[
              [
                `app-credential-rule-method-${index}`,
                formState.errors.accessRules?.[index]?.method?.message,
              ],
              [
                `app-credential-rule-path-${index}`,
                formState.errors.accessRules?.[index]?.path?.message,
              ],
            ]}
          />
        </StackItem>
      ))}
    </RowList>
  );
};

/** The errors of a row's inputs, each under the row with the input's test id. */
const RowErrors = ({ errors }: { errors: [string, string | undefined][] }) => (
  <>
    {errors.map(([testId, error]) =>
      error ? (
        <FieldMessage key={testId} error={error} errorTestId={`${testId}-error`} />
      ) : null,
    )}
  </>
);

const Networks = ({ limits }: { limits: RestrictionOptions }) => {
  const { t } = useTranslation();
  const { control, formState } = useFormContext<CreateFormValues>();
  const { fields, append, remove } = useFieldArray({
    control,
    name: "allowedCidrs",
  });
  const [added, setAdded] = useState<string>();
  const listError =
    formState.errors.allowedCidrs?.root?.message ??
    formState.errors.allowedCidrs?.message;

  return (
    <RowList
      label={t("appCredentialsNetworks")}
      fieldId="app-credential-networks"
      count={fields.length}
      max={limits.maxAllowedCidrs}
      addLabel={t("appCredentialsAddNetwork")}
      addTestId="app-credential-add-network"
      onAdd={() => {
        append({ value: "" }, { shouldFocus: false });
        setAdded(String(fields.length));
      }}
      error={listError}
      errorTestId="app-credential-networks-error"
      hint={t("appCredentialsNetworksHint")}
      hintTestId="app-credential-networks-hint"
    >
      {fields.map((row, index) => (
        <StackItem
          key={row.id}
          data-testid={`app-credential-network-${index}`}
        >
          <Controller
            control={control}
            name={`allowedCidrs.${index}.value`}
            rules={{
              validate: (value: string) => networkError(value, t) ?? true,
            }}
            render={({ field, fieldState }) => (
              <InputGroup>
                <InputGroupItem isFill>
                  <TextInput
                    aria-label={t("appCredentialsNetwork", {
                      number: index + 1,
                    })}
                    data-testid={`app-credential-network-input-${index}`}
                    ref={field.ref}
                    value={field.value}
                    placeholder="10.0.0.0/8"
                    onChange={(_event, value) => field.onChange(value)}
                    onBlur={field.onBlur}
                    validated={fieldState.error ? "error" : "default"}
                    autoFocus={String(index) === added}
                    {...CODE_INPUT}
                  />
                </InputGroupItem>
                <InputGroupItem isPlain>
                  <Button
                    variant="plain"
                    aria-label={t("appCredentialsRemoveNetwork", {
                      number: index + 1,
                    })}
                    onClick={() => remove(index)}
                    data-testid={`app-credential-network-remove-${index}`}
                  >
                    <MinusCircleIcon />
                  </Button>
                </InputGroupItem>
              </InputGroup>
            )}
          />
          <RowErrors
            errors={[
              [
                `app-credential-network-input-${index}`,
                formState.errors.allowedCidrs?.[index]?.value?.message,
              ],
            ]}
          />
        </StackItem>
      ))}
    </RowList>
  );
};

/**
 * The collapsed "Restrictions" part of the create form: access rules (method
 * and path pattern), allowed networks and DPoP, all fixed at creation.
 */
export const RestrictionsSection = ({
  limits,
  isExpanded,
  onToggle,
  realm,
}: RestrictionsSectionProps) => {
  const { t } = useTranslation();
  const { control, formState } = useFormContext<CreateFormValues>();
  const [accessRules, allowedCidrs, requireDpop] = useWatch({
    control,
    name: ["accessRules", "allowedCidrs", "requireDpop"],
  });
  const summary = restrictionSummary(
    { accessRules, allowedCidrs, requireDpop: requireDpop || limits.requireDpop },
    t,
  );
  const example = `/admin/realms/${realm}/users/**`;

  return (
    <ExpandableSection
      toggleId="app-credential-restrictions-toggle"
      contentId="app-credential-restrictions"
      className="app-credentials-restrictions"
      data-testid="app-credential-restrictions"
      isExpanded={isExpanded}
      onToggle={(_event, expanded) => onToggle(expanded)}
      isIndented
      toggleContent={
        <>
          {t("appCredentialsRestrictions")}{" "}
          <span
            className="pf-v5-u-color-200 pf-v5-u-font-weight-normal"
            data-testid="app-credential-restrictions-summary"
          >
            {summary ? `(${summary})` : t("appCredentialsRestrictionsOptional")}
          </span>
        </>
      }
    >
      <Stack hasGutter>
        <StackItem>
          <HelperText>
            <HelperTextItem>{t("appCredentialsRestrictionsHint")}</HelperTextItem>
          </HelperText>
        </StackItem>
        <StackItem>
          <AccessRules limits={limits} example={example} />
        </StackItem>
        <StackItem>
          <Networks limits={limits} />
        </StackItem>
        <StackItem>
          <FormGroup
            fieldId="app-credential-require-dpop"
            role="group"
            label={t("appCredentialsProofOfPossession")}
          >
            <Controller
              control={control}
              name="requireDpop"
              render={({ field }) => (
                <Checkbox
                  id="app-credential-require-dpop"
                  data-testid="app-credential-require-dpop"
                  label={t("appCredentialsRequireDpop")}
                  description={t("appCredentialsRequireDpopHint")}
                  isChecked={field.value || limits.requireDpop}
                  isDisabled={limits.requireDpop}
                  onChange={(_event, checked) => field.onChange(checked)}
                />
              )}
            />
            {limits.requireDpop && (
              <FieldMessage
                hint={t("appCredentialsDpopRequiredByRealm")}
                hintTestId="app-credential-require-dpop-realm"
              />
            )}
            <FieldMessage
              error={formState.errors.requireDpop?.message}
              errorTestId="app-credential-require-dpop-error"
            />
          </FormGroup>
        </StackItem>
      </Stack>
    </ExpandableSection>
  );
};
