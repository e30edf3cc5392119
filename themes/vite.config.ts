import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Builds the account console (v3) with the "Application credentials" page.
// The server renders keycloak.v3's index.ftl with the entry chunk it reads from
// resources/.vite/manifest.json of this theme; React comes from the import map
// in that template, so it must stay external (as in Keycloak's own build).
export default defineConfig({
  base: "",
  plugins: [react()],
  resolve: {
    alias: {
      // The package only exports its JS entry; its compiled stylesheet (the
      // PatternFly components and CSS modules bundled into it) is imported by path.
      "@keycloak/keycloak-account-ui/styles.css":
        "/node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css",
    },
  },
  build: {
    // Straight into the theme in the jar's classes: emptying it on every build
    // leaves no stale assets behind (content.json is copied in afterwards by Maven).
    outDir: "target/classes/theme/app-credentials/account/resources",
    emptyOutDir: true,
    manifest: true,
    modulePreload: false,
    // @keycloak/keycloak-account-ui is one pre-bundled ~700 kB module.
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      input: "src/main/ui/main.tsx",
      external: ["react", "react/jsx-runtime", "react-dom"],
    },
  },
});
