import {
  type AccountEnvironment,
  Page,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import {
  KeycloakSpinner,
  PaginatingTableToolbar,
} from "@keycloak/keycloak-ui-shared";
import {
  AlertVariant,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  EmptyStateHeader,
  EmptyStateIcon,
  ToolbarItem,
} from "@patternfly/react-core";
import { ExclamationCircleIcon, KeyIcon } from "@patternfly/react-icons";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { type AppCredential, appCredentialsApi } from "../lib/api";
import type { RowAction } from "../lib/credentials";
import { expiringSoonest, expiryBounds } from "../lib/expiry";
import type { ResumeStep } from "../lib/stepUp";
import { CredentialsTable } from "../table/CredentialsTable";
import { CreateButton, CreateStatus } from "./CreateButton";
import { CredentialDialogs, type Dialog } from "./CredentialDialogs";
import { ExpiryBanner } from "./ExpiryBanner";
import { SecondFactorNotice } from "./SecondFactorNotice";
import { useCredentialActions } from "./useCredentialActions";
import { useCredentials, useNow } from "./useCredentials";
import { useResume, useStepUp } from "./useStepUp";

/** The "Application credentials" page: the list, its actions and dialogs. */
export const AppCredentialsPage = () => {
  const { t } = useTranslation();
  const context = useEnvironment<AccountEnvironment>();
  const { environment, keycloak } = context;
  const locale = environment.locale;
  const { addAlert, addError } = useAccountAlerts();
  const api = useMemo(
    () => appCredentialsApi({ environment, keycloak }),
    [environment, keycloak],
  );
  const {
    credentials,
    hasNext,
    live,
    options,
    loadError,
    request,
    setRequest,
    reload,
  } = useCredentials(api);
  const now = useNow();
  const [dialog, setDialog] = useState<Dialog>();
  // the credential just created: highlighted once its dialog is closed
  const [created, setCreated] = useState<string>();
  const close = () => setDialog(undefined);

  const withStepUp = useStepUp();
  const actions = useCredentialActions({
    api,
    withStepUp,
    showSecret: (issued, regenerated) => {
      setDialog({ kind: "secret", issued, regenerated });
      if (!regenerated) setCreated(issued.id);
    },
    reload,
    closeDialog: close,
  });

  // back from a step-up login: the interrupted action
  useResume(api, (step: ResumeStep) => {
    switch (step.kind) {
      case "create":
        setDialog({ kind: "create", savedValues: step.values });
        break;
      case "renew":
        setDialog({
          kind: "renew",
          credential: step.credential,
          saved: step.values,
        });
        break;
      // confirmed before the login: finished now
      case "regenerate":
        actions
          .regenerate(step.credential, step.overlapSeconds)
          .catch((error: unknown) =>
            addError("appCredentialsRegenerateError", error),
          );
        break;
      case "enable":
        void actions.setState(step.credential, "active");
        break;
      case "unavailable":
        addAlert(t("appCredentialsResumeUnavailable"), AlertVariant.warning);
    }
  });

  const bounds = useMemo(
    () => (options ? expiryBounds(options) : undefined),
    [options],
  );

  // live credentials expiring soon, whichever page they are on
  const expiring = useMemo(
    () => expiringSoonest(live ?? [], options?.policy, now),
    [live, options, now],
  );
  const expiringSoon = useMemo(
    () =>
      new Map(expiring.map(({ credential, days }) => [credential.id, days])),
    [expiring],
  );

  // once the secret dialog of a new credential is closed, its row (first on
  // the first page) comes into view
  const highlightId = dialog?.kind === "secret" ? undefined : created;
  useEffect(() => {
    if (!highlightId) return;
    document
      .querySelector(`[data-testid="credential-row-${CSS.escape(highlightId)}"]`)
      ?.scrollIntoView({ block: "nearest" });
  }, [highlightId, credentials]);

  const onAction = (action: RowAction, credential: AppCredential) => {
    setCreated(undefined);
    switch (action) {
      case "disable":
      case "enable":
        void actions.setState(
          credential,
          action === "enable" ? "active" : "disabled",
        );
        break;
      default:
        setDialog({ kind: action, credential });
    }
  };

  const openCreate = () => {
    setCreated(undefined);
    setDialog({ kind: "create" });
  };

  const content = () => {
    if (loadError) {
      return (
        <EmptyState variant="sm" data-testid="app-credentials-unavailable">
          <EmptyStateHeader
            titleText={t("appCredentialsUnavailable")}
            icon={<EmptyStateIcon icon={ExclamationCircleIcon} />}
            headingLevel="h2"
          />
          <EmptyStateBody>{loadError}</EmptyStateBody>
          <EmptyStateFooter>
            <Button
              variant="primary"
              onClick={() => reload()}
              data-testid="app-credentials-retry"
            >
              {t("appCredentialsRetry")}
            </Button>
          </EmptyStateFooter>
        </EmptyState>
      );
    }
    if (!credentials) {
      return <KeycloakSpinner />;
    }
    if (credentials.length === 0 && request.first === 0) {
      return (
        <EmptyState variant="sm" data-testid="app-credentials-empty">
          <EmptyStateHeader
            titleText={t("appCredentialsEmptyTitle")}
            icon={<EmptyStateIcon icon={KeyIcon} />}
            headingLevel="h2"
          />
          <EmptyStateBody>{t("appCredentialsEmptyBody")}</EmptyStateBody>
          <EmptyStateFooter>
            <EmptyStateActions>
              <CreateButton options={options} onClick={openCreate} />
            </EmptyStateActions>
            <EmptyStateActions>
              <CreateStatus options={options} />
            </EmptyStateActions>
          </EmptyStateFooter>
        </EmptyState>
      );
    }
    return (
      <>
        <ExpiryBanner
          expiring={expiring}
          locale={locale}
          onRenew={(credential) => onAction("renew", credential)}
        />
        <PaginatingTableToolbar
          count={credentials.length + (hasNext ? 1 : 0)}
          first={request.first}
          max={request.max}
          onNextClick={(first) => setRequest({ ...request, first })}
          onPreviousClick={(first) => setRequest({ ...request, first })}
          onPerPageSelect={(_first, max) => setRequest({ first: 0, max })}
          toolbarItem={
            <>
              <ToolbarItem>
                <CreateButton options={options} onClick={openCreate} />
              </ToolbarItem>
              <ToolbarItem alignSelf="center">
                <CreateStatus options={options} />
              </ToolbarItem>
            </>
          }
        >
          <CredentialsTable
            credentials={credentials}
            locale={locale}
            expiringSoon={expiringSoon}
            highlightId={highlightId}
            maxIdleDays={options?.policy.maxIdleDays}
            onAction={onAction}
          />
        </PaginatingTableToolbar>
      </>
    );
  };

  return (
    <Page
      title={t("appCredentials")}
      description={t("appCredentialsDescription")}
    >
      <SecondFactorNotice options={options} />
      {content()}
      <CredentialDialogs
        dialog={dialog}
        options={options}
        bounds={bounds}
        actions={actions}
        onClose={close}
      />
    </Page>
  );
};
