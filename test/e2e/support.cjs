// Plumbing the e2e tests need that the TypeScript tests may not hold themselves (Node built-ins, timers, process
// groups): Dropbox API calls to the stand-in under the real host names, reading a temporary link, restarting the
// n8n server of a running instance on the same user folder, and a look inside ZIP files.
'use strict';
const https = require('node:https');
const { once } = require('node:events');

/**
 * One HTTPS request to the stand-in (127.0.0.1:<port>) as if to a Dropbox host: SNI and Host are the real name,
 * the certificate is checked against the test CA.
 * @param {{ port: number, caPem: string }} target
 * @param {{ host: string, path: string, method?: string, headers?: Record<string, string>, body?: Buffer | string }} request
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }>}
 */
function standInRequest(target, request) {
	return new Promise((resolve, reject) => {
		const req = https.request(
			{
				host: '127.0.0.1',
				port: target.port,
				servername: request.host,
				ca: target.caPem,
				method: request.method ?? 'POST',
				path: request.path,
				agent: false,
				headers: { Host: request.host, ...request.headers },
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(request.body);
	});
}

/** JSON with every character from U+007F upward escaped, as Dropbox-API-Arg needs. @param {unknown} value */
const headerSafe = (value) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * files/upload through the stand-in's HTTP API (as any Dropbox client would), with `token`.
 * @param {{ port: number, caPem: string }} target @param {string} token @param {string} path
 * @param {Buffer | string} content
 * @returns {Promise<Record<string, unknown>>} the FileMetadata
 */
async function uploadByApi(target, token, path, content, mode = 'add') {
	const answer = await standInRequest(target, {
		host: 'content.dropboxapi.com',
		path: '/2/files/upload',
		headers: {
			Authorization: `Bearer ${token}`,
			'Content-Type': 'application/octet-stream',
			'Dropbox-API-Arg': headerSafe({ path, mode }),
		},
		body: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
	});
	if (answer.status !== 200) throw new Error(`files/upload ${path}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
	return JSON.parse(answer.body.toString('utf8'));
}

/**
 * One RPC route (api host) through the stand-in's HTTP API, with `token`, as any Dropbox client would call it.
 * @param {{ port: number, caPem: string }} target @param {string} token @param {string} route e.g. "files/move_v2"
 * @param {unknown} arg
 * @returns {Promise<Record<string, unknown>>} the route's result
 */
async function rpcByApi(target, token, route, arg) {
	const answer = await standInRequest(target, {
		host: 'api.dropboxapi.com',
		path: `/2/${route}`,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(arg),
	});
	if (answer.status !== 200) throw new Error(`${route}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
	return JSON.parse(answer.body.toString('utf8'));
}

/**
 * GETs a temporary link (https://content.dropboxapi.com/cd/0/get/<token>/file) from the stand-in.
 * @param {{ port: number, caPem: string }} target @param {string} link
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }>}
 */
async function fetchTemporaryLink(target, link) {
	const url = new URL(link);
	return await standInRequest(target, { host: url.hostname, path: url.pathname + url.search, method: 'GET' });
}

/**
 * Stops the n8n server of a running instance (SIGTERM to its process group, SIGKILL after `graceMs`), leaving the
 * stand-in and the proxy running. Resolves with how long it took.
 * @param {any} instance an N8nInstance from scripts/n8n.cjs
 */
async function stopServer(instance, graceMs = 15_000) {
	const child = instance.server;
	if (!child) throw new Error('n8n is not running');
	const started = Date.now();
	if (child.exitCode === null && child.signalCode === null) {
		const exited = once(child, 'exit');
		process.kill(-child.pid, 'SIGTERM');
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}, graceMs);
		await exited;
		clearTimeout(timer);
	}
	try {
		process.kill(-child.pid, 'SIGKILL'); // helpers (the task runner) of the exited leader
	} catch {
		// none left
	}
	instance.server = null;
	return Date.now() - started;
}

/**
 * Starts `n8n start` again on the same user folder (database, static data, credentials) and logs in again.
 * Resolves with how long it took until n8n was ready.
 * @param {any} instance
 */
async function startServer(instance) {
	const started = Date.now();
	await instance.startServer();
	await instance.login();
	return Date.now() - started;
}

/**
 * Kills n8n at once (SIGKILL to its process group, as a crash or an OOM kill would), from within whatever this
 * process is doing; resolves once it is gone. Start it again with startServer.
 * @param {import('../../scripts/n8n.cjs').N8nInstance} instance
 */
function crashServer(instance) {
	const child = instance.server;
	if (!child) throw new Error('n8n is not running');
	const exited = child.exitCode === null && child.signalCode === null ? once(child, 'exit') : Promise.resolve();
	try {
		process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
	} catch {
		// gone already
	}
	instance.server = null;
	return exited.then(() => undefined);
}

/** @param {number} ms @returns {Promise<void>} */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Names of the entries in a ZIP file, read from its central directory (found from the end record). @param {Buffer} zip */
function zipEntryNames(zip) {
	let end = -1;
	for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
		if (zip.readUInt32LE(i) === 0x06054b50) {
			end = i;
			break;
		}
	}
	if (end < 0) throw new Error('not a ZIP file (no end of central directory)');
	const count = zip.readUInt16LE(end + 10);
	let offset = zip.readUInt32LE(end + 16);
	const names = [];
	for (let n = 0; n < count; n++) {
		if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`broken central directory at ${offset}`);
		const nameLength = zip.readUInt16LE(offset + 28);
		const extraLength = zip.readUInt16LE(offset + 30);
		const commentLength = zip.readUInt16LE(offset + 32);
		names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return names;
}

module.exports = { standInRequest, uploadByApi, rpcByApi, fetchTemporaryLink, stopServer, startServer, crashServer, sleep, zipEntryNames };
