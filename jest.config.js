// ESM TypeScript through ts-jest, as in actions/typescript-action; type checking is `npm run typecheck`.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  verbose: false,
  // Two workers on CI's two cores: the e2e tests mostly wait on child processes and the emulator's rate limit.
  maxWorkers: 2,
  testSequencer: './__fixtures__/test-sequencer.mjs'
}
