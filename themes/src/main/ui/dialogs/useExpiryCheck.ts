import {
  type AccountEnvironment,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import { useTranslation } from "react-i18next";

import { formatDateTime } from "../lib/dates";
import {
  checkExpiry,
  type ExpiryBounds,
  type ExpiryProblem,
  type LocalExpiry,
} from "../lib/expiry";

const PROBLEM_KEYS: Record<ExpiryProblem, string> = {
  invalid: "appCredentialsExpiryInvalid",
  nonexistent: "appCredentialsExpiryNonexistent",
  tooEarly: "appCredentialsExpiryTooEarly",
  tooLate: "appCredentialsExpiryTooLate",
  notLater: "appCredentialsExpiryNotLater",
};

/**
 * The error message for an expiry the policy does not allow (or, given
 * `after`, one not later than that), with the dates in it as the page shows
 * dates; undefined when it is fine.
 */
export function useExpiryCheck(bounds?: ExpiryBounds, after?: Date) {
  const { t } = useTranslation();
  const { environment } = useEnvironment<AccountEnvironment>();
  return (value: LocalExpiry): string | undefined => {
    const problem = checkExpiry(value, bounds, new Date(), after);
    return (
      problem &&
      t(PROBLEM_KEYS[problem], {
        max: bounds && formatDateTime(bounds.max, environment.locale),
        current: after && formatDateTime(after, environment.locale),
        time: value.time,
      })
    );
  };
}
