/** Unit tests run in parallel; integration tests share one moto server, so they run in band. */
const tsJest = { '^.+\\.ts$': ['ts-jest', {}] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/moto-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/moto-global-teardown.ts',
      testTimeout: 30000,
    },
  ],
};
