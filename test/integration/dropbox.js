// @ts-check
// One place that wires an integration test: the Dropbox stand-in behind a loopback CONNECT proxy under the real
// host names (TLS with a throwaway CA), and the Dropbox Suite node run by n8n's real execution engine.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { startDropboxStandIn, makeTestCertificates, startDropboxProxy } = require('../emulator');
const { runNode, trustTestCa, withDropboxProxy, resetSleepCalls } = require('../harness');
const { DropboxSuite } = require('../../nodes/DropboxSuite/DropboxSuite.node');
const { DropboxSuiteOAuth2Api } = require('../../credentials/DropboxSuiteOAuth2Api.credentials');

const NODE_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuite';
const CREDENTIAL_TYPE = 'dropboxSuiteOAuth2Api';

/**
 * @typedef {{ scopes?: string[] | 'all', team?: boolean, account?: string, expiresIn?: number }} TokenOptions
 */

async function startDropbox() {
	const dir = mkdtempSync(join(tmpdir(), 'dropbox-suite-certs-'));
	const certs = makeTestCertificates(dir);
	const standIn = await startDropboxStandIn({ tls: { key: certs.key, cert: certs.cert } });
	const proxy = await startDropboxProxy({ standInPort: standIn.port });
	const untrust = trustTestCa(certs.caPem);
	const unproxy = withDropboxProxy(proxy.url);
	let credentialCount = 0;

	/** A stored credential with fresh tokens from the stand-in. @param {TokenOptions} [options] */
	function credential(options = {}) {
		const tokens = standIn.issueTokens({ scopes: options.scopes ?? 'all', team: options.team, account: options.account, expiresIn: options.expiresIn });
		return {
			id: `cred-${++credentialCount}`,
			type: CREDENTIAL_TYPE,
			data: {
				clientId: 'test-app-key',
				clientSecret: 'test-app-secret',
				appType: options.team ? 'team' : 'user',
				scopePreset: 'full',
				oauthTokenData: tokens,
			},
		};
	}

	/**
	 * Runs the node once through n8n's WorkflowExecute.
	 * @param {import('n8n-workflow').INodeParameters} parameters
	 * @param {{ items?: import('n8n-workflow').INodeExecutionData[], credential?: ReturnType<typeof credential>, continueOnFail?: boolean, tokens?: TokenOptions }} [options]
	 */
	async function run(parameters, options = {}) {
		const stored = options.credential ?? credential(options.tokens);
		return await runNode({
			nodeTypes: [{ name: NODE_TYPE, type: new DropboxSuite() }],
			credentialTypes: [new DropboxSuiteOAuth2Api()],
			node: {
				type: NODE_TYPE,
				parameters,
				credentials: { [CREDENTIAL_TYPE]: { id: stored.id, name: 'Dropbox' } },
				continueOnFail: options.continueOnFail,
			},
			credentials: { [stored.id]: { type: stored.type, data: stored.data } },
			items: options.items,
		});
	}

	async function stop() {
		unproxy();
		untrust();
		await proxy.stop();
		await standIn.stop();
		rmSync(dir, { recursive: true, force: true });
	}

	/** The requests the stand-in saw for one route. @param {string} route */
	const requestsTo = (route) => standIn.requests.filter((r) => r.route === route);

	const home = () => standIn.store.personal().home_namespace_id;
	/** Writes a file straight into the personal account's Dropbox. @param {string} path @param {Buffer | string} content */
	const put = (path, content) => standIn.store.putFile(home(), path, Buffer.from(content));
	/** The bytes of a file in the personal account's Dropbox. @param {string} path */
	const read = async (path) => await standIn.store.readFile(home(), path);
	/** The entry at a path in the personal account's Dropbox, or undefined. @param {string} path */
	const lookup = (path) => standIn.store.lookup(home(), path);

	return { standIn, credential, run, stop, requestsTo, put, read, lookup };
}

/**
 * For a test file: the stand-in started once for the file and stopped after it, with its request log, injected
 * faults and the recorded sleeps cleared before each test. The returned object is filled in before the first test.
 * @returns {Awaited<ReturnType<typeof startDropbox>>}
 */
function useDropbox() {
	const handle = /** @type {Awaited<ReturnType<typeof startDropbox>>} */ ({});
	beforeAll(async () => {
		Object.assign(handle, await startDropbox());
	});
	afterAll(async () => await handle.stop());
	beforeEach(() => {
		handle.standIn.clearRequests();
		handle.standIn.clearFaults();
		resetSleepCalls();
	});
	return handle;
}

module.exports = { startDropbox, useDropbox, NODE_TYPE, CREDENTIAL_TYPE };
