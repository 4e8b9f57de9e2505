/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // examples/ is run too: its jest example must keep working (README, "Use it from code")
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  // Type checking is done once by `npm run typecheck`; jest only transpiles.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The examples import the package by its name, as a user's code does; here it is the source.
  moduleNameMapper: { '^kscenario$': '<rootDir>/src/index.ts', '^kscenario/jest$': '<rootDir>/src/jest.ts' },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
