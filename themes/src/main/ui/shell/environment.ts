import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";

/** The environment the server renders into index.ftl (`<script id="environment">`). */
function readEnvironment(): AccountEnvironment {
  const json = document.getElementById("environment")?.textContent;
  if (!json) {
    throw new Error("Environment variables not found in the document.");
  }
  return JSON.parse(json) as AccountEnvironment;
}

export const environment = readEnvironment();
