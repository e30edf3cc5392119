import {
  ClipboardCopy,
  Dropdown,
  DropdownItem,
  DropdownList,
  Label,
  LabelGroup,
  type LabelProps,
  MenuToggle,
} from "@patternfly/react-core";
import { EllipsisVIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AppCredential, CredentialState } from "./api";
import { formatDateTime } from "./expiry";

export type RowAction =
  "disable" | "enable" | "regenerate" | "renew" | "revoke";

/** Revoked and expired credentials are only shown. */
const ACTIONS: Record<CredentialState, RowAction[]> = {
  active: ["disable", "regenerate", "renew", "revoke"],
  disabled: ["enable", "regenerate", "renew", "revoke"],
  suspended: ["enable", "revoke"],
  expired: [],
  revoked: [],
};

const ACTION_LABELS: Record<RowAction, string> = {
  disable: "appCredentialsDisable",
  enable: "appCredentialsEnable",
  regenerate: "appCredentialsRegenerate",
  renew: "appCredentialsRenew",
  revoke: "appCredentialsRevoke",
};

const STATES: Record<
  CredentialState,
  { label: string; color: LabelProps["color"] }
> = {
  active: { label: "appCredentialsStateActive", color: "green" },
  disabled: { label: "appCredentialsStateDisabled", color: "grey" },
  suspended: { label: "appCredentialsStateSuspended", color: "orange" },
  expired: { label: "appCredentialsStateExpired", color: "gold" },
  revoked: { label: "appCredentialsStateRevoked", color: "red" },
};

const RowActions = ({
  actions,
  onAction,
}: {
  actions: RowAction[];
  onAction: (action: RowAction) => void;
}) => {
  const { t } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);

  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      onSelect={() => setIsOpen(false)}
      popperProps={{ position: "right" }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          variant="plain"
          aria-label={t("appCredentialsActions")}
          isExpanded={isOpen}
          onClick={() => setIsOpen(!isOpen)}
          data-testid="credential-actions-toggle"
        >
          <EllipsisVIcon />
        </MenuToggle>
      )}
    >
      <DropdownList>
        {actions.map((action) => (
          <DropdownItem
            key={action}
            isDanger={action === "revoke"}
            onClick={() => onAction(action)}
            data-testid={`credential-action-${action}`}
          >
            {t(ACTION_LABELS[action])}
          </DropdownItem>
        ))}
      </DropdownList>
    </Dropdown>
  );
};

const Roles = ({ credential }: { credential: AppCredential }) => {
  const { t } = useTranslation();
  const roles = [
    ...credential.realmRoles,
    ...Object.entries(credential.clientRoles ?? {}).flatMap(
      ([clientId, names]) => names.map((name) => `${clientId}: ${name}`),
    ),
  ];
  return roles.length === 0 ? (
    <span className="pf-v5-u-color-200">{t("appCredentialsNone")}</span>
  ) : (
    <LabelGroup numLabels={4}>
      {roles.map((role) => (
        <Label key={role} isCompact>
          {role}
        </Label>
      ))}
    </LabelGroup>
  );
};

type CredentialsTableProps = {
  credentials: AppCredential[];
  locale: string;
  onAction: (action: RowAction, credential: AppCredential) => void;
};

export const CredentialsTable = ({
  credentials,
  locale,
  onAction,
}: CredentialsTableProps) => {
  const { t } = useTranslation();
  const columns = {
    name: t("appCredentialsName"),
    id: t("appCredentialsId"),
    application: t("appCredentialsApplication"),
    roles: t("appCredentialsRoles"),
    scopes: t("appCredentialsScopes"),
    state: t("appCredentialsState"),
    expiresAt: t("appCredentialsExpiresAt"),
    lastUsed: t("appCredentialsLastUsed"),
  };

  return (
    <Table
      aria-label={t("appCredentials")}
      variant="compact"
      data-testid="app-credentials-table"
    >
      <Thead>
        <Tr>
          {Object.entries(columns).map(([key, title]) => (
            <Th key={key} modifier="wrap">
              {title}
            </Th>
          ))}
          <Th screenReaderText={t("appCredentialsActions")} />
        </Tr>
      </Thead>
      <Tbody>
        {credentials.map((credential) => {
          const state = STATES[credential.state] ?? STATES.revoked;
          const actions = ACTIONS[credential.state] ?? [];
          return (
            <Tr
              key={credential.id}
              data-testid={`credential-row-${credential.id}`}
            >
              <Td dataLabel={columns.name}>
                <div data-testid="credential-name">{credential.name}</div>
                {credential.description && (
                  <div className="pf-v5-u-color-200 pf-v5-u-font-size-sm">
                    {credential.description}
                  </div>
                )}
              </Td>
              <Td dataLabel={columns.id} modifier="nowrap">
                <ClipboardCopy
                  variant="inline-compact"
                  isCode
                  hoverTip={t("appCredentialsCopy")}
                  clickTip={t("appCredentialsCopied")}
                  data-testid="credential-id"
                >
                  {credential.id}
                </ClipboardCopy>
              </Td>
              <Td dataLabel={columns.application}>{credential.clientId}</Td>
              <Td dataLabel={columns.roles}>
                <Roles credential={credential} />
              </Td>
              <Td dataLabel={columns.scopes}>
                {credential.scopes?.length
                  ? credential.scopes.join(" ")
                  : t("appCredentialsNone")}
              </Td>
              <Td dataLabel={columns.state}>
                <Label color={state.color} data-testid="credential-state">
                  {t(state.label)}
                </Label>
              </Td>
              <Td
                dataLabel={columns.expiresAt}
                data-testid="credential-expires"
              >
                {formatDateTime(credential.expiresAt, locale)}
              </Td>
              <Td dataLabel={columns.lastUsed}>
                {credential.lastUsedAt ? (
                  <>
                    {formatDateTime(credential.lastUsedAt, locale)}
                    {credential.lastUsedIp && (
                      <div className="pf-v5-u-color-200 pf-v5-u-font-size-sm">
                        {t("appCredentialsFromIp", {
                          ip: credential.lastUsedIp,
                        })}
                      </div>
                    )}
                  </>
                ) : (
                  t("appCredentialsNeverUsed")
                )}
              </Td>
              <Td isActionCell>
                {actions.length > 0 && (
                  <RowActions
                    actions={actions}
                    onAction={(action) => onAction(action, credential)}
                  />
                )}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
