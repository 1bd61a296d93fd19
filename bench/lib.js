// @ts-check
// Shared pieces of the benchmarks: the stand-in in its own process, a plain HTTPS client through the same proxy
// (the baseline), the stand-in's control surface, running the built node (dist/) in n8n's real execution engine,
// and formatting.
'use strict';

const { spawn } = require('node:child_process');
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');
const { join, resolve } = require('node:path');
const { pipeline } = require('node:stream/promises');

const MiB = 1024 * 1024;
const NODE_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuite';

/**
 * A module of the built package: dist/ of this checkout, or the build in BENCH_DIST (to measure a candidate
 * change against the current build; a copy outside the checkout needs NODE_PATH=<checkout>/node_modules, which
 * bench/transfer.js --dist sets).
 * @param {string} path inside dist, e.g. 'nodes/shared/upload'
 */
function distModule(path) {
	const dist = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(__dirname, '..', 'dist');
	return require(join(dist, path));
}

/**
 * @typedef {{ port: number, proxyUrl: string, caPem: string, tokens: { access_token: string } & Record<string, unknown> }} Target
 *   what bench/standin-process.js prints: enough for another process to reach the same stand-in
 */

/**
 * Starts bench/standin-process.js and waits for its ready line.
 * @returns {Promise<Target & { pid: number, stop: () => Promise<void> }>}
 */
async function startStandInProcess() {
	const child = spawn(process.execPath, ['--max-old-space-size=8192', join(__dirname, 'standin-process.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
	const ready = await new Promise((resolve, reject) => {
		let buffer = '';
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			const newline = buffer.indexOf('\n');
			if (newline >= 0) resolve(JSON.parse(buffer.slice(0, newline)));
		});
		child.once('exit', (code) => reject(new Error(`the stand-in process exited (${code})`)));
	});
	return {
		...ready,
		pid: /** @type {number} */ (child.pid),
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

/**
 * One plain HTTPS request to a Dropbox host through the CONNECT proxy, as a plain client would send it: a
 * tunnel, TLS, one POST with the body as given, no retries, no hashing.
 * With `sink`, a 200 response body is piped into it (with backpressure) instead of being collected.
 * @param {Pick<Target, 'proxyUrl' | 'caPem'>} target
 * @param {{ host: string, path: string, headers: Record<string, string>, body?: Buffer | string, sink?: import('node:stream').Writable }} request
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string }>}
 */
function rawRequest(target, request) {
	const proxy = new URL(target.proxyUrl);
	return new Promise((resolve, reject) => {
		const connect = http.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${request.host}:443` });
		connect.once('connect', (_res, socket) => {
			const secure = tls.connect({ socket, servername: request.host, ca: target.caPem });
			const req = http.request(
				{ createConnection: () => secure, host: request.host, path: request.path, method: 'POST', headers: { Host: request.host, ...request.headers } },
				(res) => {
					const status = res.statusCode ?? 0;
					/** @param {string} text */
					const done = (text) => {
						secure.end();
						resolve({ status, headers: res.headers, text });
					};
					if (request.sink && status === 200) {
						pipeline(res, request.sink).then(() => done(''), reject);
						return;
					}
					/** @type {Buffer[]} */
					const chunks = [];
					res.on('data', (chunk) => chunks.push(chunk));
					res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
					res.once('error', reject);
				},
			);
			req.once('error', reject);
			req.end(request.body);
		});
		connect.once('error', reject);
		connect.end();
	});
}

/**
 * A Dropbox call with the plain client: rpc-style (JSON body) unless `content` is given (upload-style).
 * Throws on anything but 200; returns the parsed JSON answer.
 * @param {Target} target @param {string} route @param {unknown} arg @param {Buffer} [content]
 */
async function plainCall(target, route, arg, content) {
	const auth = { Authorization: `Bearer ${target.tokens.access_token}` };
	const answer = content
		? await rawRequest(target, {
				host: 'content.dropboxapi.com',
				path: `/2/${route}`,
				headers: { ...auth, 'Content-Type': 'application/octet-stream', 'Dropbox-API-Arg': JSON.stringify(arg) },
				body: content,
			})
		: await rawRequest(target, { host: 'api.dropboxapi.com', path: `/2/${route}`, headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(arg) });
	if (answer.status !== 200) throw new Error(`${route}: ${answer.status} ${answer.text}`);
	return JSON.parse(answer.text);
}

/**
 * A client for setting up test data fast: keep-alive connections straight to the stand-in (no proxy, which is
 * fine for data that is not measured), the Host header naming the Dropbox host. Same answers as plainCall.
 * @param {Target} target
 * @returns {{ call: (route: string, arg: unknown, content?: Buffer) => Promise<any>, close: () => void }}
 */
function setupClient(target) {
	const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca: target.caPem });
	/** @param {string} route @param {unknown} arg @param {Buffer} [content] @returns {Promise<any>} */
	const call = (route, arg, content) =>
		new Promise((resolve, reject) => {
			const host = content ? 'content.dropboxapi.com' : 'api.dropboxapi.com';
			const headers = content
				? { 'Content-Type': 'application/octet-stream', 'Dropbox-API-Arg': JSON.stringify(arg) }
				: { 'Content-Type': 'application/json' };
			const req = https.request(
				{ host: '127.0.0.1', port: target.port, servername: host, path: `/2/${route}`, method: 'POST', agent, headers: { Host: host, Authorization: `Bearer ${target.tokens.access_token}`, ...headers } },
				(res) => {
					/** @type {Buffer[]} */
					const chunks = [];
					res.on('data', (chunk) => chunks.push(chunk));
					res.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						if (res.statusCode !== 200) reject(new Error(`${route}: ${res.statusCode} ${text}`));
						else resolve(JSON.parse(text));
					});
				},
			);
			req.once('error', reject);
			req.end(content ?? JSON.stringify(arg));
		});
	return { call, close: () => agent.destroy() };
}

/**
 * POST /__standin/<action> straight to the stand-in (it answers on any Host, and its certificate names 127.0.0.1).
 * @param {Target} target @param {string} action @param {unknown} [body]
 */
function control(target, action, body = {}) {
	return new Promise((resolve, reject) => {
		const req = https.request(
			{ host: '127.0.0.1', port: target.port, path: `/__standin/${action}`, method: 'POST', ca: target.caPem, headers: { 'Content-Type': 'application/json' }, agent: false },
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					if (res.statusCode !== 200) reject(new Error(`stand-in ${action}: ${res.statusCode} ${text}`));
					else resolve(JSON.parse(text));
				});
			},
		);
		req.once('error', reject);
		req.end(JSON.stringify(body));
	});
}

/**
 * Runs the built Dropbox Suite node once in n8n's execution engine (test/harness) with the stand-in's tokens.
 * The caller must have called trustTestCa and withDropboxProxy. Throws the node's error, if any.
 * @param {Target} target @param {import('n8n-workflow').INodeParameters} parameters @param {import('n8n-workflow').INodeExecutionData[]} [items]
 */
async function runDropboxSuite(target, parameters, items) {
	const { runNode } = require('../test/harness');
	const { DropboxSuite } = distModule('nodes/DropboxSuite/DropboxSuite.node');
	const { DropboxSuiteOAuth2Api } = distModule('credentials/DropboxSuiteOAuth2Api.credentials');
	const result = await runNode({
		nodeTypes: [{ name: NODE_TYPE, type: new DropboxSuite() }],
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		node: { type: NODE_TYPE, parameters, credentials: { dropboxSuiteOAuth2Api: { id: 'bench', name: 'Dropbox' } } },
		credentials: {
			bench: {
				type: 'dropboxSuiteOAuth2Api',
				data: { clientId: 'test-app-key', clientSecret: 'test-app-secret', appType: 'user', scopePreset: 'full', oauthTokenData: /** @type {any} */ (target.tokens) },
			},
		},
		items,
	});
	if (result.error) throw result.error;
	return result;
}

/** @type {number | undefined} */
let clockTicks;
/**
 * CPU time (user + system, all threads) a process has used so far, from /proc; undefined where there is no /proc.
 * @param {number} pid
 */
function processCpuSeconds(pid) {
	try {
		clockTicks ??= Number(require('node:child_process').execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
		const stat = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / clockTicks;
	} catch {
		return undefined;
	}
}

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const fmt = {
	/** @param {number} bytes */
	mib: (bytes) => `${(bytes / MiB).toFixed(1)} MiB`,
	/** @param {number} bytes @param {number} seconds */
	rate: (bytes, seconds) => `${(bytes / MiB / seconds).toFixed(0)} MiB/s`,
	/** @param {number} x */
	ratio: (x) => x.toFixed(2),
	/** @param {number} seconds */
	seconds: (seconds) => `${seconds.toFixed(2)} s`,
};

module.exports = { MiB, NODE_TYPE, distModule, startStandInProcess, rawRequest, plainCall, setupClient, control, runDropboxSuite, processCpuSeconds, median, fmt };
