import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";

import { environment } from "./environment";

type Message = { key: string; value: string };

/**
 * Same set-up as the stock console: messages come from the server, which merges
 * this theme's messages_*.properties with those of its parent (keycloak.v3).
 */
export const i18n = createInstance({
  lng: environment.locale,
  fallbackLng: "en",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
  backend: {
    loadPath: `${environment.serverBaseUrl}/resources/${environment.realm}/account/{{lng}}`,
    parse: (data: string) =>
      Object.fromEntries(
        (JSON.parse(data) as Message[]).map(({ key, value }) => [key, value]),
      ),
  },
});

i18n.use(FetchBackend);
i18n.use(initReactI18next);

// The personal info page announces a changed locale this way.
window.addEventListener("languageChanged", (event) => {
  const { language } = (event as CustomEvent<{ language: string }>).detail;
  void i18n.changeLanguage(language);
});
