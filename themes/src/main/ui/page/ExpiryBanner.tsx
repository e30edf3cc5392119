import { Alert, Button, List, ListItem } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";

import type { AppCredential } from "../lib/api";
import { formatDateTime } from "../lib/dates";
import type { ExpiringCredential } from "../lib/expiry";

type ExpiryBannerProps = {
  /** Soonest first. */
  expiring: ExpiringCredential[];
  locale: string;
  onRenew: (credential: AppCredential) => void;
};

/**
 * One warning above the list naming the credentials that expire within the
 * realm's first reminder threshold, each with a Renew button that opens the
 * renew dialog. Nothing when there are none.
 */
export const ExpiryBanner = ({
  expiring,
  locale,
  onRenew,
}: ExpiryBannerProps) => {
  const { t } = useTranslation();
  if (expiring.length === 0) return null;
  return (
    <Alert
      variant="warning"
      isInline
      className="pf-v5-u-mb-md"
      title={t("appCredentialsExpiringTitle", { count: expiring.length })}
      data-testid="expiry-banner"
    >
      <p>{t("appCredentialsExpiringBody", { count: expiring.length })}</p>
      <List isPlain className="pf-v5-u-mt-sm">
        {expiring.map(({ credential, days }) => (
          <ListItem
            key={credential.id}
            className="app-credentials-wrap"
            data-testid={`expiry-banner-item-${credential.id}`}
          >
            {t("appCredentialsExpiringItem", {
              name: credential.name,
              count: days,
              date: formatDateTime(credential.expiresAt, locale),
            })}{" "}
            <Button
              variant="link"
              isInline
              onClick={() => onRenew(credential)}
              aria-label={t("appCredentialsRenewNamed", {
                name: credential.name,
              })}
              data-testid={`expiry-banner-renew-${credential.id}`}
            >
              {t("appCredentialsRenew")}
            </Button>
          </ListItem>
        ))}
      </List>
    </Alert>
  );
};
