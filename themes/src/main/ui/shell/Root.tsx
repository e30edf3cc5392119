import {
  type AccountEnvironment,
  type Feature,
  routes,
  useAccountAlerts,
  useEnvironment,
  usePromise,
} from "@keycloak/keycloak-account-ui";
import {
  AlertVariant,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateFooter,
  EmptyStateHeader,
  EmptyStateIcon,
  Page,
  Spinner,
} from "@patternfly/react-core";
import { ExclamationCircleIcon } from "@patternfly/react-icons";
import { Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  createBrowserRouter,
  Navigate,
  Outlet,
  type RouteObject,
  RouterProvider,
} from "react-router-dom";

import { AppCredentialsPage } from "../page/AppCredentialsPage";
import { ConsoleHeader, ConsoleNav, type MenuItem } from "./ConsoleShell";

/**
 * The console's pages plus ours. Our path is also its entry in this theme's
 * content.json, which drives both the navigation (PageNav) and the routes.
 */
const PAGES: RouteObject[] = [
  ...routes,
  { path: "account-security/app-credentials", element: <AppCredentialsPage /> },
];

function toRoutes(items: MenuItem[], features: Feature): RouteObject[] {
  return items.flatMap((item) => {
    if (item.isVisible && !features[item.isVisible]) {
      return [];
    }
    if ("children" in item) {
      return toRoutes(item.children, features);
    }
    const page = PAGES.find(({ path }) => path === (item.id ?? item.path));
    return page ? [{ path: item.path, element: page.element }] : [];
  });
}

async function fetchMenu(
  environment: AccountEnvironment,
  signal: AbortSignal,
): Promise<MenuItem[]> {
  const response = await fetch(`${environment.resourceUrl}/content.json`, {
    signal,
  });
  return (await response.json()) as MenuItem[];
}

const PageNotFound = () => {
  const { t } = useTranslation();
  const { addAlert } = useAccountAlerts();
  useEffect(
    () => addAlert(t("pageNotFound"), AlertVariant.warning),
    [addAlert, t],
  );
  return <Navigate to=".." replace />;
};

const RouteError = () => {
  const { t } = useTranslation();
  return (
    <EmptyState>
      <EmptyStateHeader
        titleText={t("somethingWentWrong")}
        icon={<EmptyStateIcon icon={ExclamationCircleIcon} />}
        headingLevel="h1"
      />
      <EmptyStateBody>{t("somethingWentWrongDescription")}</EmptyStateBody>
      <EmptyStateFooter>
        <Button onClick={() => window.location.reload()}>
          {t("tryAgain")}
        </Button>
      </EmptyStateFooter>
    </EmptyState>
  );
};

/** The stock console's layout and routing, with the extra page. */
export const Root = () => {
  const { environment } = useEnvironment<AccountEnvironment>();
  const [router, setRouter] =
    useState<ReturnType<typeof createBrowserRouter>>();

  usePromise(
    (signal) => fetchMenu(environment, signal),
    (menu) =>
      setRouter(
        createBrowserRouter([
          {
            path: decodeURIComponent(new URL(environment.baseUrl).pathname),
            element: (
              <Page
                header={<ConsoleHeader />}
                sidebar={<ConsoleNav menu={menu} />}
                isManagedSidebar
              >
                <Suspense fallback={<Spinner />}>
                  <Outlet />
                </Suspense>
              </Page>
            ),
            errorElement: <RouteError />,
            children: [
              ...toRoutes(menu, environment.features),
              { path: "*", element: <PageNotFound /> },
            ],
          },
        ]),
      ),
  );

  return router ? <RouterProvider router={router} /> : <Spinner />;
};
