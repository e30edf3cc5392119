import { Button } from "@patternfly/react-core";
import { PlusCircleIcon } from "@patternfly/react-icons";
import { useTranslation } from "react-i18next";

import type { CredentialOptions } from "../lib/api";
import { needsSecondFactor } from "./SecondFactorNotice";

/** Why the create button is off, if it is. */
export function createBlockedReason(options: CredentialOptions | undefined) {
  if (!options) return "appCredentialsOptionsUnavailable";
  if (!options.policy.enabled) return "appCredentialsDisabledByPolicy";
  if (needsSecondFactor(options)) return "appCredentialsNeedsSecondFactor";
  if (options.clients.length === 0) return "appCredentialsNoApplication";
  if (options.count >= options.policy.maxPerUser)
    return "appCredentialsLimitReached";
  return undefined;
}

export const CreateButton = ({
  options,
  onClick,
}: {
  options?: CredentialOptions;
  onClick: () => void;
}) => {
  const { t } = useTranslation();
  return (
    <Button
      icon={<PlusCircleIcon />}
      isDisabled={!!createBlockedReason(options)}
      onClick={onClick}
      data-testid="create-app-credential"
    >
      {t("appCredentialsCreateButton")}
    </Button>
  );
};

/** Next to the button: why it is off, or how many credentials are in use of how many allowed. */
export const CreateStatus = ({ options }: { options?: CredentialOptions }) => {
  const { t } = useTranslation();
  const reason = createBlockedReason(options);
  if (reason) {
    return (
      <span className="pf-v5-u-color-200" data-testid="create-blocked-reason">
        {t(reason, { max: options?.policy.maxPerUser })}
      </span>
    );
  }
  return options ? (
    <span className="pf-v5-u-color-200" data-testid="credential-count">
      {t("appCredentialsCount", {
        count: options.count,
        max: options.policy.maxPerUser,
      })}
    </span>
  ) : null;
};
