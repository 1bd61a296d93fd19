// @ts-check
// Upload and download of large generated files through the Dropbox Suite node (built, in n8n's real execution
// engine, through the proxy and TLS like in n8n) against the stand-in, compared with a plain HTTPS client sending
// the same bytes to the same stand-in in the same run. Prints throughput ratios and peak memory above baseline.
// Run: npm run build && node --expose-gc bench/transfer.js [sizes in MiB, default 256 1024]
const { openSync, readSync, closeSync, writeSync, mkdtempSync, rmSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { MiB, startStandInProcess, rawRequest, measure, fmt } = require('./lib');
const { runNode, binaryItemFromFile, trustTestCa, withDropboxProxy } = require('../test/harness');
const { DropboxSuite } = require('../dist/nodes/DropboxSuite/DropboxSuite.node');
const { DropboxSuiteOAuth2Api } = require('../dist/credentials/DropboxSuiteOAuth2Api.credentials');

const CHUNK = 16 * MiB;
const NODE_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuite';

function generateFile(path, bytes) {
	const block = randomBytes(CHUNK);
	const fd = openSync(path, 'w');
	for (let written = 0, n = 0; written < bytes; n++) {
		block.writeUInt32LE(n, 0);
		const take = Math.min(CHUNK, bytes - written);
		writeSync(fd, block, 0, take);
		written += take;
	}
	closeSync(fd);
}

/** The baseline upload: an upload session with the same chunk size, bytes read from disk, nothing else. */
async function rawUpload(target, file, bytes, path) {
	const fd = openSync(file, 'r');
	const chunk = Buffer.allocUnsafe(CHUNK);
	const auth = { Authorization: `Bearer ${target.tokens.access_token}`, 'Content-Type': 'application/octet-stream' };
	const call = async (route, arg, body) => {
		const answer = await rawRequest(target, { host: 'content.dropboxapi.com', path: `/2/${route}`, headers: { ...auth, 'Dropbox-API-Arg': JSON.stringify(arg) }, body });
		if (answer.status !== 200) throw new Error(`${route}: ${answer.status} ${answer.text}`);
		return JSON.parse(answer.text);
	};
	let offset = 0;
	let sessionId;
	while (offset + CHUNK < bytes) {
		readSync(fd, chunk, 0, CHUNK, offset);
		if (sessionId === undefined) ({ session_id: sessionId } = await call('files/upload_session/start', { close: false }, chunk));
		else await call('files/upload_session/append_v2', { cursor: { session_id: sessionId, offset }, close: false }, chunk);
		offset += CHUNK;
	}
	const rest = Buffer.allocUnsafe(bytes - offset);
	readSync(fd, rest, 0, rest.length, offset);
	closeSync(fd);
	return await call('files/upload_session/finish', { cursor: { session_id: sessionId, offset }, commit: { path, mode: 'overwrite' } }, rest);
}

/** The baseline download: the response streamed into a file. */
async function rawDownload(target, path, file) {
	const fd = openSync(file, 'w');
	const answer = await rawRequest(target, {
		host: 'content.dropboxapi.com',
		path: '/2/files/download',
		headers: { Authorization: `Bearer ${target.tokens.access_token}`, 'Dropbox-API-Arg': JSON.stringify({ path }) },
		onData: (chunk) => writeSync(fd, chunk),
	});
	closeSync(fd);
	if (answer.status !== 200) throw new Error(`download: ${answer.status}`);
}

async function runDropboxSuite(target, parameters, items) {
	const result = await runNode({
		nodeTypes: [{ name: NODE_TYPE, type: new DropboxSuite() }],
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		node: { type: NODE_TYPE, parameters, credentials: { dropboxSuiteOAuth2Api: { id: 'bench', name: 'Dropbox' } } },
		credentials: { bench: { type: 'dropboxSuiteOAuth2Api', data: { clientId: 'test-app-key', clientSecret: 'test-app-secret', appType: 'user', scopePreset: 'full', oauthTokenData: target.tokens } } },
		items,
	});
	if (result.error) throw result.error;
	return result;
}

async function main() {
	const sizes = process.argv.slice(2).map(Number).filter(Boolean);
	const target = await startStandInProcess();
	const untrust = trustTestCa(target.caPem);
	const unproxy = withDropboxProxy(target.proxyUrl);
	const dir = mkdtempSync(join(tmpdir(), 'dropbox-suite-transfer-'));
	const rows = [];
	try {
		for (const mib of sizes.length ? sizes : [256, 1024]) {
			const bytes = mib * MiB;
			const file = join(dir, `data-${mib}.bin`);
			generateFile(file, bytes);
			const item = await binaryItemFromFile(file, `data-${mib}.bin`);

			const rawUp = await measure(() => rawUpload(target, file, bytes, `/bench/raw-${mib}.bin`));
			const nodeUp = await measure(() => runDropboxSuite(target, { resource: 'file', operation: 'upload', path: `/bench/node-${mib}.bin`, options: { mode: 'overwrite' } }, [item]));
			if (nodeUp.result.items[0].json.size !== bytes) throw new Error('the node uploaded a different size');
			const rawDown = await measure(() => rawDownload(target, `/bench/raw-${mib}.bin`, join(dir, 'raw-download.bin')));
			const nodeDown = await measure(() => runDropboxSuite(target, { resource: 'file', operation: 'download', file: { __rl: true, mode: 'path', value: `/bench/node-${mib}.bin` } }));
			rmSync(join(dir, 'raw-download.bin'), { force: true });
			rmSync(file, { force: true });
			rows.push({ mib, rawUp, nodeUp, rawDown, nodeDown });
		}
	} finally {
		unproxy();
		untrust();
		await target.stop();
		rmSync(dir, { recursive: true, force: true });
	}
	console.log('\nTransfer through the Dropbox Suite node vs a plain HTTPS client, same stand-in, same run (16 MiB chunks)\n');
	console.log('| size | direction | plain client | node | throughput ratio (goal >= 0.8) | node peak memory above baseline (goal < 64 MiB) |');
	console.log('| --- | --- | --- | --- | --- | --- |');
	for (const { mib, rawUp, nodeUp, rawDown, nodeDown } of rows) {
		const bytes = mib * MiB;
		console.log(`| ${mib} MiB | upload | ${fmt.rate(bytes, rawUp.seconds)} | ${fmt.rate(bytes, nodeUp.seconds)} | ${fmt.ratio(rawUp.seconds / nodeUp.seconds)} | ${fmt.mib(nodeUp.peakAboveBaseline)} |`);
		console.log(`| ${mib} MiB | download | ${fmt.rate(bytes, rawDown.seconds)} | ${fmt.rate(bytes, nodeDown.seconds)} | ${fmt.ratio(rawDown.seconds / nodeDown.seconds)} | ${fmt.mib(nodeDown.peakAboveBaseline)} |`);
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
