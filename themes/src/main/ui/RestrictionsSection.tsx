import {
  Button,
  Checkbox,
  ExpandableSection,
  FormGroup,
  FormHelperText,
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
import { MinusCircleIcon, PlusCircleIcon } from "@patternfly/react-icons";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import type { AccessRule, RestrictionOptions } from "./api";

/** A row of the rules editor; `key` keeps a row (and its error) through removals. */
export type RuleRow = { key: string; method: string; path: string };
/** A row of the networks list. */
export type CidrRow = { key: string; value: string };

export type RestrictionValues = {
  accessRules: RuleRow[];
  allowedCidrs: CidrRow[];
  requireDpop: boolean;
};

/** Errors of the section, keyed by {@link ruleError}, {@link cidrError} or a field name. */
export type RestrictionErrors = Record<string, string>;

/** When `GET /options` says nothing about them (an older server): the API's own limits. */
export const DEFAULT_RESTRICTIONS: RestrictionOptions = {
  methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "*"],
  maxAccessRules: 50,
  maxPathLength: 512,
  maxAllowedCidrs: 20,
  requireDpop: false,
};

const GROUP_FIELDS = ["accessRules", "allowedCidrs", "requireDpop"];

export const ruleError = (key: string, part: "method" | "path") =>
  `accessRules.${key}.${part}`;
export const cidrError = (key: string) => `allowedCidrs.${key}`;

/** Whether an error key belongs to this section (so that it is opened to show it). */
export const isRestrictionError = (key: string) =>
  GROUP_FIELDS.some((field) => key === field || key.startsWith(`${field}.`));

const newKey = () => Math.random().toString(36).slice(2, 10);

export const toRequestRestrictions = (values: RestrictionValues) => ({
  accessRules: values.accessRules.map(
    ({ method, path }): AccessRule => ({ method, path: path.trim() }),
  ),
  allowedCidrs: values.allowedCidrs.map(({ value }) => value.trim()),
  requireDpop: values.requireDpop,
});

export const hasRestrictions = (values: RestrictionValues) =>
  values.accessRules.length > 0 ||
  values.allowedCidrs.length > 0 ||
  values.requireDpop;

/**
 * The error key for a field the server named in a 400 (`accessRules[2].path`,
 * `allowedCidrs[0]`), by the row that was sent at that index.
 */
export function restrictionErrorKey(
  field: string,
  values: RestrictionValues,
): string | undefined {
  const rule = /^accessRules\[(\d+)\](?:\.(method|path))?$/.exec(field);
  if (rule) {
    const row = values.accessRules[Number(rule[1])];
    return row
      ? ruleError(row.key, rule[2] === "method" ? "method" : "path")
      : "accessRules";
  }
  const cidr = /^allowedCidrs\[(\d+)\]$/.exec(field);
  if (cidr) {
    const row = values.allowedCidrs[Number(cidr[1])];
    return row ? cidrError(row.key) : "allowedCidrs";
  }
  return GROUP_FIELDS.includes(field) ? field : undefined;
}

/**
 * The server's message shown at the input it names, without the field's name
 * in front ("accessRules[1].path: path must …" becomes "Path must …").
 */
export function messageAtField(message: string, field: string): string {
  if (!message.startsWith(field)) return message;
  const rest = message.slice(field.length).replace(/^[:\s]+/, "");
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : message;
}

/** What the form can tell before asking the server; the server checks the rest. */
export function validateRestrictions(
  values: RestrictionValues,
  limits: RestrictionOptions,
  t: (key: string, options?: Record<string, unknown>) => string,
): RestrictionErrors {
  const problems: RestrictionErrors = {};
  for (const row of values.accessRules) {
    const path = row.path.trim();
    if (!path) {
      problems[ruleError(row.key, "path")] = t("appCredentialsRulePathRequired");
    } else if (path.length > limits.maxPathLength) {
      problems[ruleError(row.key, "path")] = t("appCredentialsRulePathTooLong", {
        max: limits.maxPathLength,
      });
    }
  }
  for (const row of values.allowedCidrs) {
    if (!row.value.trim()) {
      problems[cidrError(row.key)] = t("appCredentialsNetworkRequired");
    }
  }
  return problems;
}

const ErrorText = ({ id, error }: { id: string; error?: string }) =>
  error ? (
    <FormHelperText>
      <HelperText>
        <HelperTextItem variant="error" data-testid={`${id}-error`}>
          {error}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  ) : null;

const Hint = ({ id, children }: { id?: string; children: ReactNode }) => (
  <FormHelperText>
    <HelperText>
      <HelperTextItem data-testid={id}>{children}</HelperTextItem>
    </HelperText>
  </FormHelperText>
);

type RestrictionsSectionProps = {
  values: RestrictionValues;
  limits: RestrictionOptions;
  errors: RestrictionErrors;
  /** Changes the values and drops the errors under the given keys. */
  onChange: (patch: Partial<RestrictionValues>, cleared: string[]) => void;
  isExpanded: boolean;
  onToggle: (isExpanded: boolean) => void;
  /** For the example path. */
  realm: string;
};

/**
 * The collapsed "Restrictions" part of the create form: access rules (method
 * and path pattern), allowed networks and DPoP, all fixed at creation.
 */
export const RestrictionsSection = ({
  values,
  limits,
  errors,
  onChange,
  isExpanded,
  onToggle,
  realm,
}: RestrictionsSectionProps) => {
  const { t } = useTranslation();
  // the row just added gets the focus
  const [added, setAdded] = useState<string>();
  const { accessRules, allowedCidrs, requireDpop } = values;
  const realmRequiresDpop = limits.requireDpop;
  const example = `/admin/realms/${realm}/users/**`;

  const summary = [
    accessRules.length &&
      t("appCredentialsRestrictionsRules", { count: accessRules.length }),
    allowedCidrs.length &&
      t("appCredentialsRestrictionsNetworks", { count: allowedCidrs.length }),
    requireDpop && t("appCredentialsRestrictionsDpop"),
  ].filter(Boolean);

  const setRule = (index: number, patch: Partial<RuleRow>) => {
    const row = accessRules[index];
    onChange(
      {
        accessRules: accessRules.map((rule, i) =>
          i === index ? { ...rule, ...patch } : rule,
        ),
      },
      [
        "accessRules",
        ruleError(row.key, "path" in patch ? "path" : "method"),
      ],
    );
  };
  const addRule = () => {
    const key = newKey();
    setAdded(key);
    onChange(
      { accessRules: [...accessRules, { key, method: "GET", path: "" }] },
      ["accessRules"],
    );
  };
  const removeRule = (index: number) => {
    const row = accessRules[index];
    onChange({ accessRules: accessRules.filter((_, i) => i !== index) }, [
      "accessRules",
      ruleError(row.key, "method"),
      ruleError(row.key, "path"),
    ]);
  };

  const setCidr = (index: number, value: string) =>
    onChange(
      {
        allowedCidrs: allowedCidrs.map((row, i) =>
          i === index ? { ...row, value } : row,
        ),
      },
      ["allowedCidrs", cidrError(allowedCidrs[index].key)],
    );
  const addCidr = () => {
    const key = newKey();
    setAdded(key);
    onChange({ allowedCidrs: [...allowedCidrs, { key, value: "" }] }, [
      "allowedCidrs",
    ]);
  };
  const removeCidr = (index: number) =>
    onChange({ allowedCidrs: allowedCidrs.filter((_, i) => i !== index) }, [
      "allowedCidrs",
      cidrError(allowedCidrs[index].key),
    ]);

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
            {summary.length
              ? `(${summary.join(", ")})`
              : t("appCredentialsRestrictionsOptional")}
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
          <FormGroup
            label={t("appCredentialsAccessRules")}
            fieldId="app-credential-rules"
            role="group"
          >
            <Stack hasGutter>
              {accessRules.map((rule, index) => {
                const methodError = errors[ruleError(rule.key, "method")];
                const pathError = errors[ruleError(rule.key, "path")];
                return (
                  <StackItem
                    key={rule.key}
                    data-testid={`app-credential-rule-${index}`}
                  >
                    <div className="app-credentials-rule">
                      <FormSelect
                        className="app-credentials-rule-method"
                        aria-label={t("appCredentialsRuleMethod", {
                          number: index + 1,
                        })}
                        data-testid={`app-credential-rule-method-${index}`}
                        value={rule.method}
                        onChange={(_event, method) =>
                          setRule(index, { method })
                        }
                        validated={methodError ? "error" : "default"}
                      >
                        {limits.methods.map((method) => (
                          <FormSelectOption
                            key={method}
                            value={method}
                            label={
                              method === "*"
                                ? t("appCredentialsAnyMethod")
                                : method
                            }
                          />
                        ))}
                      </FormSelect>
                      <TextInput
                        className="app-credentials-rule-path"
                        aria-label={t("appCredentialsRulePath", {
                          number: index + 1,
                        })}
                        data-testid={`app-credential-rule-path-${index}`}
                        value={rule.path}
                        placeholder={example}
                        onChange={(_event, path) => setRule(index, { path })}
                        validated={pathError ? "error" : "default"}
                        autoFocus={rule.key === added}
                        spellCheck={false}
                        autoCapitalize="none"
                        autoCorrect="off"
                      />
                      <Button
                        className="app-credentials-rule-remove"
                        variant="plain"
                        aria-label={t("appCredentialsRemoveRule", {
                          number: index + 1,
                        })}
                        onClick={() => removeRule(index)}
                        data-testid={`app-credential-rule-remove-${index}`}
                      >
                        <MinusCircleIcon />
                      </Button>
                    </div>
                    <ErrorText
                      id={`app-credential-rule-method-${index}`}
                      error={methodError}
                    />
                    <ErrorText
                      id={`app-credential-rule-path-${index}`}
                      error={pathError}
                    />
                  </StackItem>
                );
              })}
              <StackItem>
                <Button
                  variant="link"
                  isInline
                  icon={<PlusCircleIcon />}
                  onClick={addRule}
                  isDisabled={accessRules.length >= limits.maxAccessRules}
                  data-testid="app-credential-add-rule"
                >
                  {t("appCredentialsAddRule")}
                </Button>
              </StackItem>
            </Stack>
            <ErrorText id="app-credential-rules" error={errors.accessRules} />
            <Hint id="app-credential-rules-hint">
              {t("appCredentialsRulesHint", { example })}
            </Hint>
          </FormGroup>
        </StackItem>
        <StackItem>
          <FormGroup
            label={t("appCredentialsNetworks")}
            fieldId="app-credential-networks"
            role="group"
          >
            <Stack hasGutter>
              {allowedCidrs.map((row, index) => {
                const error = errors[cidrError(row.key)];
                return (
                  <StackItem
                    key={row.key}
                    data-testid={`app-credential-network-${index}`}
                  >
                    <InputGroup>
                      <InputGroupItem isFill>
                        <TextInput
                          aria-label={t("appCredentialsNetwork", {
                            number: index + 1,
                          })}
                          data-testid={`app-credential-network-input-${index}`}
                          value={row.value}
                          placeholder="10.0.0.0/8"
                          onChange={(_event, value) => setCidr(index, value)}
                          validated={error ? "error" : "default"}
                          autoFocus={row.key === added}
                          spellCheck={false}
                          autoCapitalize="none"
                          autoCorrect="off"
                        />
                      </InputGroupItem>
                      <InputGroupItem isPlain>
                        <Button
                          variant="plain"
                          aria-label={t("appCredentialsRemoveNetwork", {
                            number: index + 1,
                          })}
                          onClick={() => removeCidr(index)}
                          data-testid={`app-credential-network-remove-${index}`}
                        >
                          <MinusCircleIcon />
                        </Button>
                      </InputGroupItem>
                    </InputGroup>
                    <ErrorText
                      id={`app-credential-network-input-${index}`}
                      error={error}
                    />
                  </StackItem>
                );
              })}
              <StackItem>
                <Button
                  variant="link"
                  isInline
                  icon={<PlusCircleIcon />}
                  onClick={addCidr}
                  isDisabled={allowedCidrs.length >= limits.maxAllowedCidrs}
                  data-testid="app-credential-add-network"
                >
                  {t("appCredentialsAddNetwork")}
                </Button>
              </StackItem>
            </Stack>
            <ErrorText id="app-credential-networks" error={errors.allowedCidrs} />
            <Hint id="app-credential-networks-hint">
              {t("appCredentialsNetworksHint")}
            </Hint>
          </FormGroup>
        </StackItem>
        <StackItem>
          <FormGroup
            fieldId="app-credential-require-dpop"
            role="group"
            label={t("appCredentialsProofOfPossession")}
          >
            <Checkbox
              id="app-credential-require-dpop"
              data-testid="app-credential-require-dpop"
              label={t("appCredentialsRequireDpop")}
              description={t("appCredentialsRequireDpopHint")}
              isChecked={requireDpop || realmRequiresDpop}
              isDisabled={realmRequiresDpop}
              onChange={(_event, checked) =>
                onChange({ requireDpop: checked }, ["requireDpop"])
              }
            />
            {realmRequiresDpop && (
              <Hint id="app-credential-require-dpop-realm">
                {t("appCredentialsDpopRequiredByRealm")}
              </Hint>
            )}
            <ErrorText id="app-credential-require-dpop" error={errors.requireDpop} />
          </FormGroup>
        </StackItem>
      </Stack>
    </ExpandableSection>
  );
};
