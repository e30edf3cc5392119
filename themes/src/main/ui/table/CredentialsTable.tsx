import { Label, LabelGroup } from "@patternfly/react-core";
import {
  ExpandableRowContent,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
} from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import {
  AdminCreatedLabel,
  ExpiresSoonLabel,
  IdleLabel,
  NewLabel,
  RestrictedLabel,
  StateLabel,
} from "../components/LabelSet";
import { CopyField } from "../components/CopyField";
import type { AppCredential } from "../lib/api";
import { actionsOf, isRestricted, type RowAction } from "../lib/credentials";
import { formatDateTime } from "../lib/dates";
import { idleSoon, stateReasonKey } from "../lib/idle";
import { CredentialDetails } from "./CredentialDetails";
import { RowActions } from "./RowActions";

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
    <LabelGroup numLabels={3}>
      {roles.map((role) => (
        <Label key={role} isCompact>
          {role}
        </Label>
      ))}
    </LabelGroup>
  );
};

/** The name cell: name, description and the marks of an administrator's, a restricted and a new credential. */
const NameCell = ({
  credential,
  isNew,
}: {
  credential: AppCredential;
  isNew: boolean;
}) => {
  const byAdmin = !!credential.createdBy?.admin;
  const restricted = isRestricted(credential);
  return (
    <>
      <div data-testid="credential-name">{credential.name}</div>
      {credential.description && (
        <div className="pf-v5-u-color-200 pf-v5-u-font-size-sm">
          {credential.description}
        </div>
      )}
      {(isNew || byAdmin || restricted) && (
        <LabelGroup numLabels={3}>
          {isNew && <NewLabel />}
          {byAdmin && <AdminCreatedLabel />}
          {restricted && <RestrictedLabel credential={credential} />}
        </LabelGroup>
      )}
    </>
  );
};

type CredentialsTableProps = {
  credentials: AppCredential[];
  locale: string;
  /** Days left of the credentials that expire soon, by ID: they get a warning. */
  expiringSoon?: Map<string, number>;
  /** The credential just created: highlighted and marked "New". */
  highlightId?: string;
  /** The realm's `maxIdleDays`: active credentials idle for half of it get a warning. */
  maxIdleDays?: number | null;
  onAction: (action: RowAction, credential: AppCredential) => void;
};

/**
 * One row per credential, the rest in its expandable details. Below
 * PatternFly's `md` breakpoint the table turns into stacked rows, one label
 * and value a line (Table's `gridBreakPoint`), the details toggle beside the
 * name (console.css).
 */
export const CredentialsTable = ({
  credentials,
  locale,
  expiringSoon,
  highlightId,
  maxIdleDays,
  onAction,
}: CredentialsTableProps) => {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<string[]>([]);
  const columns = {
    name: t("appCredentialsName"),
    id: t("appCredentialsId"),
    roles: t("appCredentialsRoles"),
    state: t("appCredentialsState"),
    expiresAt: t("appCredentialsExpiresAt"),
    lastUsed: t("appCredentialsLastUsed"),
  };
  const columnCount = Object.keys(columns).length + 2;

  return (
    <Table
      aria-label={t("appCredentials")}
      variant="compact"
      gridBreakPoint="grid-md"
      className="app-credentials-table"
      data-testid="app-credentials-table"
    >
      <Thead>
        <Tr>
          <Th screenReaderText={t("appCredentialsDetails")} />
          <Th modifier="breakWord">{columns.name}</Th>
          <Th modifier="fitContent">{columns.id}</Th>
          <Th>{columns.roles}</Th>
          <Th modifier="fitContent">{columns.state}</Th>
          <Th modifier="fitContent">{columns.expiresAt}</Th>
          <Th modifier="fitContent">{columns.lastUsed}</Th>
          <Th screenReaderText={t("appCredentialsActions")} />
        </Tr>
      </Thead>
      {credentials.map((credential, rowIndex) => {
        const actions = actionsOf(credential);
        const isExpanded = expanded.includes(credential.id);
        const daysLeft = expiringSoon?.get(credential.id);
        const idleDays = idleSoon(credential, maxIdleDays);
        const isNew = credential.id === highlightId;
        return (
          <Tbody
            key={credential.id}
            isExpanded={isExpanded}
            className={isNew ? "app-credentials-row-new" : undefined}
            data-testid={`credential-row-${credential.id}`}
          >
            <Tr>
              <Td
                expand={{
                  rowIndex,
                  isExpanded,
                  expandId: `credential-details-${credential.id}`,
                  onToggle: () =>
                    setExpanded((ids) =>
                      isExpanded
                        ? ids.filter((id) => id !== credential.id)
                        : [...ids, credential.id],
                    ),
                }}
                data-testid="credential-details-toggle"
              />
              <Td
                dataLabel={columns.name}
                className="app-credentials-wrap app-credentials-name-cell"
              >
                <NameCell credential={credential} isNew={isNew} />
              </Td>
              <Td dataLabel={columns.id} className="app-credentials-nowrap-md">
                <CopyField value={credential.id} testId="credential-id" />
              </Td>
              <Td dataLabel={columns.roles} className="app-credentials-wrap">
                <Roles credential={credential} />
              </Td>
              <Td dataLabel={columns.state} modifier="nowrap">
                <StateLabel
                  state={credential.state}
                  reason={stateReasonKey(credential)}
                />
              </Td>
              <Td dataLabel={columns.expiresAt} modifier="nowrap">
                <div data-testid="credential-expires">
                  {formatDateTime(credential.expiresAt, locale)}
                </div>
                {daysLeft !== undefined && <ExpiresSoonLabel days={daysLeft} />}
              </Td>
              <Td dataLabel={columns.lastUsed} modifier="nowrap">
                <div data-testid="credential-last-used">
                  {credential.lastUsedAt
                    ? formatDateTime(credential.lastUsedAt, locale)
                    : t("appCredentialsNeverUsed")}
                </div>
                {idleDays !== undefined && <IdleLabel days={idleDays} />}
              </Td>
              <Td isActionCell>
                {actions.length > 0 && (
                  <RowActions
                    name={credential.name}
                    actions={actions}
                    onAction={(action) => onAction(action, credential)}
                  />
                )}
              </Td>
            </Tr>
            <Tr isExpanded={isExpanded}>
              <Td colSpan={columnCount} noPadding={false}>
                {isExpanded && (
                  <ExpandableRowContent
                    data-testid={`credential-details-${credential.id}`}
                  >
                    <CredentialDetails
                      credential={credential}
                      locale={locale}
                      onEndOverlap={() => onAction("end-overlap", credential)}
                    />
                  </ExpandableRowContent>
                )}
              </Td>
            </Tr>
          </Tbody>
        );
      })}
    </Table>
  );
};
