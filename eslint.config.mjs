// ESLint 9 flat config: the Office add-in rules (office-addins recommended + react, which include
// Prettier as a rule) and typescript-eslint's recommended rules for TypeScript and TSX.
import officeAddins from "eslint-plugin-office-addins";
import react from "eslint-plugin-react";
import tseslint from "typescript-eslint";

const tsFiles = ["**/*.{ts,tsx,mts,cts}"];

/**
 * office-addins bundles its own (older) copy of typescript-eslint; ESLint refuses two plugins under
 * one name, so its configs are pointed at the project's copy. Its rule block also stops at .ts
 * files: it is widened to .tsx so the task pane gets the same Office and Prettier rules.
 */
function withProjectTypescriptEslint(config) {
  const out = { ...config };
  if (out.plugins?.["@typescript-eslint"]) {
    out.plugins = { ...out.plugins, "@typescript-eslint": tseslint.plugin };
  }
  if (out.languageOptions?.parser) {
    out.languageOptions = { ...out.languageOptions, parser: tseslint.parser };
  }
  if (out.files?.includes("**/*.{js,mjs,cjs,ts,cts,mts}")) {
    out.files = ["**/*.{js,mjs,cjs,ts,cts,mts,tsx}"];
  }
  return out;
}

export default [
  { ignores: ["dist/**", "coverage/**", "demo/**", "test-artifacts/**", "node_modules/**"] },
  ...officeAddins.configs.react.map(withProjectTypescriptEslint),
  // The JSX runtime of tsconfig ("react-jsx") needs no React import in scope.
  react.configs.flat["jsx-runtime"],
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: config.files ?? tsFiles })),
  // office-addins pins ecmaVersion 6, which rejects modern syntax in .js/.mjs files.
  { languageOptions: { ecmaVersion: "latest", sourceType: "module" } },
  {
    files: tsFiles,
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "react/prop-types": "off",
    },
  },
];
