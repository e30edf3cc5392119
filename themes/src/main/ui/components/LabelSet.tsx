import {
  Label,
  type LabelProps,
} from "@patternfly/react-core";
import {
  ExclamationTriangleIcon,
  FilterIcon,
  HourglassHalfIcon,
  UserShieldIcon,
} from "@patternfly/react-icons";
import { useTranslation } from "react-i18next";

import type { AppCredential, CredentialState } from "../lib/api";
import { isRestricted, restrictionSummary } from "../lib/credentials";

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

/** A credential's state as a coloured label, with why when known: "Disabled · idle". */
export const StateLabel = ({
  state,
  reason,
}: {
  state: CredentialState;
  /** The message key of the reason (see `stateReasonKey`). */
  reason?: string;
}) => {
  const { t } = useTranslation();
  const { label, color } = STATES[state] ?? STATES.revoked;
  return (
    <Label color={color} data-testid="credential-state">
      {reason ? `${t(label)} · ${t(reason)}` : t(label)}
    </Label>
  );
};

/**
 * The warning next to the last use of an active credential unused for at
 * least half of the realm's `maxIdleDays`: "Idle for 2 days".
 */
export const IdleLabel = ({ days }: { days: number }) => {
  const { t } = useTranslation();
  return (
    <Label
      isCompact
      color="gold"
      icon={<HourglassHalfIcon />}
      data-testid="credential-idle"
    >
      {t("appCredentialsIdleForDays", { count: days })}
    </Label>
  );
};

/** The mark of a credential an administrator created on its owner's behalf. */
export const AdminCreatedLabel = () => {
  const { t } = useTranslation();
  return (
    <Label
      isCompact
      color="purple"
      icon={<UserShieldIcon />}
      data-testid="credential-admin-created"
    >
      {t("appCredentialsCreatedByAdmin")}
    </Label>
  );
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
  return (
    <Label
      isCompact
      color="blue"
      icon={<FilterIcon />}
      title={restrictionSummary(credential, t)}
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

/** The mark of the credential just created, until the list loads anew. */
export const NewLabel = () => {
  const { t } = useTranslation();
  return (
    <Label isCompact color="cyan" data-testid="credential-new">
      {t("appCredentialsNew")}
    </Label>
  );
};
