/** Jest: ts-jest transpiles only (isolatedModules); `npm test` runs `tsc --noEmit` first for the types. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["<rootDir>/test/**/*.test.ts", "<rootDir>/{src,schema,resolvers,datasources,sandbox}/**/*.test.ts"],
  setupFiles: ["reflect-metadata"],
  testTimeout: 30000,
};
