// @ts-check
// Where the node's upload spends its time: the pieces of the upload path timed one at a time, each variant in a
// fresh process with n8n-core loaded (so the V8 heap is the size it is in the node's worker), with the garbage
// collector's work counted (PerformanceObserver 'gc' entries) and the process's CPU time.
//
//   store read 1 MiB             n8n's binary store read stream, as the node asks for it (getBinaryStream(id, 1 MiB))
//   + fixedChunks                 + regrouping into 16 MiB chunks, dist/nodes/shared/upload.js fixedChunks (one
//                                   reused 16 MiB Buffer, every byte copied)
//   + hash                        + the content hash of every chunk, dist/nodes/shared/contentHash.js
//   disk read 16 MiB, reused      what the plain client does: FileHandle.read into one reused 16 MiB Buffer
//   send: plain client            the HTTP part alone: one 16 MiB Buffer sent in an upload session, plain client
//   send: n8n httpRequest         the same Buffer, same requests, through n8n-core's httpRequest (axios, proxy agent)
//   upload: current node code     dist uploadStream (chunks, hashes, session, checks) over the store's read stream,
//                                   requests through n8n-core's httpRequest: the node's upload without the workflow
//                                   engine and without DropboxClient's retry wrapper
//
// Run: npm run build && node bench/upload-pieces.js [size in MiB, default 256] [--rounds N, default 3] [--only a,b]
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { randomBytes } = require('node:crypto');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { MiB, distModule, startStandInProcess, plainCall, median, fmt } = require('./lib');

const CHUNK = 16 * MiB;
const READ_PIECE = MiB;

/**
 * A variant's name in the table → its function in the child.
 * @type {Record<string, string>}
 */
const VARIANTS = {
	'store read 1 MiB': 'storeRead',
	'store read 1 MiB + fixedChunks': 'storeReadChunks',
	'store read 1 MiB + fixedChunks + hash': 'storeReadChunksHash',
	'disk read 16 MiB, reused buffer': 'diskRead',
	'send: plain client': 'sendPlain',
	'send: n8n httpRequest': 'sendN8n',
	'upload: current node code': 'uploadCurrent',
};

/**
 * @typedef {{ variant: string, target: import('./lib').Target, bytes: number, file: string }} Job  one variant to measure
 * @typedef {{ seconds: number, cpuSeconds: number, gc: { major: number, minor: number, incremental: number, ms: number } }} PieceResult
 * @typedef {{ upload: (route: string, arg: unknown, content: Buffer) => Promise<any> }} Uploader
 */

// ---------------------------------------------------------------------------------------------------------------
// Child: one variant, measured.

/** @param {Job} job */
async function child(job) {
	const { target, bytes } = job;
	const harness = require('../test/harness');
	const { Container, requireFromCore, binaryDataService } = require('../test/harness/engine');
	const { ChunkBuffers, fixedChunks, uploadStream } = distModule('nodes/shared/upload');
	const { ContentHasher } = distModule('nodes/shared/contentHash');
	const { OutboundHttp } = requireFromCore('@n8n/backend-network');
	const undo = [harness.trustTestCa(target.caPem), harness.withDropboxProxy(target.proxyUrl)];

	const item = await harness.binaryItemFromFile(job.file);
	const id = /** @type {string} */ (item.binary?.data.id);
	const storeStream = () => binaryDataService().getAsStream(id, READ_PIECE);
	const http = Container.get(OutboundHttp).requests();
	const auth = `Bearer ${target.tokens.access_token}`;
	/** The Dropbox client's upload(), reduced to n8n-core's httpRequest (what helpers.httpRequest calls). */
	const n8nDropbox = {
		/** @param {string} route @param {unknown} arg @param {Buffer} content */
		upload: (route, arg, content) =>
			http.request({
				method: 'POST',
				url: `https://content.dropboxapi.com/2/${route}`,
				headers: { Authorization: auth, 'Dropbox-API-Arg': JSON.stringify(arg), 'Content-Type': 'application/octet-stream' },
				body: content,
				json: true,
			}),
		/** @param {string} route @param {unknown} arg */
		rpc: (route, arg) =>
			http.request({ method: 'POST', url: `https://api.dropboxapi.com/2/${route}`, headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(arg), json: true }),
	};
	/** @type {Uploader} */
	const plainDropbox = { upload: (route, arg, content) => plainCall(target, route, arg, content) };
	const node = /** @type {any} */ ({ name: 'bench', type: 'bench', typeVersion: 1, position: [0, 0], parameters: {} });
	const buffer = randomBytes(CHUNK);

	/**
	 * An upload session of `bytes` bytes, every request carrying the same buffer (no reading, no hashing).
	 * @param {Uploader} dropbox
	 */
	const sendSession = async (dropbox) => {
		let offset = 0;
		let sessionId;
		while (bytes - offset > CHUNK) {
			if (sessionId === undefined) ({ session_id: sessionId } = await dropbox.upload('files/upload_session/start', { close: false }, buffer));
			else await dropbox.upload('files/upload_session/append_v2', { cursor: { session_id: sessionId, offset }, close: false }, buffer);
			offset += CHUNK;
		}
		await dropbox.upload('files/upload_session/finish', { cursor: { session_id: sessionId, offset }, commit: { path: '/bench/pieces.bin', mode: 'overwrite' } }, buffer.subarray(0, bytes - offset));
	};
	/** fixedChunks as uploadStream uses it: each chunk's Buffer given back once done, so one Buffer is reused. */
	const pooledChunks = async function* (/** @type {AsyncIterable<Buffer>} */ source) {
		const pool = new ChunkBuffers(CHUNK);
		for await (const chunk of fixedChunks(source, CHUNK, pool)) {
			yield chunk;
			pool.give(chunk.buffer);
		}
	};
	/** @param {AsyncIterable<{ data: Buffer }>} chunks */
	const hashChunks = async (chunks) => {
		const whole = new ContentHasher();
		for await (const { data } of chunks) {
			const hasher = new ContentHasher().update(data);
			hasher.digest();
			whole.append(hasher);
		}
		return whole.digest();
	};

	/** @type {Record<string, () => Promise<unknown>>} */
	const work = {
		storeRead: async () => {
			for await (const _ of await storeStream());
		},
		storeReadChunks: async () => {
			for await (const _ of pooledChunks(await storeStream()));
		},
		storeReadChunksHash: async () => await hashChunks(pooledChunks(await storeStream())),
		diskRead: async () => {
			const handle = await fs.promises.open(job.file, 'r');
			const chunk = Buffer.allocUnsafe(CHUNK);
			for (let offset = 0; offset < bytes; offset += CHUNK) await handle.read(chunk, 0, Math.min(CHUNK, bytes - offset), offset);
			await handle.close();
		},
		sendPlain: () => sendSession(plainDropbox),
		sendN8n: () => sendSession(n8nDropbox),
		uploadCurrent: async () => {
			const stored = await uploadStream(n8nDropbox, node, { path: '/bench/pieces.bin', mode: 'overwrite' }, await storeStream(), { chunkBytes: CHUNK });
			if (stored.size !== bytes) throw new Error('size differs');
		},
	};
	const run = work[job.variant];
	if (!run) throw new Error(`unknown variant ${job.variant}`);

	// Warm up the HTTP stacks (module loading, first TLS context).
	await n8nDropbox.upload('files/upload', { path: '/bench/pieces-warmup.bin', mode: 'overwrite' }, buffer.subarray(0, MiB));
	await plainDropbox.upload('files/upload', { path: '/bench/pieces-warmup.bin', mode: 'overwrite' }, buffer.subarray(0, MiB));

	const { PerformanceObserver, constants } = require('node:perf_hooks');
	const gc = { major: 0, minor: 0, incremental: 0, ms: 0 };
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = /** @type {any} */ (entry).detail?.kind;
			if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
			else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
			else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gc.incremental++;
			gc.ms += entry.duration;
		}
	});
	if (global.gc) global.gc();
	observer.observe({ entryTypes: ['gc'] });
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	await run();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const used = process.cpuUsage(cpu);
	await new Promise((resolve) => setImmediate(resolve));
	observer.disconnect();
	for (const u of undo.reverse()) u();
	const userFolder = process.env.N8N_USER_FOLDER;
	if (userFolder && userFolder.startsWith(join(tmpdir(), 'n8n-harness-'))) fs.rmSync(userFolder, { recursive: true, force: true });
	process.stdout.write(`RESULT ${JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, gc })}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: the stand-in, the file, the variants in fresh processes, the table.

/** @param {Job} job @returns {Promise<PieceResult>} */
function runChild(job) {
	return new Promise((resolve, reject) => {
		const proc = spawn(process.execPath, ['--expose-gc', __filename, '--child', JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		proc.stdout.on('data', (chunk) => (out += chunk));
		proc.once('exit', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			if (code !== 0 || !line) reject(new Error(`${job.variant} exited with ${code}\n${out}`));
			else resolve(JSON.parse(line.slice('RESULT '.length)));
		});
	});
}

/** @param {string[]} argv */
async function parent(argv) {
	let mib = 256;
	let rounds = 3;
	/** @type {string[] | undefined} */
	let only;
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--rounds') rounds = Number(argv[++i]);
		else if (argv[i] === '--only') only = argv[++i].split(',');
		else if (Number(argv[i]) > 0) mib = Number(argv[i]);
		else throw new Error(`unknown argument "${argv[i]}"`);
	}
	const names = Object.keys(VARIANTS).filter((name) => !only || only.some((o) => name.includes(o) || VARIANTS[name] === o));
	const bytes = mib * MiB;
	const standIn = await startStandInProcess();
	const target = { port: standIn.port, proxyUrl: standIn.proxyUrl, caPem: standIn.caPem, tokens: standIn.tokens };
	const dir = fs.mkdtempSync(join(tmpdir(), 'dropbox-suite-pieces-'));
	const file = join(dir, 'data.bin');
	/** @type {Record<string, PieceResult[]>} */
	const results = Object.fromEntries(names.map((n) => [n, []]));
	try {
		const block = randomBytes(CHUNK);
		const fd = fs.openSync(file, 'w');
		for (let written = 0; written < bytes; written += CHUNK) fs.writeSync(fd, block, 0, Math.min(CHUNK, bytes - written));
		fs.closeSync(fd);
		for (let round = 1; round <= rounds; round++) {
			for (const name of round % 2 ? names : [...names].reverse()) {
				const result = await runChild({ variant: VARIANTS[name], target, bytes, file });
				results[name].push(result);
				process.stderr.write(`round ${round} ${name}: ${fmt.rate(bytes, result.seconds)}, cpu ${result.cpuSeconds.toFixed(2)} s, gc ${result.gc.major} major / ${result.gc.minor} minor ${result.gc.ms.toFixed(0)} ms\n`);
			}
		}
	} finally {
		await standIn.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
	console.log(`\n### Pieces of the upload path, ${mib} MiB (median of ${rounds}; each variant in a fresh process with n8n-core loaded)\n`);
	console.log('| variant | wall | throughput | CPU time | major GCs | minor GCs | GC pause total |');
	console.log('| --- | --- | --- | --- | --- | --- | --- |');
	for (const name of names) {
		const rs = results[name];
		/** @param {(r: PieceResult) => number} f */
		const m = (f) => median(rs.map(f));
		console.log(
			`| ${name} | ${fmt.seconds(m((r) => r.seconds))} | ${fmt.rate(bytes, m((r) => r.seconds))} | ${fmt.seconds(m((r) => r.cpuSeconds))} | ${m((r) => r.gc.major)} | ${m((r) => r.gc.minor)} | ${m((r) => r.gc.ms).toFixed(0)} ms |`,
		);
	}
}

if (process.argv[2] === '--child') {
	child(JSON.parse(process.argv[3])).then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
} else {
	parent(process.argv.slice(2)).then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}

