import {
  type AccountEnvironment,
  Page,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import {
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  EmptyStateHeader,
  EmptyStateIcon,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import {
  ExclamationCircleIcon,
  KeyIcon,
  PlusCircleIcon,
} from "@patternfly/react-icons";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import {
  type AppCredential,
  appCredentialsApi,
  AppCredentialsError,
  type CredentialOptions,
  type IssuedAppCredential,
} from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import {
  type CreateFormValues,
  CreateDialog,
  toCreateRequest,
} from "./CreateDialog";
import { CredentialsTable, type RowAction } from "./CredentialsTable";
import {
  expiresSoon,
  expiryBounds,
  expiryWarningDays,
  formatDateTime,
  toOffsetDateTime,
} from "./expiry";
import { ExpiryBanner, type ExpiringCredential } from "./ExpiryBanner";
import { MfaSetupAlert } from "./MfaSetupAlert";
import { RenewDialog, type RenewValues } from "./RenewDialog";
import { SecretDialog } from "./SecretDialog";
import {
  clearPendingAction,
  type PendingAction,
  readPendingAction,
  reauthenticate,
  RESUME_PARAM,
  stepUpFailed,
} from "./stepUp";

type Dialog =
  | { kind: "create"; savedValues?: CreateFormValues }
  | { kind: "regenerate"; credential: AppCredential }
  | { kind: "renew"; credential: AppCredential; saved?: RenewValues }
  | { kind: "revoke"; credential: AppCredential }
  | { kind: "secret"; issued: IssuedAppCredential; regenerated: boolean };

/** Creating needs a second factor that the user has not set up. */
const needsSecondFactor = (options: CredentialOptions | undefined) =>
  !!options?.secondFactor?.required && !options.secondFactor.configured;

/** Why the create button is off, if it is. */
function createBlockedReason(options: CredentialOptions | undefined) {
  if (!options) return "appCredentialsOptionsUnavailable";
  if (!options.policy.enabled) return "appCredentialsDisabledByPolicy";
  if (needsSecondFactor(options)) return "appCredentialsNeedsSecondFactor";
  if (options.clients.length === 0) return "appCredentialsNoApplication";
  if (options.count >= options.policy.maxPerUser)
    return "appCredentialsLimitReached";
  return undefined;
}

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

  const [credentials, setCredentials] = useState<AppCredential[]>();
  const [options, setOptions] = useState<CredentialOptions>();
  const [loadError, setLoadError] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const [dialog, setDialog] = useState<Dialog>();
  const reload = () => setReloads((count) => count + 1);
  // The clock the expiry warnings are computed with: the time of the last
  // load, moved on every minute so that a page left open stays right.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  // Back from a step-up login (?resume=…): the interrupted action, once.
  const [searchParams, setSearchParams] = useSearchParams();
  const [resumed] = useState(() =>
    readPendingAction(searchParams.get(RESUME_PARAM)),
  );
  const resumeHandled = useRef(false);

  useEffect(() => {
    if (searchParams.has(RESUME_PARAM)) {
      clearPendingAction();
      setSearchParams(
        (params) => {
          params.delete(RESUME_PARAM);
          return params;
        },
        { replace: true },
      );
    }
  }, [searchParams, setSearchParams]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    void Promise.allSettled([api.list(signal), api.options(signal)]).then(
      ([list, choices]) => {
        if (signal.aborted) return;
        setNow(Date.now());
        setCredentials(list.status === "fulfilled" ? list.value : undefined);
        setOptions(choices.status === "fulfilled" ? choices.value : undefined);
        const failure =
          list.status === "rejected"
            ? list
            : choices.status === "rejected"
              ? choices
              : undefined;
        setLoadError(
          list.status === "rejected"
            ? list.reason instanceof Error
              ? list.reason.message
              : String(list.reason)
            : undefined,
        );
        if (failure) {
          addError("appCredentialsLoadError", failure.reason);
        }
      },
    );
    return () => controller.abort();
  }, [api, reloads, addError]);

  const bounds = useMemo(
    () => (options ? expiryBounds(options) : undefined),
    [options],
  );

  // Live credentials expiring within the first reminder threshold (none when
  // reminders are off, or the policy is unknown), soonest first.
  const warningDays = options ? expiryWarningDays(options.policy) : undefined;
  const expiring = useMemo<ExpiringCredential[]>(
    () =>
      (credentials ?? [])
        .flatMap((credential) => {
          const days = expiresSoon(credential, warningDays, now);
          return days === undefined ? [] : [{ credential, days }];
        })
        .sort(
          (a, b) =>
            new Date(a.credential.expiresAt).getTime() -
            new Date(b.credential.expiresAt).getTime(),
        ),
    [credentials, warningDays, now],
  );
  const expiringSoon = useMemo(
    () =>
      new Map(expiring.map(({ credential, days }) => [credential.id, days])),
    [expiring],
  );

  useEffect(() => {
    if (!resumed || resumeHandled.current) return;
    if (resumed.action === "create") {
      if (!options) return;
      setDialog({ kind: "create", savedValues: resumed.values });
    } else {
      const credential = credentials?.find(({ id }) => id === resumed.id);
      if (!credential) return;
      // Back from the login that the server asked for. Enabling and
      // regenerating were confirmed before it: finish them. A renewal goes
      // back to its form, as a creation does.
      if (resumed.action === "enable") {
        void setState(credential, "active");
      } else if (resumed.action === "regenerate") {
        regenerate(credential).catch((error: unknown) =>
          addError("appCredentialsRegenerateError", error),
        );
      } else {
        setDialog({ kind: "renew", credential, saved: resumed.values });
      }
    }
    resumeHandled.current = true;
  }, [resumed, options, credentials]);

  // Back from a step-up login: the next call that may need one is the one
  // the login was for (the resumed action, or its form submitted again).
  const backFromLogin = useRef(!!resumed);

  /**
   * Runs a call that may need a fresh second factor. On the RFC 9470 challenge
   * the browser goes to the login page and the call resolves to undefined. The
   * first such call after coming back from that login does not go round again:
   * a second challenge there is an error saying why (it would loop otherwise).
   * Later ones, which the user starts anew, may send them to the login again.
   */
  async function withStepUp<T>(pending: PendingAction, call: () => Promise<T>) {
    const afterLogin = backFromLogin.current;
    backFromLogin.current = false;
    try {
      return await call();
    } catch (error) {
      if (error instanceof AppCredentialsError && error.stepUp) {
        if (afterLogin) {
          throw stepUpFailed(error, t);
        }
        await reauthenticate(context, error.stepUp, pending);
        return undefined;
      }
      throw error;
    }
  }

  const create = async (values: CreateFormValues) => {
    const issued = await withStepUp({ action: "create", values }, () =>
      api.create(toCreateRequest(values)),
    );
    if (issued) {
      setDialog({ kind: "secret", issued, regenerated: false });
      reload();
    }
  };

  const regenerate = async (credential: AppCredential) => {
    const issued = await withStepUp(
      { action: "regenerate", id: credential.id },
      () => api.regenerate(credential.id),
    );
    if (issued) {
      setDialog({ kind: "secret", issued, regenerated: true });
      reload();
    }
  };

  const renew = async (credential: AppCredential, values: RenewValues) => {
    const renewed = await withStepUp(
      { action: "renew", id: credential.id, values },
      () =>
        api.renew(
          credential.id,
          values.expiryDate
            ? toOffsetDateTime(values.expiryDate, values.expiryTime)
            : undefined,
        ),
    );
    if (renewed) {
      setDialog(undefined);
      addAlert(
        t("appCredentialsRenewed", {
          name: renewed.name,
          date: formatDateTime(renewed.expiresAt, locale),
        }),
      );
      reload();
    }
  };

  const revoke = async (credential: AppCredential) => {
    await api.revoke(credential.id);
    setDialog(undefined);
    addAlert(t("appCredentialsRevoked", { name: credential.name }));
    reload();
  };

  const setState = async (
    credential: AppCredential,
    state: "active" | "disabled",
  ) => {
    try {
      // Enabling a suspended credential needs a fresh second factor, so it may
      // come back with the step-up challenge; disabling never does.
      const updated =
        state === "active"
          ? await withStepUp({ action: "enable", id: credential.id }, () =>
              api.setState(credential.id, state),
            )
          : await api.setState(credential.id, state);
      if (!updated) return;
      addAlert(
        t(
          state === "active"
            ? "appCredentialsEnabled"
            : "appCredentialsDisabled",
          {
            name: credential.name,
          },
        ),
      );
      reload();
    } catch (error) {
      addError("appCredentialsStateError", error);
    }
  };

  const onAction = (action: RowAction, credential: AppCredential) => {
    switch (action) {
      case "disable":
      case "enable":
        void setState(credential, action === "enable" ? "active" : "disabled");
        break;
      case "renew":
        setDialog({ kind: "renew", credential });
        break;
      default:
        setDialog({ kind: action, credential });
    }
  };

  const blockedReason = createBlockedReason(options);
  const createButton = (
    <Button
      icon={<PlusCircleIcon />}
      isDisabled={!!blockedReason}
      onClick={() => setDialog({ kind: "create" })}
      data-testid="create-app-credential"
    >
      {t("appCredentialsCreateButton")}
    </Button>
  );
  const blockedHint = blockedReason && (
    <span className="pf-v5-u-color-200" data-testid="create-blocked-reason">
      {t(blockedReason, { max: options?.policy.maxPerUser })}
    </span>
  );

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
              onClick={reload}
              data-testid="app-credentials-retry"
            >
              {t("appCredentialsRetry")}
            </Button>
          </EmptyStateFooter>
        </EmptyState>
      );
    }
    if (!credentials) {
      return <Spinner aria-label={t("appCredentials")} />;
    }
    if (credentials.length === 0) {
      return (
        <EmptyState variant="sm" data-testid="app-credentials-empty">
          <EmptyStateHeader
            titleText={t("appCredentialsEmptyTitle")}
            icon={<EmptyStateIcon icon={KeyIcon} />}
            headingLevel="h2"
          />
          <EmptyStateBody>{t("appCredentialsEmptyBody")}</EmptyStateBody>
          <EmptyStateFooter>
            <EmptyStateActions>{createButton}</EmptyStateActions>
            <EmptyStateActions>{blockedHint}</EmptyStateActions>
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
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>{createButton}</ToolbarItem>
            <ToolbarItem alignSelf="center">
              {blockedHint ??
                (options && (
                  <span className="pf-v5-u-color-200">
                    {t("appCredentialsCount", {
                      count: options.count,
                      max: options.policy.maxPerUser,
                    })}
                  </span>
                ))}
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <CredentialsTable
          credentials={credentials}
          locale={locale}
          expiringSoon={expiringSoon}
          onAction={onAction}
        />
      </>
    );
  };

  const close = () => setDialog(undefined);

  return (
    <Page
      title={t("appCredentials")}
      description={t("appCredentialsDescription")}
    >
      {needsSecondFactor(options) && (
        <div className="pf-v5-u-mb-md">
          <MfaSetupAlert message={t("appCredentialsSecondFactorNeeded")} />
        </div>
      )}
      {options?.secondFactor?.required &&
        options.secondFactor.source === "identity-provider" && (
          <p
            className="pf-v5-u-mb-md"
            data-testid="second-factor-upstream"
          >
            {t("appCredentialsSecondFactorUpstream", {
              provider: options.secondFactor.identityProvider,
            })}
          </p>
        )}
      {content()}
      {dialog?.kind === "create" && options && bounds && (
        <CreateDialog
          options={options}
          bounds={bounds}
          locale={locale}
          savedValues={dialog.savedValues}
          onSubmit={create}
          onClose={close}
        />
      )}
      {dialog?.kind === "secret" && (
        <SecretDialog
          credential={dialog.issued}
          regenerated={dialog.regenerated}
          onClose={close}
        />
      )}
      {dialog?.kind === "renew" && (
        <RenewDialog
          credential={dialog.credential}
          bounds={bounds}
          defaultLifetimeDays={options?.policy.defaultLifetimeDays}
          locale={locale}
          saved={dialog.saved}
          onSubmit={(values) => renew(dialog.credential, values)}
          onClose={close}
        />
      )}
      {dialog?.kind === "regenerate" && (
        <ConfirmDialog
          title={t("appCredentialsRegenerateTitle", {
            name: dialog.credential.name,
          })}
          confirmLabel={t("appCredentialsRegenerate")}
          confirmTestId="confirm-regenerate"
          errorKey="appCredentialsRegenerateError"
          onConfirm={() => regenerate(dialog.credential)}
          onClose={close}
        >
          {t("appCredentialsRegenerateBody")}
        </ConfirmDialog>
      )}
      {dialog?.kind === "revoke" && (
        <ConfirmDialog
          title={t("appCredentialsRevokeTitle", {
            name: dialog.credential.name,
          })}
          confirmLabel={t("appCredentialsRevoke")}
          confirmTestId="confirm-revoke"
          isDanger
          errorKey="appCredentialsRevokeError"
          onConfirm={() => revoke(dialog.credential)}
          onClose={close}
        >
          {dialog.credential.state === "expired"
            ? t("appCredentialsRevokeExpiredBody", {
                days: options?.policy.retentionDays,
              })
            : t("appCredentialsRevokeBody")}
        </ConfirmDialog>
      )}
    </Page>
  );
};
