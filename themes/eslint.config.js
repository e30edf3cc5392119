// ESLint for the account console page: TypeScript (type-aware), the rules of
// React hooks, and no import cycles. `npm run lint`; the Maven build runs it.
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const ui = ["src/main/ui/**/*.{ts,tsx}", "src/test/ui/**/*.ts"];

export default tseslint.config(
  { ignores: ["target/", "node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({
    ...config,
    files: ui,
  })),
  { ...reactHooks.configs.flat.recommended, files: ui },
  {
    files: ui,
    languageOptions: {
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "import-x": importX },
    settings: {
      // the modules an import names, read with the TypeScript parser
      "import-x/extensions": [".ts", ".tsx", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [
        createNodeResolver({ extensions: [".ts", ".tsx", ".js"] }),
      ],
    },
    rules: {
      // hooks: the dependencies of effects and memos are complete
      "react-hooks/exhaustive-deps": "error",
      // no module imports itself through others (type imports are not
      // followed: the layers below keep those one-way too)
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // layers: lib (logic, no React) < components < table, dialogs < page < shell;
      // a module imports only from its own layer and those below it
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./src/main/ui/lib",
              from: [
                "./src/main/ui/components",
                "./src/main/ui/table",
                "./src/main/ui/dialogs",
                "./src/main/ui/page",
                "./src/main/ui/shell",
              ],
              message: "lib/ is below the UI: move the type or value into lib/.",
            },
            {
              target: "./src/main/ui/components",
              from: [
                "./src/main/ui/table",
                "./src/main/ui/dialogs",
                "./src/main/ui/page",
                "./src/main/ui/shell",
              ],
            },
            {
              target: ["./src/main/ui/table", "./src/main/ui/dialogs"],
              from: ["./src/main/ui/page", "./src/main/ui/shell"],
            },
            { target: "./src/main/ui/table", from: "./src/main/ui/dialogs" },
            { target: "./src/main/ui/dialogs", from: "./src/main/ui/table" },
            { target: "./src/main/ui/page", from: "./src/main/ui/shell" },
          ],
        },
      ],
      "import-x/no-self-import": "error",
      "import-x/no-duplicates": "error",
      // a promise is awaited, returned or explicitly let go with `void`
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
  {
    files: ["*.js", "*.ts"],
    languageOptions: { globals: globals.node },
  },
);
