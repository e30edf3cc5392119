import {
  Checkbox,
  FormGroup,
  FormSelect,
  FormSelectOption,
} from "@patternfly/react-core";
import { useState } from "react";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { CredentialOptions } from "../../lib/api";
import type { CreateFormValues } from "../../lib/forms";
import {
  clientRoleChoices,
  defaultRoleName,
  hiddenBuiltInRoles,
  realmRoleChoices,
} from "../../lib/roles";
import { FieldMessage } from "./FieldMessage";
import { MultiSelectControl } from "./MultiSelectControl";

type GrantFieldsProps = { options: CredentialOptions; realm: string };

/**
 * What the credential grants: its application (a native select, which phones
 * show with their own picker; Keycloak's `SelectControl` names its toggle by
 * the label alone, not the value it shows), realm and client roles (of
 * those the user holds; the roles every user has only on request) and scopes
 * (the application's optional ones).
 */
export const GrantFields = ({ options, realm }: GrantFieldsProps) => {
  const { t } = useTranslation();
  const { control, getValues, setValue } = useFormContext<CreateFormValues>();
  const [clientId, realmRoles, clientRoles] = useWatch({
    control,
    name: ["clientId", "realmRoles", "clientRoles"],
  });
  const [showBuiltIn, setShowBuiltIn] = useState(false);
  const hidden = hiddenBuiltInRoles(options, realm);
  const application = options.clients.find(
    (client) => client.clientId === clientId,
  );

  return (
    <>
      <FormGroup
        label={t("appCredentialsApplication")}
        fieldId="app-credential-client"
        isRequired
      >
        <Controller
          control={control}
          name="clientId"
          rules={{ required: t("appCredentialsApplicationRequired") }}
          render={({ field, fieldState }) => (
            <>
              <FormSelect
                id="app-credential-client"
                data-testid="app-credential-client"
                value={field.value}
                onChange={(_event, value) => {
                  field.onChange(value);
                  // the scopes the new application does not have go
                  const scopes =
                    options.clients.find((client) => client.clientId === value)
                      ?.scopes ?? [];
                  setValue(
                    "scopes",
                    getValues("scopes").filter((scope) =>
                      scopes.includes(scope),
                    ),
                  );
                }}
                onBlur={field.onBlur}
                validated={fieldState.error ? "error" : "default"}
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
              <FieldMessage
                error={fieldState.error?.message}
                errorTestId="app-credential-client-error"
              />
            </>
          )}
        />
      </FormGroup>
      <MultiSelectControl<CreateFormValues>
        name="realmRoles"
        id="app-credential-realm-roles"
        testId="app-credential-realm-roles"
        label={t("appCredentialsRealmRoles")}
        groups={realmRoleChoices(options, realm, showBuiltIn, realmRoles)}
        placeholder={t("appCredentialsNoneSelected")}
        emptyText={t("appCredentialsNoneAvailable")}
        hint={t("appCredentialsRolesHint")}
      />
      <MultiSelectControl<CreateFormValues>
        name="clientRoles"
        id="app-credential-client-roles"
        testId="app-credential-client-roles"
        label={t("appCredentialsClientRoles")}
        groups={clientRoleChoices(options, showBuiltIn, clientRoles)}
        placeholder={t("appCredentialsNoneSelected")}
        emptyText={t("appCredentialsNoneAvailable")}
      />
      {hidden > 0 && (
        <Checkbox
          id="app-credential-show-built-in-roles"
          data-testid="app-credential-show-built-in-roles"
          label={t("appCredentialsShowBuiltInRoles", { count: hidden })}
          description={t("appCredentialsShowBuiltInRolesHint", {
            defaultRole: defaultRoleName(realm),
          })}
          isChecked={showBuiltIn}
          onChange={(_event, checked) => setShowBuiltIn(checked)}
        />
      )}
      <MultiSelectControl<CreateFormValues>
        name="scopes"
        id="app-credential-scopes"
        testId="app-credential-scopes"
        label={t("appCredentialsScopes")}
        groups={[
          {
            choices: (application?.scopes ?? []).map((scope) => ({
              value: scope,
              label: scope,
              testId: scope,
            })),
          },
        ]}
        placeholder={t("appCredentialsNoneSelected")}
        emptyText={t("appCredentialsNoScopes")}
        hint={t("appCredentialsScopesHint")}
      />
    </>
  );
};
