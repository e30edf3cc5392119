import {
  type AccountEnvironment,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import { Alert, AlertActionLink } from "@patternfly/react-core";
import type { MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { useHref, useLinkClickHandler } from "react-router-dom";

/** Route of the console's "Signing in" page, relative to the console. */
const SIGNING_IN_PATH = "account-security/signing-in";

/** No second factor to create with (the 403 `mfa_not_configured`, or known up front): a link to set one up. */
export const MfaSetupAlert = ({ message }: { message: string }) => {
  const { t } = useTranslation();
  const { environment } = useEnvironment<AccountEnvironment>();
  const to = new URL(SIGNING_IN_PATH, environment.baseUrl).pathname;
  const href = useHref(to);
  const followLink = useLinkClickHandler(to);

  return (
    <Alert
      variant="warning"
      isInline
      title={message}
      data-testid="mfa-not-configured"
      actionLinks={
        <AlertActionLink
          component="a"
          href={href}
          data-testid="mfa-setup-link"
          onClick={(event) =>
            followLink(event as unknown as MouseEvent<HTMLAnchorElement>)
          }
        >
          {t("appCredentialsSetUpMfa")}
        </AlertActionLink>
      }
    />
  );
};

/**
 * The step-up challenge again right after the login it asked for: what is
 * missing, with no link (a second factor at an identity provider is set up
 * there, not here).
 */
export const StepUpFailedAlert = ({ message }: { message: string }) => (
  <Alert
    variant="warning"
    isInline
    title={message}
    data-testid="step-up-failed"
  />
);
