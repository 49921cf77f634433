/**
 * Tests mirror src/. Files named *.int.test.ts talk to moto_server and the Slack test server;
 * they share one moto server, so they run in band. Everything else is a unit test.
 */
// The AWS SDK warns under Node 20 that its 2027 versions need Node 22 (the README says so once);
// set here, before any worker starts, so every project's run is quiet, not only test:integration.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `.txt` modules are strings, as esbuild's text loader makes them (the price snapshot).
const tsJest = { '^.+\\.ts$': ['ts-jest', {}], '^.+\\.txt$': '<rootDir>/test/support/text-transform.js' };

module.exports = {
  // A global option: set inside a project it is not applied (integration tests then got 5 s).
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/support/moto-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/moto-global-teardown.ts',
      testTimeout: 30000,
    },
  ],
};
