import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import { useCallback, useEffect, useRef, useState } from "react";

import type {
  AppCredential,
  AppCredentialsApi,
  CredentialOptions,
} from "../lib/api";
import {
  isLive,
  type PageRequest,
  sortForList,
  toPage,
} from "../lib/credentials";

export const DEFAULT_PAGE_SIZE = 10;

type Loaded = {
  /** The rows of the page asked for, in the list's order. */
  credentials?: AppCredential[];
  hasNext: boolean;
  /**
   * Every live credential (for the expiry banner, which names those of every
   * page), as far as known: from the whole list when the server does not
   * page, else from the first rows of the list, where live ones are.
   */
  live?: AppCredential[];
  options?: CredentialOptions;
  /** Why the list could not be loaded (the page then offers to try again). */
  loadError?: string;
};

const message = (reason: unknown) =>
  reason instanceof Error ? reason.message : String(reason);

/**
 * The page's data: a page of the user's credentials (live ones first, newest
 * first) and what they may choose (`/options`), loaded together and again on
 * `reload` or when another page is asked for. A failure to load the options
 * only is an alert; the list works without them.
 */
export function useCredentials(api: AppCredentialsApi) {
  const { addError } = useAccountAlerts();
  const [request, setRequest] = useState<PageRequest>({
    first: 0,
    max: DEFAULT_PAGE_SIZE,
  });
  const [reloads, setReloads] = useState(0);
  const [loaded, setLoaded] = useState<Loaded>({ hasNext: false });
  // what the last answers said about the server's paging (see toPage)
  const paging = useRef<{ ignored: boolean; last?: PageRequest; ids: string[] }>(
    { ignored: false, ids: [] },
  );

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    void Promise.allSettled([
      // one row more than the page: it says whether there is a next page
      api.list(request.first, request.max + 1, signal),
      api.options(signal),
    ]).then(async ([list, options]) => {
      if (signal.aborted) return;
      const { last, ids, ignored } = paging.current;
      const previousIds =
        last && last.max === request.max && last.first === request.first - request.max
          ? ids
          : [];
      const page =
        list.status === "fulfilled"
          ? toPage(list.value, request, previousIds, ignored)
          : undefined;
      if (page) {
        paging.current = {
          ignored: page.serverIgnoresPaging,
          last: request,
          ids: page.rows.map(({ id }) => id),
        };
      }
      let live: AppCredential[] | undefined;
      if (list.status === "fulfilled" && page) {
        if (page.serverIgnoresPaging) {
          live = sortForList(list.value).filter(isLive);
        } else if (request.first === 0 && !page.hasNext) {
          live = page.rows.filter(isLive);
        } else if (options.status === "fulfilled") {
          // live ones come first: at most the policy's number of them
          live = await api
            .list(0, options.value.policy.maxPerUser, signal)
            .then((first) => first.filter(isLive))
            .catch(() => undefined);
          if (signal.aborted) return;
        }
      }
      setLoaded({
        credentials: page?.rows,
        hasNext: page?.hasNext ?? false,
        live: live ?? page?.rows.filter(isLive),
        options: options.status === "fulfilled" ? options.value : undefined,
        loadError:
          list.status === "rejected" ? message(list.reason) : undefined,
      });
      const failure: unknown =
        list.status === "rejected"
          ? list.reason
          : options.status === "rejected"
            ? options.reason
            : undefined;
      if (failure !== undefined) {
        addError("appCredentialsLoadError", failure);
      }
    });
    return () => controller.abort();
  }, [api, request, reloads, addError]);

  /** Loads again; from the first page (where a new credential is) with `toFirstPage`. */
  const reload = useCallback((toFirstPage = false) => {
    if (toFirstPage) {
      setRequest((current) =>
        current.first === 0 ? current : { ...current, first: 0 },
      );
    }
    setReloads((count) => count + 1);
  }, []);

  return { ...loaded, request, setRequest, reload };
}

/** The time expiry warnings are computed with, moved on every minute so that a page left open stays right. */
export function useNow(intervalMs = 60_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
