// @ts-check
// One measured transfer in a process of its own, so its memory is measured from a clean start: sets everything
// up (the harness engine, the binary item stored, a warm-up call that loads every module the operation uses),
// takes the resident set size just before the operation as the baseline, runs the operation once and reports
// the peak resident set size during it above that baseline.
//
// The peak comes from the kernel: writing 5 to /proc/self/clear_refs resets VmHWM (the high-water mark of the
// resident set) to the current RSS, so VmHWM after the operation is its exact peak; RSS is also sampled every
// 50 ms as a cross-check (and as the fallback where /proc is missing).
//
// Run by bench/transfer.js: node --expose-gc bench/transfer-worker.js '<json>' where json is
//   { op: 'plain-upload' | 'node-upload' | 'plain-download' | 'node-download',
//     target: { port, proxyUrl, caPem, tokens },   // from bench/standin-process.js
//     file?, bytes, remotePath, warmupPath, scratchDir, cpuProfile?: '<file.cpuprofile>', heapProfile?: '<file.heapprofile>',
//     reusedStoreReads?: boolean }   // diagnostic: see readStoreIntoReusedBuffer
// Prints one line: RESULT {"op", "seconds", "cpuSeconds", "gc", "peakAboveBaseline", "baselineRss", "peakRss", "peakSource",
// "sampledPeakAboveBaseline", "atSampledPeak", "atBaseline"}.
'use strict';

const fs = require('node:fs');
const { readFileSync, writeFileSync, rmSync } = fs;
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const { MiB, rawRequest, plainCall, runDropboxSuite } = require('./lib');

const CHUNK = 16 * MiB;

/** @returns {number | undefined} VmHWM in bytes, if the kernel tells */
function highWaterMark() {
	try {
		const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** @returns {boolean} whether VmHWM was reset to the current RSS */
function resetHighWaterMark() {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return highWaterMark() !== undefined;
	} catch {
		return false;
	}
}

/**
 * Upload-session upload with the plain client: the same 16 MiB pieces, read from disk into one reused buffer.
 * @param {import('./lib').Target} target @param {string} file @param {number} bytes @param {string} remotePath
 */
async function plainUpload(target, file, bytes, remotePath) {
	const handle = await fs.promises.open(file, 'r');
	try {
		const chunk = Buffer.allocUnsafe(Math.min(CHUNK, bytes));
		/** @param {number} length @param {number} position */
		const read = async (length, position) => {
			const { bytesRead } = await handle.read(chunk, 0, length, position);
			if (bytesRead !== length) throw new Error('short read');
			return chunk.subarray(0, length);
		};
		if (bytes <= CHUNK) return await plainCall(target, 'files/upload', { path: remotePath, mode: 'overwrite' }, await read(bytes, 0));
		let offset = 0;
		let sessionId;
		while (bytes - offset > CHUNK) {
			const data = await read(CHUNK, offset);
			if (sessionId === undefined) ({ session_id: sessionId } = await plainCall(target, 'files/upload_session/start', { close: false }, data));
			else await plainCall(target, 'files/upload_session/append_v2', { cursor: { session_id: sessionId, offset }, close: false }, data);
			offset += CHUNK;
		}
		const rest = await read(bytes - offset, offset);
		return await plainCall(target, 'files/upload_session/finish', { cursor: { session_id: sessionId, offset }, commit: { path: remotePath, mode: 'overwrite' } }, rest);
	} finally {
		await handle.close();
	}
}

/**
 * Download with the plain client: the response piped into a file with a write stream, as n8n's filesystem binary store writes one.
 * @param {import('./lib').Target} target @param {string} remotePath @param {string} outFile
 */
async function plainDownload(target, remotePath, outFile) {
	const answer = await rawRequest(target, {
		host: 'content.dropboxapi.com',
		path: '/2/files/download',
		headers: { Authorization: `Bearer ${target.tokens.access_token}`, 'Dropbox-API-Arg': JSON.stringify({ path: remotePath }) },
		sink: fs.createWriteStream(outFile),
	});
	if (answer.status !== 200) throw new Error(`download: ${answer.status} ${answer.text}`);
	return fs.statSync(outFile).size;
}

/**
 * Diagnostic only, not how n8n behaves: n8n's binary store hands out a file as a read stream that allocates a new
 * Buffer for every piece it reads. This replaces BinaryDataService.getAsStream (filesystem mode) with reads into one
 * reused Buffer, to measure what those fresh Buffers cost the upload (they drive V8's mark-compacts).
 */
function readStoreIntoReusedBuffer() {
	const { requireFromCore } = require('../test/harness/engine');
	const { BinaryDataService } = requireFromCore('n8n-core');
	/** @this {any} @param {string} binaryDataId */
	BinaryDataService.prototype.getAsStream = async function (binaryDataId, chunkSize = 64 * 1024) {
		const handle = await fs.promises.open(this.getPath(binaryDataId), 'r');
		const piece = Buffer.allocUnsafe(chunkSize);
		return (async function* () {
			try {
				for (let position = 0; ; ) {
					const { bytesRead } = await handle.read(piece, 0, chunkSize, position);
					if (bytesRead === 0) return;
					position += bytesRead;
					yield piece.subarray(0, bytesRead);
				}
			} finally {
				await handle.close();
			}
		})();
	};
}

async function main() {
	const job = JSON.parse(process.argv[2]);
	const { op, target, bytes } = job;
	/** @type {() => Promise<void>} */
	let operation;
	/** @type {(() => void)[]} */
	const cleanups = [];

	if (op === 'plain-upload') {
		await plainUpload(target, job.file, MiB, '/bench/warmup-plain-up.bin');
		operation = async () => {
			const stored = await plainUpload(target, job.file, bytes, job.remotePath);
			if (stored.size !== bytes) throw new Error(`the plain client stored ${stored.size} bytes, not ${bytes}`);
		};
	} else if (op === 'plain-download') {
		const out = join(job.scratchDir, `plain-download-${process.pid}.bin`);
		cleanups.push(() => rmSync(out, { force: true }));
		await plainDownload(target, job.warmupPath, out);
		operation = async () => {
			const size = await plainDownload(target, job.remotePath, out);
			if (size !== bytes) throw new Error(`the plain client downloaded ${size} bytes, not ${bytes}`);
		};
	} else if (op === 'node-upload' || op === 'node-download') {
		if (job.reusedStoreReads) readStoreIntoReusedBuffer();
		const { binaryItem, binaryItemFromFile, trustTestCa, withDropboxProxy } = require('../test/harness');
		cleanups.push(trustTestCa(target.caPem), withDropboxProxy(target.proxyUrl));
		if (op === 'node-upload') {
			await runDropboxSuite(target, { resource: 'file', operation: 'upload', path: '/bench/warmup-node-up.bin', options: { mode: 'overwrite' } }, [
				await binaryItem(Buffer.alloc(MiB, 1), 'warmup.bin'),
			]);
			const item = await binaryItemFromFile(job.file);
			operation = async () => {
				const result = await runDropboxSuite(target, { resource: 'file', operation: 'upload', path: job.remotePath, options: { mode: 'overwrite' } }, [item]);
				const size = result.items[0]?.json.size;
				if (size !== bytes) throw new Error(`the node uploaded ${size} bytes, not ${bytes}`);
			};
		} else {
			await runDropboxSuite(target, { resource: 'file', operation: 'download', file: { __rl: true, mode: 'path', value: job.warmupPath } });
			operation = async () => {
				const result = await runDropboxSuite(target, { resource: 'file', operation: 'download', file: { __rl: true, mode: 'path', value: job.remotePath } });
				const size = result.items[0]?.json.size;
				if (size !== bytes) throw new Error(`the node downloaded ${size} bytes, not ${bytes}`);
			};
		}
		// The harness's throwaway n8n user folder (binary store included); jest would remove it in afterAll.
		const userFolder = process.env.N8N_USER_FOLDER;
		if (userFolder && userFolder.startsWith(join(tmpdir(), 'n8n-harness-'))) cleanups.push(() => rmSync(userFolder, { recursive: true, force: true }));
	} else {
		throw new Error(`unknown op "${op}"`);
	}

	// Optional profiles of the operation alone: CPU (cpuProfile) and allocations (heapProfile, a sampling heap
	// profile that keeps the objects garbage collected since, so it shows what was allocated, not what survived).
	/** @type {(() => Promise<void>)[]} */
	const stopProfiles = [];
	if (job.cpuProfile || job.heapProfile) {
		const { Session } = require('node:inspector');
		const session = new Session();
		session.connect();
		/** @param {string} method @param {object} [params] @returns {Promise<any>} */
		const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
		if (job.cpuProfile) {
			await post('Profiler.enable');
			await post('Profiler.setSamplingInterval', { interval: 200 });
			await post('Profiler.start');
			stopProfiles.push(async () => writeFileSync(job.cpuProfile, JSON.stringify((await post('Profiler.stop')).profile)));
		}
		if (job.heapProfile) {
			await post('HeapProfiler.enable');
			await post('HeapProfiler.startSampling', { samplingInterval: 32 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
			stopProfiles.push(async () => writeFileSync(job.heapProfile, JSON.stringify((await post('HeapProfiler.stopSampling')).profile)));
		}
	}

	// The baseline: everything set up and warmed, garbage collected.
	if (global.gc) for (let i = 0; i < 3; i++) global.gc();
	const baseline = process.memoryUsage();
	const baselineRss = baseline.rss;
	const hwm = resetHighWaterMark();
	const gc = { major: 0, minor: 0, pauseMs: 0 };
	const { PerformanceObserver, constants } = require('node:perf_hooks');
	const gcObserver = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = /** @type {any} */ (entry).detail?.kind;
			if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
			else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
			gc.pauseMs += entry.duration;
		}
	});
	gcObserver.observe({ entryTypes: ['gc'] });
	const cpu = process.cpuUsage();
	let sampledPeak = baselineRss;
	let atSampledPeak = baseline;
	// process.memoryUsage.rss() is cheap; the full breakdown only when a new peak is seen.
	const timer = setInterval(() => {
		const rss = process.memoryUsage.rss();
		if (rss > sampledPeak) [sampledPeak, atSampledPeak] = [rss, process.memoryUsage()];
	}, 50);
	const started = process.hrtime.bigint();
	try {
		await operation();
	} finally {
		clearInterval(timer);
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpuUsed = process.cpuUsage(cpu);
	await new Promise((resolve) => setImmediate(resolve));
	gcObserver.disconnect();
	sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
	const peakRss = hwm ? /** @type {number} */ (highWaterMark()) : sampledPeak;
	for (const stop of stopProfiles) await stop();

	for (const cleanup of cleanups.reverse()) cleanup();
	const result = {
		op,
		seconds,
		// CPU time of this process during the operation (all threads: main, GC helpers, libuv pool).
		cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
		gc,
		peakAboveBaseline: peakRss - baselineRss,
		baselineRss,
		peakRss,
		peakSource: hwm ? 'VmHWM' : 'sampled',
		sampledPeakAboveBaseline: sampledPeak - baselineRss,
		// Where the memory was at the sampled peak (V8 heap, Buffers and other memory outside the heap).
		atSampledPeak: { heapTotal: atSampledPeak.heapTotal, external: atSampledPeak.external, arrayBuffers: atSampledPeak.arrayBuffers },
		atBaseline: { heapTotal: baseline.heapTotal, external: baseline.external, arrayBuffers: baseline.arrayBuffers },
	};
	process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
