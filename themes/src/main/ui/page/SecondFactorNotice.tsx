import { useTranslation } from "react-i18next";

import { MfaSetupAlert } from "../components/MfaAlerts";
import type { CredentialOptions } from "../lib/api";

/** Creating needs a second factor that the user has not set up. */
export const needsSecondFactor = (options: CredentialOptions | undefined) =>
  !!options?.secondFactor?.required && !options.secondFactor.configured;

/**
 * Above the list: that creating needs a second factor the user has not set
 * up (with a link to set one up), or where their second factor is proved when
 * it is at an identity provider.
 */
export const SecondFactorNotice = ({
  options,
}: {
  options?: CredentialOptions;
}) => {
  const { t } = useTranslation();
  if (needsSecondFactor(options)) {
    return (
      <div className="pf-v5-u-mb-md">
        <MfaSetupAlert message={t("appCredentialsSecondFactorNeeded")} />
      </div>
    );
  }
  const secondFactor = options?.secondFactor;
  return secondFactor?.required &&
    secondFactor.source === "identity-provider" ? (
    <p className="pf-v5-u-mb-md" data-testid="second-factor-upstream">
      {t("appCredentialsSecondFactorUpstream", {
        provider: secondFactor.identityProvider,
      })}
    </p>
  ) : null;
};
