import {
  ClipboardCopy,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Dropdown,
  DropdownItem,
  DropdownList,
  Label,
  LabelGroup,
  type LabelProps,
  List,
  ListItem,
  MenuToggle,
} from "@patternfly/react-core";
import {
  EllipsisVIcon,
  ExclamationTriangleIcon,
  FilterIcon,
  UserShieldIcon,
} from "@patternfly/react-icons";
import {
  ExpandableRowContent,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
} from "@patternfly/react-table";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { type AppCredential, type CredentialState, isRestricted } from "./api";
import { formatDateTime } from "./expiry";

export type RowAction =
  "disable" | "enable" | "regenerate" | "renew" | "revoke";

/**
 * What the REST resource allows in each state: an expired credential can no
 * longer be renewed or regenerated, only revoked; a revoked one is only shown
 * (both stay listed until the realm's retention purge).
 */
const ACTIONS: Record<CredentialState, RowAction[]> = {
  active: ["disable", "regenerate", "renew", "revoke"],
  disabled: ["enable", "regenerate", "renew", "revoke"],
  suspended: ["enable", "revoke"],
  expired: ["revoke"],
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
    <LabelGroup numLabels={3}>
      {roles.map((role) => (
        <Label key={role} isCompact>
          {role}
        </Label>
      ))}
    </LabelGroup>
  );
};

/** The mark of a credential an administrator created on its owner's behalf. */
export const AdminCreatedLabel = ({
  credential,
}: {
  credential: AppCredential;
}) => {
  const { t } = useTranslation();
  return credential.createdBy?.admin ? (
    <Label
      isCompact
      color="purple"
      icon={<UserShieldIcon />}
      data-testid="credential-admin-created"
    >
      {t("appCredentialsCreatedByAdmin")}
    </Label>
  ) : null;
};

/**
 * The mark of a credential restricted beyond its roles: access rules, networks
 * or DPoP (which ones, its title and the details say).
 */
export const RestrictedLabel = ({
  credential,
}: {
  credential: AppCredential;
}) => {
  const { t } = useTranslation();
  if (!isRestricted(credential)) return null;
  const what = [
    credential.accessRules?.length &&
      t("appCredentialsRestrictionsRules", {
        count: credential.accessRules.length,
      }),
    credential.allowedCidrs?.length &&
      t("appCredentialsRestrictionsNetworks", {
        count: credential.allowedCidrs.length,
      }),
    credential.requireDpop && t("appCredentialsRestrictionsDpop"),
  ].filter(Boolean);
  return (
    <Label
      isCompact
      color="blue"
      icon={<FilterIcon />}
      title={what.join(", ")}
      data-testid="credential-restricted"
    >
      {t("appCredentialsRestricted")}
    </Label>
  );
};

/**
 * The warning next to the expiry of a credential that expires within the
 * realm's first reminder threshold: "Expires in 3 days", or "Expires within a
 * day" on its last day (days counted as the reminder mails count them).
 */
export const ExpiresSoonLabel = ({ days }: { days: number }) => {
  const { t } = useTranslation();
  return (
    <Label
      isCompact
      color="gold"
      icon={<ExclamationTriangleIcon />}
      data-testid="credential-expires-soon"
    >
      {t("appCredentialsExpiresInDays", { count: days })}
    </Label>
  );
};

/**
 * Where the credential was used from: its last distinct source addresses, most
 * recent first, each with when it was last seen there.
 */
const RecentUses = ({
  credential,
  locale,
}: {
  credential: AppCredential;
  locale: string;
}) => (
  <List isPlain>
    {(credential.recentUses ?? []).map(({ ip, lastSeenAt }) => (
      <ListItem key={ip} data-testid="credential-recent-use">
        <code data-testid="credential-recent-use-ip">{ip}</code>{" "}
        <span className="pf-v5-u-color-200">
          {formatDateTime(lastSeenAt, locale)}
        </span>
      </ListItem>
    ))}
  </List>
);

const CreatedBy = ({ credential }: { credential: AppCredential }) => {
  const { t } = useTranslation();
  const creator = credential.createdBy;
  if (!creator) return null;
  if (creator.admin) {
    return (
      <>
        {creator.username
          ? t("appCredentialsCreatedByAdminNamed", { name: creator.username })
          : t("appCredentialsCreatedByAdminUnnamed")}
      </>
    );
  }
  return <>{t("appCredentialsCreatedByYou")}</>;
};

/**
 * The second factor proved when the credential was made: a local one (`otp`,
 * `webauthn`, …) or one done at a trusted identity provider (`idp:<alias>:<amr
 * or acr>`).
 */
function describeSecondFactor(
  mfa: string,
  t: (key: string, options?: Record<string, string>) => string,
): string {
  const upstream = /^idp:([^:]+):(.+)$/.exec(mfa);
  if (upstream) {
    return t("appCredentialsSecondFactorAt", {
      factor: upstream[2],
      provider: upstream[1],
    });
  }
  const local: Record<string, string> = {
    otp: "appCredentialsFactorOtp",
    webauthn: "appCredentialsFactorWebauthn",
    "webauthn-passwordless": "appCredentialsFactorPasskey",
    "recovery-code": "appCredentialsFactorRecoveryCode",
  };
  return local[mfa] ? t(local[mfa]) : mfa;
}

const Details = ({
  credential,
  locale,
}: {
  credential: AppCredential;
  locale: string;
}) => {
  const { t } = useTranslation();
  const item = (key: string, term: string, value: ReactNode) => (
    <DescriptionListGroup key={key}>
      <DescriptionListTerm>{t(term)}</DescriptionListTerm>
      <DescriptionListDescription
        className="app-credentials-wrap"
        data-testid={`credential-detail-${key}`}
      >
        {value}
      </DescriptionListDescription>
    </DescriptionListGroup>
  );
  return (
    <DescriptionList
      isCompact
      isHorizontal
      horizontalTermWidthModifier={{ default: "12ch" }}
      columnModifier={{ default: "1Col", lg: "2Col" }}
    >
      {item("application", "appCredentialsApplication", credential.clientId)}
      {item(
        "scopes",
        "appCredentialsScopes",
        credential.scopes?.length
          ? credential.scopes.join(" ")
          : t("appCredentialsNone"),
      )}
      {item(
        "created",
        "appCredentialsCreated",
        <>
          <div>{formatDateTime(credential.createdAt, locale)}</div>
          {credential.createdBy && (
            <div className="pf-v5-u-color-200">
              <CreatedBy credential={credential} />
            </div>
          )}
        </>,
      )}
      {item(
        "uses",
        "appCredentialsUses",
        t("appCredentialsUseCount", { count: credential.useCount ?? 0 }),
      )}
      {credential.recentUses?.length
        ? item(
            "recent-uses",
            "appCredentialsRecentUses",
            <RecentUses credential={credential} locale={locale} />,
          )
        : // uses recorded before the use history was kept: the last address only
          credential.lastUsedIp &&
          item("last-ip", "appCredentialsLastUsedFrom", credential.lastUsedIp)}
      {!!credential.accessRules?.length &&
        item(
          "access-rules",
          "appCredentialsAccessRules",
          <List isPlain>
            {credential.accessRules.map(({ method, path }) => (
              <ListItem key={`${method} ${path}`}>
                <code data-testid="credential-access-rule">
                  {method} {path}
                </code>
              </ListItem>
            ))}
          </List>,
        )}
      {!!credential.allowedCidrs?.length &&
        item(
          "networks",
          "appCredentialsNetworks",
          <List isPlain>
            {credential.allowedCidrs.map((cidr) => (
              <ListItem key={cidr}>
                <code data-testid="credential-network">{cidr}</code>
              </ListItem>
            ))}
          </List>,
        )}
      {credential.requireDpop &&
        item(
          "dpop",
          "appCredentialsRestrictionsDpop",
          t("appCredentialsDpopDetail"),
        )}
      {credential.mfa &&
        item(
          "mfa",
          "appCredentialsSecondFactor",
          describeSecondFactor(credential.mfa, t),
        )}
    </DescriptionList>
  );
};

type CredentialsTableProps = {
  credentials: AppCredential[];
  locale: string;
  /** Days left of the credentials that expire soon, by ID: they get a warning. */
  expiringSoon?: Map<string, number>;
  onAction: (action: RowAction, credential: AppCredential) => void;
};

/**
 * One row per credential, the rest in its expandable details. Below
 * PatternFly's `md` breakpoint the table turns into stacked cards, one label
 * and value a line (Table's default `gridBreakPoint`).
 */
export const CredentialsTable = ({
  credentials,
  locale,
  expiringSoon,
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
      data-testid="app-credentials-table"
    >
      <Thead>
        <Tr>
          <Th screenReaderText={t("appCredentialsDetails")} />
          {Object.entries(columns).map(([key, title]) => (
            <Th key={key} modifier="wrap">
              {title}
            </Th>
          ))}
          <Th screenReaderText={t("appCredentialsActions")} />
        </Tr>
      </Thead>
      {credentials.map((credential, rowIndex) => {
        const state = STATES[credential.state] ?? STATES.revoked;
        const actions = ACTIONS[credential.state] ?? [];
        const isExpanded = expanded.includes(credential.id);
        const daysLeft = expiringSoon?.get(credential.id);
        return (
          <Tbody
            key={credential.id}
            isExpanded={isExpanded}
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
              <Td dataLabel={columns.name} className="app-credentials-wrap">
                <div data-testid="credential-name">{credential.name}</div>
                {credential.description && (
                  <div className="pf-v5-u-color-200 pf-v5-u-font-size-sm">
                    {credential.description}
                  </div>
                )}
                {(credential.createdBy?.admin || isRestricted(credential)) && (
                  <LabelGroup numLabels={2}>
                    {credential.createdBy?.admin && (
                      <AdminCreatedLabel credential={credential} />
                    )}
                    {isRestricted(credential) && (
                      <RestrictedLabel credential={credential} />
                    )}
                  </LabelGroup>
                )}
              </Td>
              <Td dataLabel={columns.id} className="app-credentials-nowrap-md">
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
              <Td dataLabel={columns.roles}>
                <Roles credential={credential} />
              </Td>
              <Td dataLabel={columns.state}>
                <Label color={state.color} data-testid="credential-state">
                  {t(state.label)}
                </Label>
              </Td>
              <Td dataLabel={columns.expiresAt}>
                <div data-testid="credential-expires">
                  {formatDateTime(credential.expiresAt, locale)}
                </div>
                {daysLeft !== undefined && <ExpiresSoonLabel days={daysLeft} />}
              </Td>
              <Td dataLabel={columns.lastUsed}>
                {credential.lastUsedAt
                  ? formatDateTime(credential.lastUsedAt, locale)
                  : t("appCredentialsNeverUsed")}
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
            <Tr isExpanded={isExpanded}>
              <Td colSpan={columnCount} noPadding={false}>
                {isExpanded && (
                  <ExpandableRowContent
                    data-testid={`credential-details-${credential.id}`}
                  >
                    <Details credential={credential} locale={locale} />
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
