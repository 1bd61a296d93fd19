// @ts-check
/**
 * The pieces of n8n-core's process-wide state a workflow run needs, set up once per jest test file:
 * a throwaway n8n user folder, a silent logger, and the BinaryDataService in filesystem mode.
 */
'use strict';

const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { BinaryDataConfig, BinaryDataService } = require('n8n-core');
const { LoggerProxy } = require('n8n-workflow');

// n8n-core 2.41 ships its own copies of @n8n/di, @n8n/backend-common, @n8n/config and
// @n8n/backend-network under node_modules/n8n-core/node_modules. The top-level @n8n/di is another
// version with another Container that n8n-core never reads, so requiring '@n8n/di' here would set
// up the wrong container. Load those packages the way n8n-core resolves them.
const corePaths = [path.dirname(require.resolve('n8n-core'))];

/**
 * `require` as n8n-core sees it (jest's require, so the module instances are the ones n8n-core uses).
 * @param {string} id
 */
function requireFromCore(id) {
	return require(require.resolve(id, { paths: corePaths }));
}

const { Container } = requireFromCore('@n8n/di');
const { Logger } = requireFromCore('@n8n/backend-common');

/** A logger that drops everything: n8n logs node errors and OAuth refreshes, which is noise in tests. */
const silentLogger = {
	error() {},
	warn() {},
	info() {},
	debug() {},
	scoped() {
		return silentLogger;
	},
};

/** @type {string | undefined} */
let rootDir;
/** @type {Promise<void> | undefined} */
let ready;
const ENV_VARS = ['N8N_USER_FOLDER', 'N8N_ENCRYPTION_KEY'];
/** @type {Map<string, string | undefined>} */
const savedEnv = new Map();

// Clean the temp folder when the test file ends. Hooks can only be registered while jest collects
// the file (not inside a test), which is when this module is first required.
if (typeof afterAll === 'function') {
	afterAll(() => {
		if (rootDir) fs.rmSync(rootDir, { recursive: true, force: true });
		// process.env is shared with the next test file in this worker and with child processes.
		for (const [name, value] of savedEnv) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		savedEnv.clear();
		rootDir = undefined;
		ready = undefined;
	});
}

async function setUp() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
	rootDir = dir;
	// InstanceSettings writes <N8N_USER_FOLDER>/.n8n/config (an encryption key) on first use;
	// keep that out of the real home folder.
	for (const name of ENV_VARS) savedEnv.set(name, process.env[name]);
	process.env.N8N_USER_FOLDER = dir;
	process.env.N8N_ENCRYPTION_KEY ??= randomBytes(24).toString('base64');

	Container.set(Logger, silentLogger);
	LoggerProxy.init(/** @type {any} */ (silentLogger));

	const binaryDataConfig = Container.get(BinaryDataConfig);
	binaryDataConfig.mode = 'filesystem';
	binaryDataConfig.localStoragePath = path.join(dir, 'binary-data');
	await Container.get(BinaryDataService).init();
}

/** Idempotent. Must run before anything asks n8n-core's container for InstanceSettings. */
async function ensureEngine() {
	ready ??= setUp();
	await ready;
}

/** @returns {import('n8n-core').BinaryDataService} */
function binaryDataService() {
	return Container.get(BinaryDataService);
}

const BASE = 'http://127.0.0.1:5678';

/**
 * The parts of IWorkflowExecuteAdditionalData a node run reaches, for one execution.
 * @param {{ credentialsHelper: unknown, hooks: unknown, executionId: string, workflowId: string }} parts
 * @returns {any}
 */
function additionalDataFor({ credentialsHelper, hooks, executionId, workflowId }) {
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE}/rest`,
		instanceBaseUrl: `${BASE}/`,
		formBaseUrl: `${BASE}/form`,
		formWaitingBaseUrl: `${BASE}/form-waiting`,
		formTestBaseUrl: `${BASE}/form-test`,
		webhookBaseUrl: `${BASE}/webhook`,
		webhookWaitingBaseUrl: `${BASE}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE}/webhook-test`,
		mcpBaseUrl: `${BASE}/mcp`,
		mcpTestBaseUrl: `${BASE}/mcp-test`,
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('executeWorkflow is not available in the harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the harness');
		},
	};
}

module.exports = { Container, requireFromCore, ensureEngine, binaryDataService, additionalDataFor };
