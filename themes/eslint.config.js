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
      "import-x/resolver-next": [
        createNodeResolver({ extensions: [".ts", ".tsx", ".js"] }),
      ],
    },
    rules: {
      // hooks: the dependencies of effects and memos are complete
      "react-hooks/exhaustive-deps": "error",
      // no module imports itself through others
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
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
