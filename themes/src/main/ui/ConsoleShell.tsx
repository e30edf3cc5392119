/*
 * The account console's masthead and navigation, as in Keycloak's own
 * account UI (js/apps/account-ui/src/root/Header.tsx and PageNav.tsx,
 * Apache License 2.0), built on this theme's copy of PatternFly.
 *
 * @keycloak/keycloak-account-ui ships its own bundled copy of PatternFly, so
 * its Header and PageNav read the sidebar state from that copy's page
 * context, which our <Page> does not provide: with them the navigation stayed
 * open on a phone and the masthead's toggle did nothing. These render the
 * same markup with the PatternFly this page is built with, so the toggle and
 * the sidebar share the state of Page's `isManagedSidebar`.
 */
import {
  type AccountEnvironment,
  type Feature,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import { KeycloakMasthead, label } from "@keycloak/keycloak-ui-shared";
import {
  Button,
  Nav,
  NavExpandable,
  NavItem,
  NavList,
  PageContext,
  PageSidebar,
  PageSidebarBody,
} from "@patternfly/react-core";
import { ExternalLinkSquareAltIcon } from "@patternfly/react-icons";
import {
  type MouseEvent,
  type PropsWithChildren,
  useContext,
  useMemo,
} from "react";
import { useTranslation } from "react-i18next";
import {
  matchPath,
  useHref,
  useLinkClickHandler,
  useLocation,
} from "react-router-dom";

/** An entry of content.json. */
export type MenuItem = { label: string; isVisible?: keyof Feature } & (
  | { path: string; id?: string }
  | { children: MenuItem[] }
);

const joinPath = (...parts: string[]) =>
  parts
    .map((part, index) =>
      index === 0 ? part.replace(/\/+$/, "") : part.replace(/^\/+/, ""),
    )
    .join("/");

const ReferrerLink = () => {
  const { environment } = useEnvironment<AccountEnvironment>();
  const { t } = useTranslation();

  return environment.referrerUrl ? (
    <Button
      data-testid="referrer-link"
      component="a"
      href={environment.referrerUrl.replace("_hash_", "#")}
      variant="link"
      icon={<ExternalLinkSquareAltIcon />}
      iconPosition="right"
      isInline
    >
      {t("backTo", {
        app: label(t, environment.referrerName, environment.referrerUrl),
      })}
    </Button>
  ) : null;
};

export const ConsoleHeader = () => {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  const { t } = useTranslation();

  const brandImage = environment.logo || "logo.svg";
  const logoUrl = environment.logoUrl ? environment.logoUrl : "/";
  const internalLogoHref = useHref(logoUrl);
  // An URL starting with "/" is one inside the console.
  const indexHref = logoUrl.startsWith("/") ? internalLogoHref : logoUrl;

  return (
    <KeycloakMasthead
      data-testid="page-header"
      keycloak={keycloak}
      features={{ hasManageAccount: false }}
      brand={{
        href: indexHref,
        src: joinPath(environment.resourceUrl, brandImage),
        alt: t("logo"),
        className: "app-credentials-brand",
      }}
      toolbarItems={[<ReferrerLink key="link" />]}
    />
  );
};

const isVisible = (item: MenuItem, features: Feature) =>
  !item.isVisible || features[item.isVisible];

const fullPath = (path: string, baseUrl: string) =>
  `${new URL(baseUrl).pathname}${path}`;

function matches(pathname: string, item: MenuItem, baseUrl: string): boolean {
  return "path" in item
    ? !!matchPath(fullPath(item.path, baseUrl), pathname)
    : item.children.some((child) => matches(pathname, child, baseUrl));
}

const NavLink = ({
  path,
  isActive,
  children,
}: PropsWithChildren<{ path: string; isActive: boolean }>) => {
  const { environment } = useEnvironment<AccountEnvironment>();
  const { isSidebarOpen, onSidebarToggle, getBreakpoint, width } =
    useContext(PageContext);
  const to = fullPath(path, environment.baseUrl) + location.search;
  const href = useHref(to);
  const followLink = useLinkClickHandler(to);

  return (
    <NavItem
      data-testid={path}
      to={href}
      isActive={isActive}
      onClick={(event) => {
        followLink(event as unknown as MouseEvent<HTMLAnchorElement>);
        // On a narrow screen the navigation lies over the page: close it once
        // a page is chosen, as a phone user expects.
        if (isSidebarOpen && !["xl", "2xl"].includes(getBreakpoint(width))) {
          onSidebarToggle();
        }
      }}
    >
      {children}
    </NavItem>
  );
};

const NavMenuItem = ({ item }: { item: MenuItem }) => {
  const { t } = useTranslation();
  const { environment } = useEnvironment<AccountEnvironment>();
  const { pathname } = useLocation();
  const isActive = useMemo(
    () => matches(pathname, item, environment.baseUrl),
    [pathname, item, environment.baseUrl],
  );

  if ("path" in item) {
    return (
      <NavLink path={item.path} isActive={isActive}>
        {t(item.label)}
      </NavLink>
    );
  }
  return (
    <NavExpandable
      data-testid={item.label}
      title={t(item.label)}
      isActive={isActive}
      isExpanded={isActive}
    >
      {item.children
        .filter((child) => isVisible(child, environment.features))
        .map((child) => (
          <NavMenuItem key={child.label} item={child} />
        ))}
    </NavExpandable>
  );
};

export const ConsoleNav = ({ menu }: { menu: MenuItem[] }) => {
  const { environment } = useEnvironment<AccountEnvironment>();
  return (
    <PageSidebar data-testid="page-sidebar">
      <PageSidebarBody>
        <Nav>
          <NavList>
            {menu
              .filter((item) => isVisible(item, environment.features))
              .map((item) => (
                <NavMenuItem key={item.label} item={item} />
              ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
};
