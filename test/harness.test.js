// @ts-check
/**
 * Proves the harness: a tiny node runs through n8n-core's real engine, OAuth2 code and HTTP stack
 * against a local HTTPS server (certificate from a throwaway CA) reached through a local CONNECT
 * proxy, as n8n would reach api.dropboxapi.com through HTTPS_PROXY.
 */
'use strict';

const { once } = require('node:events');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const path = require('node:path');

const n8nWorkflow = require('n8n-workflow');

const {
	binaryItem,
	binaryItemFromFile,
	makeTestCertificates,
	mockSleep,
	resetSleepCalls,
	runNode,
	sleepCalls,
	trustTestCa,
	withDropboxProxy,
} = require('./harness');

const { NodeApiError, NodeConnectionTypes, NodeOperationError } = n8nWorkflow;

/**
 * @typedef {import('./harness').RunNodeOptions} RunNodeOptions
 * @typedef {import('n8n-workflow').ICredentialType} ICredentialType
 * @typedef {import('n8n-workflow').IExecuteFunctions} IExecuteFunctions
 * @typedef {import('n8n-workflow').INodeType} INodeType
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 */

mockSleep();

/** @implements {ICredentialType} */
class TestOAuth2Api {
	name = 'testOAuth2Api';

	displayName = 'Test OAuth2 API';

	extends = ['oAuth2Api'];

	/** @type {import('n8n-workflow').INodeProperties[]} */
	properties = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://www.dropbox.com/oauth2/authorize',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://api.dropboxapi.com/oauth2/token',
		},
		{
			displayName: 'Scope Preset',
			name: 'scopePreset',
			type: 'options',
			options: [
				{ name: 'Read', value: 'read' },
				{ name: 'All', value: 'all' },
			],
			default: 'read',
		},
		// Like the real credential: a hidden scope computed from the visible choice.
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default:
				'={{ $self["scopePreset"] === "all" ? "files.content.read files.content.write" : "files.content.read" }}',
		},
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
	];
}

/** @param {AsyncIterable<Buffer | string>} stream */
async function readAll(stream) {
	const chunks = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

/** @implements {INodeType} */
class TestNode {
	/** @type {import('n8n-workflow').INodeTypeDescription} */
	description = {
		displayName: 'Harness Test',
		name: 'harnessTest',
		group: ['transform'],
		version: 1,
		description: 'Exercises the harness',
		defaults: { name: 'Harness Test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'testOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Check User', value: 'checkUser' },
					{ name: 'Copy Binary', value: 'copyBinary' },
					{ name: 'Scope', value: 'scope' },
					{ name: 'Wait', value: 'wait' },
				],
				default: 'checkUser',
			},
		],
	};

	/** @this {IExecuteFunctions} */
	async execute() {
		const items = this.getInputData();
		/** @type {INodeExecutionData[]} */
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const operation = /** @type {string} */ (this.getNodeParameter('operation', i));
			try {
				if (operation === 'checkUser') {
					const response = await this.helpers.httpRequestWithAuthentication.call(
						this,
						'testOAuth2Api',
						{
							method: 'POST',
							url: 'https://api.dropboxapi.com/2/check/user',
							body: { query: 'x' },
							json: true,
						},
					);
					out.push({ json: response, pairedItem: { item: i } });
				} else if (operation === 'copyBinary') {
					const binaryData = this.helpers.assertBinaryData(i, 'data');
					const id = /** @type {string} */ (binaryData.id);
					const text = (await readAll(await this.helpers.getBinaryStream(id))).toString();
					const metadata = await this.helpers.getBinaryMetadata(id);
					const copy = await this.helpers.prepareBinaryData(
						await this.helpers.getBinaryStream(id),
						`copy-${metadata.fileName}`,
						'text/plain',
					);
					out.push({
						json: { text, fileName: metadata.fileName },
						binary: { data: copy },
						pairedItem: { item: i },
					});
				} else if (operation === 'scope') {
					const credentials = await this.getCredentials('testOAuth2Api');
					out.push({ json: { scope: credentials.scope }, pairedItem: { item: i } });
				} else {
					// Read off the module at call time, as TypeScript compiles `import { sleep }` in
					// the node's code: so mockSleep's spy is what runs.
					await n8nWorkflow.sleep(1500);
					await n8nWorkflow.sleep(250);
					out.push({ json: { waited: true }, pairedItem: { item: i } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				// Wrapping an error in its own class returns it unchanged (httpCode and all); a
				// NodeOperationError around a NodeApiError would drop them.
				if (error instanceof NodeApiError) {
					throw new NodeApiError(this.getNode(), /** @type {any} */ (error));
				}
				throw new NodeOperationError(this.getNode(), error, { itemIndex: i });
			}
		}
		return [out];
	}
}

// ---- a tiny api.dropboxapi.com and a CONNECT proxy in front of it ----

/**
 * @typedef {{ method: string, path: string, headers: http.IncomingHttpHeaders, body: string }} SeenRequest
 * @typedef {{ status: number, body: unknown }} Reply
 */

/** @type {SeenRequest[]} */
const seen = [];
/** @type {string[]} */
const connects = [];
/** @type {Array<(request: SeenRequest) => Reply | undefined>} */
let replies = [];

const certs = makeTestCertificates(['api.dropboxapi.com', 'content.dropboxapi.com']);
const server = https.createServer({ key: certs.serverKey, cert: certs.serverCert }, (req, res) => {
	let body = '';
	req.on('data', (chunk) => (body += chunk));
	req.on('end', () => {
		const request = {
			method: String(req.method),
			path: String(req.url),
			headers: req.headers,
			body,
		};
		seen.push(request);
		// The first scripted reply that answers this request is used up.
		/** @type {Reply | undefined} */
		let reply;
		const index = replies.findIndex((reply_) => (reply = reply_(request)) !== undefined);
		if (index >= 0) replies.splice(index, 1);
		reply ??= {
			status: 200,
			body: { result: request.body ? JSON.parse(request.body).query : null },
		};
		res
			.writeHead(reply.status, { 'content-type': 'application/json' })
			.end(JSON.stringify(reply.body));
	});
});
const proxy = http.createServer((_req, res) => res.writeHead(405).end());
// Tunnelled sockets leave the http server's books (and n8n's agents keep them alive): track them to close.
/** @type {Set<import('node:stream').Duplex>} */
const tunnels = new Set();
proxy.on('connect', (req, client, head) => {
	connects.push(String(req.url));
	tunnels.add(client);
	client.on('close', () => tunnels.delete(client));
	// Whatever host was asked for, hand the tunnel to the local server.
	const { port } = /** @type {net.AddressInfo} */ (server.address());
	const upstream = net.connect(port, '127.0.0.1', () => {
		client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		upstream.write(head);
		upstream.pipe(client).pipe(upstream);
	});
	upstream.on('error', () => client.destroy());
	client.on('error', () => upstream.destroy());
});

/** @type {() => void} */
let restoreProxy;
/** @type {() => void} */
let untrustCa;

beforeAll(async () => {
	server.listen(0, '127.0.0.1');
	proxy.listen(0, '127.0.0.1');
	await Promise.all([once(server, 'listening'), once(proxy, 'listening')]);
	const { port } = /** @type {net.AddressInfo} */ (proxy.address());
	restoreProxy = withDropboxProxy(`http://127.0.0.1:${port}`);
	untrustCa = trustTestCa(certs.caCert);
});

afterAll(async () => {
	restoreProxy();
	untrustCa();
	for (const socket of tunnels) socket.destroy();
	server.closeAllConnections();
	await Promise.all([
		new Promise((resolve) => server.close(resolve)),
		new Promise((resolve) => proxy.close(resolve)),
	]);
	fs.rmSync(certs.dir, { recursive: true, force: true });
});

beforeEach(() => {
	seen.length = 0;
	connects.length = 0;
	replies = [];
	resetSleepCalls();
});

/**
 * @param {string} operation
 * @param {Partial<RunNodeOptions>} [extra]
 * @returns {RunNodeOptions}
 */
function options(operation, extra = {}) {
	return {
		nodeTypes: [{ name: 'n8n-nodes-test.harnessTest', type: new TestNode() }],
		credentialTypes: [new TestOAuth2Api()],
		node: {
			type: 'n8n-nodes-test.harnessTest',
			parameters: { operation },
			credentials: { testOAuth2Api: { id: 'cred-1', name: 'Test account' } },
		},
		credentials: {
			'cred-1': {
				type: 'testOAuth2Api',
				data: {
					clientId: 'client-id',
					clientSecret: 'client-secret',
					scopePreset: 'all',
					oauthTokenData: {
						access_token: 'old-token',
						refresh_token: 'refresh-1',
						token_type: 'bearer',
					},
				},
			},
		},
		...extra,
	};
}

test('signs the request with the stored token and sends it through the proxy', async () => {
	const result = await runNode(options('checkUser'));

	expect(result.error).toBeUndefined();
	expect(result.items).toEqual([{ json: { result: 'x' }, pairedItem: { item: 0 } }]);
	expect(connects).toEqual(['api.dropboxapi.com:443']);
	expect(seen).toHaveLength(1);
	expect(seen[0]).toMatchObject({ method: 'POST', path: '/2/check/user', body: '{"query":"x"}' });
	expect(seen[0].headers.authorization).toBe('Bearer old-token');
});

test('the TLS certificate is really verified: without the test CA the request fails', async () => {
	untrustCa();
	try {
		const result = await runNode(options('checkUser'));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(JSON.stringify(result.error?.cause ?? result.error)).toMatch(/certificate/i);
		expect(seen).toHaveLength(0);
	} finally {
		untrustCa = trustTestCa(certs.caCert);
	}
});

test('applies credential defaults and resolves the hidden scope expression', async () => {
	const result = await runNode(options('scope'));
	expect(result.items[0].json).toEqual({ scope: 'files.content.read files.content.write' });
});

test('on a 401 refreshes the token through n8n-core, retries with it and stores it', async () => {
	replies.push((r) =>
		r.path === '/2/check/user'
			? { status: 401, body: { error_summary: 'expired_access_token/' } }
			: undefined,
	);
	replies.push((r) =>
		r.path === '/oauth2/token'
			? {
					status: 200,
					body: { access_token: 'new-token', token_type: 'bearer', expires_in: 14400 },
				}
			: undefined,
	);

	const result = await runNode(options('checkUser'));

	expect(result.error).toBeUndefined();
	expect(seen.map((r) => r.path)).toEqual(['/2/check/user', '/oauth2/token', '/2/check/user']);
	expect(connects).toEqual([
		'api.dropboxapi.com:443',
		'api.dropboxapi.com:443',
		'api.dropboxapi.com:443',
	]);
	const tokenRequest = new URLSearchParams(seen[1].body);
	expect(tokenRequest.get('grant_type')).toBe('refresh_token');
	expect(tokenRequest.get('refresh_token')).toBe('refresh-1');
	expect(seen[1].headers.authorization).toBe(
		`Basic ${Buffer.from('client-id:client-secret').toString('base64')}`,
	);
	expect(seen[2].headers.authorization).toBe('Bearer new-token');
	expect(result.items[0].json).toEqual({ result: 'x' });
	expect(result.credentials['cred-1'].oauthTokenData).toMatchObject({
		access_token: 'new-token',
		refresh_token: 'refresh-1',
	});
});

test('a 409 surfaces as the NodeApiError n8n-core threw', async () => {
	const conflict = { error_summary: 'path/not_found/..', error: { '.tag': 'path' } };
	replies.push(() => ({ status: 409, body: conflict }));

	const result = await runNode(options('checkUser'));

	expect(result.error).toBeInstanceOf(NodeApiError);
	const error = /** @type {import('n8n-workflow').NodeApiError} */ (result.error);
	expect(error.httpCode).toBe('409');
	// n8n's wording for a 4xx; the status and Dropbox's body stay on the error.
	expect(error.message).toBe('Your request is invalid or could not be processed by the service');
	expect(error.description).toBe('Request failed with status code 409');
	expect(error.context.data).toEqual(conflict);
	expect(result.items).toEqual([]);
	expect(result.run.status).toBe('error');
});

test('with continueOnFail the error becomes an item', async () => {
	replies.push(() => ({ status: 409, body: { error_summary: 'path/not_found/..' } }));
	const base = options('checkUser');

	const result = await runNode({ ...base, node: { ...base.node, continueOnFail: true } });

	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json.error).toEqual(expect.any(String));
});

test('binary input is readable as a stream in the node; streamed binary output is readable after', async () => {
	const input = await binaryItem('hello from the harness', 'hello.txt', 'text/plain');
	expect(input.binary?.data.id).toEqual(expect.any(String));

	const result = await runNode(options('copyBinary', { items: [input] }));

	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toEqual({ text: 'hello from the harness', fileName: 'hello.txt' });
	expect(result.items[0].binary?.data).toMatchObject({
		fileName: 'copy-hello.txt',
		mimeType: 'text/plain',
	});
	expect((await result.binary(result.items[0])).toString()).toBe('hello from the harness');
});

test('a binary input can also be streamed in from a file', async () => {
	const content = Buffer.alloc(256 * 1024, 'abc');
	const file = path.join(certs.dir, 'big.txt');
	fs.writeFileSync(file, content);

	const result = await runNode(
		options('copyBinary', { items: [await binaryItemFromFile(file, 'big.txt', 'text/plain')] }),
	);

	expect(result.error).toBeUndefined();
	expect((await result.binary(result.items[0])).equals(content)).toBe(true);
});

test('sleep is recorded and instant', async () => {
	const started = Date.now();

	const result = await runNode(options('wait'));

	expect(result.items[0].json).toEqual({ waited: true });
	expect(result.sleeps).toEqual([1500, 250]);
	expect(sleepCalls()).toEqual([1500, 250]);
	expect(Date.now() - started).toBeLessThan(1500);
});
