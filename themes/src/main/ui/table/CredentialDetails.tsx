import {
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  List,
  ListItem,
} from "@patternfly/react-core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { AppCredential } from "../lib/api";
import { formatDateTime } from "../lib/dates";
import { previousSecret } from "../lib/rotation";
import { describeBinding, describeSecondFactor } from "../lib/secondFactor";

type DetailProps = { id: string; term: string; children: ReactNode };

/** One term and its value in a credential's details. */
const Detail = ({ id, term, children }: DetailProps) => (
  <DescriptionListGroup>
    <DescriptionListTerm>{term}</DescriptionListTerm>
    <DescriptionListDescription
      className="app-credentials-wrap"
      data-testid={`credential-detail-${id}`}
    >
      {children}
    </DescriptionListDescription>
  </DescriptionListGroup>
);

/** Values in code type, one a line. */
const CodeList = ({ items, testId }: { items: string[]; testId: string }) => (
  <List isPlain>
    {items.map((item) => (
      <ListItem key={item}>
        <code data-testid={testId}>{item}</code>
      </ListItem>
    ))}
  </List>
);

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
    return creator.username
      ? t("appCredentialsCreatedByAdminNamed", { name: creator.username })
      : t("appCredentialsCreatedByAdminUnnamed");
  }
  return t("appCredentialsCreatedByYou");
};

/**
 * The previous secret of a rotation overlap: until when it works, whether it was
 * used since the rotation, and a button that ends it now.
 */
const PreviousSecretDetail = ({
  credential,
  locale,
  onEndOverlap,
}: {
  credential: AppCredential;
  locale: string;
  onEndOverlap?: () => void;
}) => {
  const { t } = useTranslation();
  const previous = previousSecret(credential);
  if (!previous) return null;
  return (
    <Detail id="previous-secret" term={t("appCredentialsPreviousSecret")}>
      <div data-testid="credential-previous-secret-until">
        {t("appCredentialsPreviousSecretUntil", {
          date: formatDateTime(previous.until, locale),
        })}
      </div>
      <div
        className="pf-v5-u-color-200"
        data-testid="credential-previous-secret-used"
      >
        {previous.lastUsedAt
          ? t("appCredentialsPreviousSecretUsed", {
              date: formatDateTime(previous.lastUsedAt, locale),
            })
          : t("appCredentialsPreviousSecretUnused")}
      </div>
      {onEndOverlap && (
        <Button
          variant="link"
          isInline
          onClick={onEndOverlap}
          data-testid="credential-end-overlap"
        >
          {t("appCredentialsOverlapEndNow")}
        </Button>
      )}
    </Detail>
  );
};

type CredentialDetailsProps = {
  credential: AppCredential;
  locale: string;
  /** Asks to end the previous secret of a rotation overlap (with a confirmation). */
  onEndOverlap?: () => void;
};

/** What the row does not show: application, scopes, creation, uses, restrictions, second factor and what it is bound to. */
export const CredentialDetails = ({
  credential,
  locale,
  onEndOverlap,
}: CredentialDetailsProps) => {
  const { t } = useTranslation();
  return (
    <DescriptionList
      isCompact
      isHorizontal
      horizontalTermWidthModifier={{ default: "12ch" }}
      columnModifier={{ default: "1Col", lg: "2Col" }}
    >
      <Detail id="application" term={t("appCredentialsApplication")}>
        {credential.clientId}
      </Detail>
      <Detail id="scopes" term={t("appCredentialsScopes")}>
        {credential.scopes?.length
          ? credential.scopes.join(" ")
          : t("appCredentialsNone")}
      </Detail>
      <Detail id="created" term={t("appCredentialsCreated")}>
        <div>{formatDateTime(credential.createdAt, locale)}</div>
        {credential.createdBy && (
          <div className="pf-v5-u-color-200">
            <CreatedBy credential={credential} />
          </div>
        )}
      </Detail>
      <PreviousSecretDetail
        credential={credential}
        locale={locale}
        onEndOverlap={onEndOverlap}
      />
      <Detail id="uses" term={t("appCredentialsUses")}>
        {t("appCredentialsUseCount", { count: credential.useCount ?? 0 })}
      </Detail>
      {credential.state === "active" &&
        typeof credential.idleDays === "number" &&
        credential.idleRetiresAt && (
          <Detail id="idle" term={t("appCredentialsIdle")}>
            {t("appCredentialsIdleRetires", {
              count: credential.idleDays,
              date: formatDateTime(credential.idleRetiresAt, locale),
            })}
          </Detail>
        )}
      {credential.recentUses?.length ? (
        <Detail id="recent-uses" term={t("appCredentialsRecentUses")}>
          <RecentUses credential={credential} locale={locale} />
        </Detail>
      ) : (
        // uses recorded before the use history was kept: the last address only
        credential.lastUsedIp && (
          <Detail id="last-ip" term={t("appCredentialsLastUsedFrom")}>
            {credential.lastUsedIp}
          </Detail>
        )
      )}
      {!!credential.accessRules?.length && (
        <Detail id="access-rules" term={t("appCredentialsAccessRules")}>
          <CodeList
            items={credential.accessRules.map(
              ({ method, path }) => `${method} ${path}`,
            )}
            testId="credential-access-rule"
          />
        </Detail>
      )}
      {!!credential.allowedCidrs?.length && (
        <Detail id="networks" term={t("appCredentialsNetworks")}>
          <CodeList
            items={credential.allowedCidrs}
            testId="credential-network"
          />
        </Detail>
      )}
      {credential.requireDpop && (
        <Detail id="dpop" term={t("appCredentialsRestrictionsDpop")}>
          {t("appCredentialsDpopDetail")}
        </Detail>
      )}
      {credential.mfa && (
        <Detail id="mfa" term={t("appCredentialsSecondFactor")}>
          {describeSecondFactor(credential.mfa, t)}
        </Detail>
      )}
      {credential.mfaBinding && describeBinding(credential.mfaBinding, t) && (
        <Detail id="binding" term={t("appCredentialsBoundTo")}>
          {describeBinding(credential.mfaBinding, t)}
        </Detail>
      )}
    </DescriptionList>
  );
};
