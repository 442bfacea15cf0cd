// Three projects: unit tests sit next to the code; integration and end-to-end tests
// run against the real Kafka, Postgres and Redis started by scripts/stack.sh.
const moduleNameMapper = {
  '^@tandem/(contracts|messaging|persistence|config|observability|auth|platform|testing|text)$':
    '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const stack = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/long-timeouts.ts'],
};
const common = { rootDir: __dirname, moduleNameMapper, transform, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...common,
      ...stack,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
    },
    {
      ...common,
      ...stack,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
