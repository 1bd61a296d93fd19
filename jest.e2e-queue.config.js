/** Queue-mode tests: n8n main, workers and webhook processors with Postgres and Redis (test/e2e-queue). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e-queue'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 600_000,
	maxWorkers: 1,
};
