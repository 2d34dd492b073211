/** Jest runs every offline test: unit, property, LibreOffice oracle, contract and browser suites. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": [
      "ts-jest",
      {
        tsconfig: { module: "commonjs", moduleResolution: "node", jsx: "react-jsx", isolatedModules: true },
        diagnostics: { ignoreCodes: [151002] },
      },
    ],
  },
  testTimeout: 120000,
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.cjs"],
};
