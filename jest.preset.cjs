// Shared Jest settings for every project. Sources are TypeScript, compiled by SWC on the fly;
// workspace packages resolve to their `src/` through the `@herald/source` export condition, so
// tests never need a prior build.
const swcOptions = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: false },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironmentOptions: {
    customExportConditions: ['@herald/source', 'node', 'require', 'default'],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  setupFiles: ['reflect-metadata'],
  clearMocks: true,
};
