import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-account-ui/styles.css";
import "./console.css";

import { KeycloakProvider } from "@keycloak/keycloak-account-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { environment } from "./shell/environment";
import { i18n } from "./shell/i18n";
import { Root } from "./shell/Root";

void i18n.init().then(() =>
  createRoot(document.getElementById("app")!).render(
    <StrictMode>
      <KeycloakProvider environment={environment}>
        <Root />
      </KeycloakProvider>
    </StrictMode>,
  ),
);
