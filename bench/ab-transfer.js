// @ts-check
// A/B of node builds in n8n's execution engine (bench/transfer-worker.js, each operation in a fresh process) against
// the plain client, alternating, with the workers on a chosen Node.js and beside a heap like an n8n server's.
//
//   node bench/ab-transfer.js <MiB> <rounds> upload|download <dist dir> [<dist dir> ...]
//        [--worker-node PATH] (default: this Node; e.g. n8n's Node 24: node -p "require('./scripts/runtime.cjs').nodeBin")
//        [--ballast-mib N]    (bench/ballast.js in every worker, the plain client's too; default 0)
//
// The first build uploads the file that the downloads read. Prints each run (wall time, CPU time, full garbage
// collections, peak memory above the worker's baseline) and the medians with the ratio plain time / node time.
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const { mkdtempSync, rmSync, openSync, writeSync, closeSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { tmpdir } = require('node:os');

const { MiB, plainCall, startStandInProcess } = require('./lib');

/** @param {object} job @param {Record<string, string>} env @param {string} nodeBin @returns {Promise<any>} */
function runWorker(job, env, nodeBin) {
	return new Promise((done, fail) => {
		const child = spawn(nodeBin, ['--expose-gc', join(__dirname, 'transfer-worker.js'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.once('exit', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			if (code !== 0 || !line) return fail(new Error(`${/** @type {any} */ (job).op} exited ${code}\n${out}`));
			done(JSON.parse(line.slice('RESULT '.length)));
		});
	});
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
	const args = process.argv.slice(2);
	const flag = (/** @type {string} */ name) => {
		const i = args.indexOf(name);
		return i < 0 ? undefined : args.splice(i, 2)[1];
	};
	const nodeBin = flag('--worker-node') ?? process.execPath;
	const ballast = Number(flag('--ballast-mib') ?? 0);
	const [mib, rounds, op, ...dists] = args;
	if (!(Number(mib) > 0) || !(Number(rounds) > 0) || !['upload', 'download'].includes(op) || !dists.length) {
		throw new Error('usage: node bench/ab-transfer.js <MiB> <rounds> upload|download <dist dir>... [--worker-node PATH] [--ballast-mib N]');
	}
	const builds = dists.map((d) => resolve(d));
	/** @type {Record<string, string>} */
	const env = ballast > 0 ? { BALLAST_MIB: String(ballast), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'ballast.js')}` } : {};
	const bytes = Math.round(Number(mib) * MiB);
	const standIn = await startStandInProcess();
	const target = { port: standIn.port, proxyUrl: standIn.proxyUrl, caPem: standIn.caPem, tokens: standIn.tokens };
	const dir = mkdtempSync(join(tmpdir(), 'dropbox-suite-ab-'));
	try {
		await plainCall(target, 'files/upload', { path: '/bench/warmup.bin', mode: 'overwrite' }, crypto.randomBytes(MiB));
		const file = join(dir, 'data.bin');
		const fd = openSync(file, 'w');
		const block = Buffer.allocUnsafe(16 * MiB);
		for (let written = 0; written < bytes; written += block.length) writeSync(fd, crypto.randomFillSync(block), 0, Math.min(block.length, bytes - written));
		closeSync(fd);
		const base = { target, warmupPath: '/bench/warmup.bin', bytes, file, scratchDir: dir, remotePath: `/bench/node-${mib}.bin` };
		const nodeEnv = (/** @type {string} */ dist) => ({ ...env, BENCH_DIST: dist, NODE_PATH: join(__dirname, '..', 'node_modules') });
		await runWorker({ ...base, op: 'node-upload' }, nodeEnv(builds[0]), nodeBin);
		/** @type {Record<string, any[]>} */
		const runs = {};
		for (let round = 0; round < Number(rounds); round++) {
			const order = round % 2 ? [...builds].reverse().concat('plain') : ['plain', ...builds];
			for (const who of order) {
				const job = { ...base, op: `${who === 'plain' ? 'plain' : 'node'}-${op}`, ...(op === 'upload' && who === 'plain' && { remotePath: '/bench/plain.bin' }) };
				const r = await runWorker(job, who === 'plain' ? env : nodeEnv(who), nodeBin);
				(runs[who] ??= []).push(r);
				console.log(`round ${round + 1} ${who}: ${(bytes / MiB / r.seconds).toFixed(1)} MiB/s, ${r.seconds.toFixed(2)} s, CPU ${r.cpuSeconds.toFixed(2)} s, ${r.gc.major} full GCs, peak +${(r.peakAboveBaseline / MiB).toFixed(0)} MiB`);
			}
		}
		const plainSeconds = median(runs.plain.map((r) => r.seconds));
		console.log(`\n${op} ${mib} MiB, ${rounds} rounds, workers on ${nodeBin}${ballast ? `, ${ballast} MiB ballast heap` : ''}`);
		console.log(`plain client: median ${plainSeconds.toFixed(2)} s, CPU ${median(runs.plain.map((r) => r.cpuSeconds)).toFixed(2)} s`);
		for (const build of builds) {
			const s = median(runs[build].map((r) => r.seconds));
			console.log(`${build}: median ${s.toFixed(2)} s, CPU ${median(runs[build].map((r) => r.cpuSeconds)).toFixed(2)} s, ratio ${(plainSeconds / s).toFixed(2)}`);
		}
	} finally {
		await standIn.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
