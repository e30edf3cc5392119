/*
 * The account console's masthead and navigation, as in Keycloak's own
 * account UI (js/apps/account-ui/src/root/Header.tsx and PageNav.tsx, and
 * KeycloakMasthead of @keycloak/keycloak-ui-shared; Apache License 2.0),
 * built on this theme's copy of PatternFly.
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
import { label } from "@keycloak/keycloak-ui-shared";
import {
  Avatar,
  Button,
  Dropdown,
  DropdownItem,
  DropdownList,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadToggle,
  MenuToggle,
  Nav,
  NavExpandable,
  NavItem,
  NavList,
  PageContext,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import {
  BarsIcon,
  EllipsisVIcon,
  ExternalLinkSquareAltIcon,
} from "@patternfly/react-icons";
import type { TFunction } from "i18next";
import type { KeycloakTokenParsed } from "keycloak-js";
import {
  type MouseEvent,
  type PropsWithChildren,
  useContext,
  useMemo,
  useState,
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

/** The signed-in user's name: given and family name, either, or the username. */
function userName(token: KeycloakTokenParsed | undefined, t: TFunction) {
  if (!token) return t("unknownUser");
  const {
    given_name: given,
    family_name: family,
    preferred_username: username,
  } = token as {
    given_name?: string;
    family_name?: string;
    preferred_username?: string;
  };
  if (given && family) {
    return t("fullName", { givenName: given, familyName: family });
  }
  return given || family || username || t("unknownUser");
}

/**
 * The user's menu (signing out): a button with their name from the `md`
 * breakpoint on, a kebab with an accessible name below it.
 */
const UserMenu = ({ isKebab }: { isKebab?: boolean }) => {
  const { keycloak } = useEnvironment<AccountEnvironment>();
  const { t } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);
  const testId = isKebab ? "options-kebab" : "options";
  return (
    <Dropdown
      data-testid={testId}
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      popperProps={{ position: "right" }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          data-testid={`${testId}-toggle`}
          variant={isKebab ? "plain" : "default"}
          aria-label={isKebab ? t("appCredentialsUserMenu") : undefined}
          isExpanded={isOpen}
          onClick={() => setIsOpen(!isOpen)}
        >
          {isKebab ? <EllipsisVIcon /> : userName(keycloak.idTokenParsed, t)}
        </MenuToggle>
      )}
    >
      <DropdownList>
        <DropdownItem key="signOut" onClick={() => void keycloak.logout()}>
          {t("signOut")}
        </DropdownItem>
      </DropdownList>
    </Dropdown>
  );
};

/** A grey silhouette, for a user without a picture. */
const DefaultAvatar = () => (
  <svg
    className="pf-v5-c-avatar"
    viewBox="0 0 36 36"
    aria-hidden="true"
    focusable="false"
  >
    <circle cx="18" cy="18" r="18" fill="#fff" />
    <circle cx="18" cy="14" r="6.5" fill="#bbb" />
    <path d="M6 31c1.5-6.5 6-9.5 12-9.5s10.5 3 12 9.5a18 18 0 0 1-24 0z" fill="#bbb" />
  </svg>
);

/**
 * The masthead: the navigation toggle, the logo, a link back to the
 * application the user came from, the user's menu and picture. Built here,
 * rather than with `KeycloakMasthead`, so that the phone-width menu toggle has
 * an accessible name.
 */
export const ConsoleHeader = () => {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  const { t } = useTranslation();

  const brandImage = environment.logo || "logo.svg";
  const logoUrl = environment.logoUrl ? environment.logoUrl : "/";
  const internalLogoHref = useHref(logoUrl);
  // An URL starting with "/" is one inside the console.
  const indexHref = logoUrl.startsWith("/") ? internalLogoHref : logoUrl;
  const picture = (keycloak.idTokenParsed as { picture?: string } | undefined)
    ?.picture;

  return (
    <Masthead data-testid="page-header" display={{ default: "inline" }}>
      <MastheadToggle>
        <PageToggleButton variant="plain" aria-label={t("navigation")}>
          <BarsIcon />
        </PageToggleButton>
      </MastheadToggle>
      <MastheadBrand href={indexHref}>
        <img
          src={joinPath(environment.resourceUrl, brandImage)}
          alt={t("logo")}
          className="app-credentials-brand"
        />
      </MastheadBrand>
      <MastheadContent>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem align={{ default: "alignRight" }}>
              <ReferrerLink />
            </ToolbarItem>
            <ToolbarItem visibility={{ default: "hidden", md: "visible" }}>
              <UserMenu />
            </ToolbarItem>
            <ToolbarItem
              align={{ default: "alignLeft" }}
              visibility={{ md: "hidden" }}
            >
              <UserMenu isKebab />
            </ToolbarItem>
            <ToolbarItem
              variant="overflow-menu"
              align={{ default: "alignRight" }}
              className="pf-v5-u-m-0-on-lg"
            >
              {picture ? (
                <Avatar src={picture} alt={t("avatar")} />
              ) : (
                <DefaultAvatar />
              )}
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
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
