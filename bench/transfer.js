// @ts-check
// Upload and download of large generated files through the Dropbox Suite node (built, in n8n's real execution
// engine, through the proxy and TLS like in n8n) against the stand-in, compared with a plain HTTPS client sending
// the same bytes in the same 16 MiB upload-session chunks to the same stand-in in the same run.
//
// Every measured operation runs in a fresh process (bench/transfer-worker.js) that reports its time and its peak
// resident set size above the baseline taken just before the operation; the stand-in runs in a process of its
// own, shared by all. Plain and node runs alternate, for several rounds; the tables show medians.
//
// Run: npm run build && node bench/transfer.js [--rounds N] [--profile DIR] [--verbose] [sizes in MiB, default 256 1024]
//   --rounds N      how many alternating plain/node rounds (default 3)
//   --verbose       also prints each worker's full result (memory breakdown at the sampled peak)
//   --dist DIR      the node's build to measure instead of dist/ (e.g. a copy with a candidate fix applied)
//   --reused-store-reads  diagnostic, not how n8n behaves: the node's workers read n8n's binary store into one
//                   reused Buffer instead of a new Buffer per piece (see bench/transfer-worker.js)
//   --profile DIR   also writes a CPU profile of each measured operation (DIR/<op>-<size>-r<round>.cpuprofile);
//                   profiling slows the operations, so do not read throughput from such a run.
'use strict';

const { spawn } = require('node:child_process');
const { openSync, writeSync, closeSync, mkdtempSync, mkdirSync, rmSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const { MiB, startStandInProcess, plainCall, processCpuSeconds, median, fmt } = require('./lib');

const WARMUP_PATH = '/bench/warmup.bin';

/**
 * Random bytes (a 16 MiB random block, each copy stamped with its number, so no two blocks are equal).
 * @param {string} path @param {number} bytes
 */
function generateFile(path, bytes) {
	const block = randomBytes(16 * MiB);
	const fd = openSync(path, 'w');
	for (let written = 0, n = 0; written < bytes; n++) {
		block.writeUInt32LE(n, 0);
		const take = Math.min(block.length, bytes - written);
		writeSync(fd, block, 0, take);
		written += take;
	}
	closeSync(fd);
}

/**
 * @typedef {{ op: string, seconds: number, cpuSeconds: number, gc: { major: number, minor: number, pauseMs: number },
 *   peakAboveBaseline: number, sampledPeakAboveBaseline: number, peakSource: string, standInCpuSeconds?: number }} WorkerResult
 *   what bench/transfer-worker.js reports (and the stand-in's CPU time, added here)
 *
 * @typedef {{ mib: number, runs: Record<string, WorkerResult[]> }} SizeResults  every run of every operation at one size
 */

/**
 * Runs one operation in a fresh worker process.
 * @param {{ op: string } & Record<string, unknown>} job  what bench/transfer-worker.js reads from its argument
 * @returns {Promise<WorkerResult>}
 */
function runWorker(job) {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', join(__dirname, 'transfer-worker.js'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.once('error', reject);
		child.once('exit', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			if (code !== 0 || !line) return reject(new Error(`${job.op} worker exited with ${code}\n${out}`));
			resolvePromise(JSON.parse(line.slice('RESULT '.length)));
		});
	});
}

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ rounds: number, profile?: string, verbose: boolean, dist?: string, reusedStoreReads: boolean, sizes: number[] }} */
	const options = { rounds: 3, profile: undefined, verbose: false, dist: undefined, reusedStoreReads: false, sizes: [] };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
		else if (argv[i] === '--profile') options.profile = resolve(argv[++i]);
		else if (argv[i] === '--verbose') options.verbose = true;
		else if (argv[i] === '--dist') options.dist = resolve(argv[++i]);
		else if (argv[i] === '--reused-store-reads') options.reusedStoreReads = true;
		else if (Number(argv[i]) > 0) options.sizes.push(Number(argv[i]));
		else throw new Error(`unknown argument "${argv[i]}"`);
	}
	if (!options.sizes.length) options.sizes = [256, 1024];
	if (!(options.rounds >= 1)) throw new Error('--rounds needs a positive number');
	return options;
}

async function main() {
	const { rounds, profile, verbose, dist, reusedStoreReads, sizes } = parseArgs(process.argv.slice(2));
	// A candidate build elsewhere: the workers load it instead of dist/, with this checkout's node_modules.
	if (dist) Object.assign(process.env, { BENCH_DIST: dist, NODE_PATH: [join(__dirname, '..', 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(':') });
	if (profile) mkdirSync(profile, { recursive: true });
	const target = await startStandInProcess();
	const { port, proxyUrl, caPem, tokens } = target;
	const shared = { target: { port, proxyUrl, caPem, tokens }, warmupPath: WARMUP_PATH, reusedStoreReads };
	const dir = mkdtempSync(join(tmpdir(), 'dropbox-suite-transfer-'));
	/** @type {SizeResults[]} */
	const results = [];
	try {
		await plainCall(shared.target, 'files/upload', { path: WARMUP_PATH, mode: 'overwrite' }, randomBytes(MiB));
		for (const mib of sizes) {
			const bytes = Math.round(mib * MiB);
			const file = join(dir, `data-${mib}.bin`);
			generateFile(file, bytes);
			/** @type {Record<string, WorkerResult[]>} */
			const runs = { 'plain-upload': [], 'node-upload': [], 'plain-download': [], 'node-download': [] };
			// Both clients download the node's upload, so the node's upload is checked and the bytes are the same.
			/** @param {string} op @param {number} round */
			const jobOf = (op, round) => ({
				...shared,
				op,
				bytes,
				file,
				scratchDir: dir,
				remotePath: op === 'plain-upload' ? `/bench/plain-${mib}.bin` : `/bench/node-${mib}.bin`,
				cpuProfile: profile && join(profile, `${op}-${mib}-r${round}.cpuprofile`),
			});
			for (let round = 1; round <= rounds; round++) {
				// Alternate who goes first, so a drift of the machine's speed within a round does not favour one side.
				const pairs = [
					['plain-upload', 'node-upload'],
					['plain-download', 'node-download'],
				].map((pair) => (round % 2 ? pair : [...pair].reverse()));
				for (const pair of pairs) {
					for (const op of pair) {
						const standInCpu = processCpuSeconds(target.pid);
						const result = await runWorker(jobOf(op, round));
						const standInCpuAfter = processCpuSeconds(target.pid);
						// The stand-in's (and its proxy's) CPU time while serving this operation, warm-up call included.
						result.standInCpuSeconds = standInCpu === undefined || standInCpuAfter === undefined ? undefined : standInCpuAfter - standInCpu;
						runs[op].push(result);
						process.stderr.write(`${mib} MiB round ${round} ${op}: ${fmt.rate(bytes, result.seconds)}, CPU ${fmt.seconds(result.cpuSeconds)}, ${result.gc.major} major GCs, peak +${fmt.mib(result.peakAboveBaseline)}\n`);
						if (verbose) process.stderr.write(`  ${JSON.stringify(result)}\n`);
					}
				}
			}
			rmSync(file, { force: true });
			results.push({ mib, runs });
		}
	} finally {
		await target.stop();
		rmSync(dir, { recursive: true, force: true });
	}
	printTables(results, rounds, { dist, reusedStoreReads });
}

/**
 * @param {SizeResults[]} results @param {number} rounds
 * @param {{ dist?: string, reusedStoreReads: boolean }} options  how the node was run (named under the tables)
 */
function printTables(results, rounds, { dist, reusedStoreReads }) {
	/** @param {number} mib */
	const label = (mib) => (mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);
	const directions = ['upload', 'download'];

	console.log(`\n### Throughput: the node vs a plain HTTPS client (median of ${rounds} alternating round${rounds > 1 ? 's' : ''}, 16 MiB chunks)\n`);
	console.log('| size | direction | plain client | node | ratio node/plain (goal ≥ 0.8) | ratio per round |');
	console.log('| --- | --- | --- | --- | --- | --- |');
	for (const { mib, runs } of results) {
		const bytes = mib * MiB;
		for (const direction of directions) {
			const plain = runs[`plain-${direction}`].map((r) => r.seconds);
			const node = runs[`node-${direction}`].map((r) => r.seconds);
			const perRound = plain.map((p, i) => fmt.ratio(p / node[i])).join(', ');
			console.log(`| ${label(mib)} | ${direction} | ${fmt.rate(bytes, median(plain))} | ${fmt.rate(bytes, median(node))} | ${fmt.ratio(median(plain) / median(node))} | ${perRound} |`);
		}
	}

	console.log(`\n### CPU time per operation (median of ${rounds}): what each side spends (it moves with the machine's load too, less than wall time)\n`);
	console.log('| size | direction | plain client CPU | node CPU | node/plain | major GCs plain / node | stand-in CPU serving plain / node |');
	console.log('| --- | --- | --- | --- | --- | --- | --- |');
	for (const { mib, runs } of results) {
		for (const direction of directions) {
			const plain = runs[`plain-${direction}`];
			const node = runs[`node-${direction}`];
			/** @param {WorkerResult[]} rs @param {(r: WorkerResult) => number} f */
			const m = (rs, f) => median(rs.map(f));
			/** @param {WorkerResult[]} rs */
			const standIn = (rs) => (rs.every((r) => r.standInCpuSeconds !== undefined) ? fmt.seconds(m(rs, (r) => /** @type {number} */ (r.standInCpuSeconds))) : 'n/a');
			console.log(
				`| ${label(mib)} | ${direction} | ${fmt.seconds(m(plain, (r) => r.cpuSeconds))} | ${fmt.seconds(m(node, (r) => r.cpuSeconds))} | ${fmt.ratio(m(node, (r) => r.cpuSeconds) / m(plain, (r) => r.cpuSeconds))} | ${m(plain, (r) => r.gc.major)} / ${m(node, (r) => r.gc.major)} | ${standIn(plain)} / ${standIn(node)} |`,
			);
		}
	}

	console.log(`\n### Peak memory above the process's baseline (each operation in a fresh process; highest of ${rounds} round${rounds > 1 ? 's' : ''})\n`);
	console.log(`| operation | ${results.map(({ mib }) => label(mib)).join(' | ')} | goal |`);
	console.log(`| --- | ${results.map(() => '---').join(' | ')} | --- |`);
	for (const direction of directions) {
		for (const who of ['node', 'plain']) {
			const cells = results.map(({ runs }) => fmt.mib(Math.max(...runs[`${who}-${direction}`].map((r) => r.peakAboveBaseline))));
			console.log(`| ${who === 'node' ? 'node' : 'plain client'} ${direction} | ${cells.join(' | ')} | ${who === 'node' ? '< 64 MiB' : '(reference)'} |`);
		}
	}
	const source = results[0]?.runs['node-upload'][0]?.peakSource;
	console.log(`\nNode build measured: ${dist ?? 'dist/'}${reusedStoreReads ? '; DIAGNOSTIC: binary store read into one reused Buffer (--reused-store-reads), not how n8n behaves' : ''}. Node ${process.version}, ${require('node:os').cpus().length} CPUs.`);
	console.log(`Peak = ${source === 'VmHWM' ? "the kernel's resident-set high-water mark (VmHWM, reset just before the operation)" : 'RSS sampled every 50 ms'} minus the RSS just before the operation.`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
