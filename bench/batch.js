// @ts-check
// Batches against single calls: File → Delete Many of 10, 100 and 1,000 entries against File → Delete over the same
// items (one files/delete_v2 call per item, how n8n's built-in Dropbox node deletes), in the same run: wall time,
// HTTP requests counted at the stand-in, and the ratios. Both run the built node (dist/) in n8n's real execution
// engine (the test harness, not a running n8n), through the proxy and TLS.
//
// Two things make the comparison like Dropbox rather than loopback: the stand-in's jobs take time (50 ms plus 2 ms
// an entry, an assumption: see test/emulator/README.md "Async jobs take time"), and each run goes through a relay
// that delays every piece of traffic by half a round trip each way (--rtt, default "0,50": loopback and a 50 ms
// round trip, a plausible figure for a client on the internet; single calls pay it per call).
//
// Run: npm run build && node bench/batch.js [--sizes 10,100,1000] [--rtt 0,50]
'use strict';

const { readFileSync, rmSync } = require('node:fs');
const net = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { control, setupClient, startStandInProcess, runDropboxSuite, fmt } = require('./lib');
const { trustTestCa, withDropboxProxy } = require('../test/harness');

const FOLDER = '/bench-batch';

const locator = { __rl: true, mode: 'path', value: '={{ $json.path }}' };
const BATCH_DELETE = { resource: 'file', operation: 'deleteMany', path: locator };
const FILE_DELETE = { resource: 'file', operation: 'delete', file: locator };

/** @param {number} n */
const pathsOf = (n) => Array.from({ length: n }, (_, i) => `${FOLDER}/file-${String(i + 1).padStart(4, '0')}.txt`);

/**
 * Small files at `paths`, uploaded with keep-alive connections straight to the stand-in (not counted).
 * @param {import('./lib').Target} target @param {string[]} paths
 */
async function createFiles(target, paths) {
	const client = setupClient(target);
	try {
		let next = 0;
		const worker = async () => {
			while (next < paths.length) {
				const path = paths[next++];
				await client.call('files/upload', { path, mode: 'overwrite' }, Buffer.from(`bench file ${path}\n`));
			}
		};
		await Promise.all(Array.from({ length: 8 }, worker));
	} finally {
		client.close();
	}
}

/**
 * A TCP relay in front of the stand-in's CONNECT proxy that holds every chunk for half a round trip in each
 * direction (in order): a request and its answer cost one round trip, a new TLS connection a few.
 * @param {string} proxyUrl @param {number} rttMs
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startLatencyRelay(proxyUrl, rttMs) {
	const upstream = new URL(proxyUrl);
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	/** Copies `from` to `to`, each chunk rttMs/2 after it came, never overtaking an earlier one. */
	const delayed = (/** @type {import('node:net').Socket} */ from, /** @type {import('node:net').Socket} */ to) => {
		let last = 0;
		from.on('data', (chunk) => {
			const due = Math.max(Date.now() + rttMs / 2, last);
			last = due;
			setTimeout(() => to.destroyed || to.write(chunk), due - Date.now());
		});
		from.on('end', () => setTimeout(() => to.destroyed || to.end(), Math.max(0, last - Date.now())));
		from.on('error', () => to.destroy());
		from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, last - Date.now()) + 10));
	};
	const server = net.createServer((client) => {
		const server = net.connect(Number(upstream.port), upstream.hostname);
		for (const socket of [client, server]) {
			sockets.add(socket);
			socket.setNoDelay(true);
			socket.on('close', () => sockets.delete(socket));
		}
		delayed(client, server);
		delayed(server, client);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}`,
		stop: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/**
 * Runs the node over `paths` and returns what the stand-in saw.
 * @param {import('./lib').Target} target @param {import('n8n-workflow').INodeParameters} parameters @param {string[]} paths
 */
async function measure(target, parameters, paths) {
	await control(target, 'clear-requests');
	const started = process.hrtime.bigint();
	const result = await runDropboxSuite(target, parameters, paths.map((path) => ({ json: { path } })));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const { requests } = /** @type {{ requests: Array<{ route: string, status: number | null }> }} */ (await control(target, 'requests', { clear: true }));
	const failed = result.items.filter((item) => item.json.success === false || item.json.error);
	if (result.items.length !== paths.length || failed.length) {
		throw new Error(`${parameters.resource} → delete: ${result.items.length} items out, ${failed.length} failed (${JSON.stringify(failed[0]?.json)})`);
	}
	/** @type {Record<string, number>} */
	const byRoute = {};
	for (const { route } of requests) byRoute[route] = (byRoute[route] ?? 0) + 1;
	return { seconds, requests: requests.length, byRoute, errors: requests.filter((r) => r.status !== 200).length };
}

/** @param {string} name @param {string} fallback */
function listArg(name, fallback) {
	const args = process.argv.slice(2);
	const value = args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
	const numbers = value.split(',').map(Number);
	if (numbers.some((n) => !(n >= 0))) throw new Error(`${name} needs numbers separated by commas`);
	return numbers;
}

const JOB = { asyncJobPolls: 0, asyncJobMs: 50, asyncJobMsPerEntry: 2 };

async function main() {
	const sizes = listArg('--sizes', '10,100,1000');
	const rtts = listArg('--rtt', '0,50');
	const target = await startStandInProcess();
	const undo = [trustTestCa(target.caPem)];
	/** @type {Array<{ rtt: number, size: number, batch: Awaited<ReturnType<typeof measure>>, single: Awaited<ReturnType<typeof measure>> }>} */
	const rows = [];
	try {
		await control(target, 'files-options', JOB);
		for (const rtt of rtts) {
			const relay = await startLatencyRelay(target.proxyUrl, rtt);
			const restoreProxy = withDropboxProxy(relay.url);
			try {
				// Warm up: each operation once on one file, so module loading and first TLS contexts are not timed.
				await createFiles(target, [`${FOLDER}/warmup-1.txt`, `${FOLDER}/warmup-2.txt`]);
				await runDropboxSuite(target, BATCH_DELETE, [{ json: { path: `${FOLDER}/warmup-1.txt` } }]);
				await runDropboxSuite(target, FILE_DELETE, [{ json: { path: `${FOLDER}/warmup-2.txt` } }]);
				for (const size of sizes) {
					const paths = pathsOf(size);
					await createFiles(target, paths);
					const batch = await measure(target, BATCH_DELETE, paths);
					await createFiles(target, paths);
					const single = await measure(target, FILE_DELETE, paths);
					rows.push({ rtt, size, batch, single });
					console.error(`rtt ${rtt} ms, ${size} entries: batch ${fmt.seconds(batch.seconds)} (${batch.requests} requests), single ${fmt.seconds(single.seconds)} (${single.requests})`);
				}
			} finally {
				restoreProxy();
				await relay.stop();
			}
		}
	} finally {
		for (const u of undo.reverse()) u();
		await target.stop();
		// The harness's throwaway n8n user folder (jest would remove it in afterAll).
		const userFolder = process.env.N8N_USER_FOLDER;
		if (userFolder && userFolder.startsWith(join(tmpdir(), 'n8n-harness-'))) rmSync(userFolder, { recursive: true, force: true });
	}

	const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
	console.log(`\n### File → Delete Many against File → Delete per item (${new Date().toISOString().slice(0, 16)} UTC, load average ${load})\n`);
	console.log(`n8n's execution engine (test harness), stand-in jobs take ${JOB.asyncJobMs} ms + ${JOB.asyncJobMsPerEntry} ms an entry; requests counted at the stand-in.\n`);
	console.log('| round trip | entries | File → Delete Many: time | requests | File → Delete per item: time | requests | time, batch / single | requests, batch / single |');
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const { rtt, size, batch, single } of rows) {
		const routes = (/** @type {Record<string, number>} */ byRoute) => Object.entries(byRoute).map(([route, n]) => `${route.replace('files/', '')} × ${n}`).join(', ');
		const requests = (/** @type {Awaited<ReturnType<typeof measure>>} */ run) => `${run.requests} (${routes(run.byRoute)}${run.errors ? `; ${run.errors} not 200` : ''})`;
		console.log(
			`| ${rtt ? `${rtt} ms` : 'loopback'} | ${size} | ${fmt.seconds(batch.seconds)} | ${requests(batch)} | ${fmt.seconds(single.seconds)} | ${requests(single)} | ${fmt.ratio(batch.seconds / single.seconds)} | ${fmt.ratio(batch.requests / single.requests)} |`,
		);
	}
	const slower = rows.filter((row) => row.batch.seconds > row.single.seconds);
	console.log(slower.length === 0 ? '\nFile → Delete Many was faster than single calls at every size.' : `\nFile → Delete Many was slower at: ${slower.map((r) => `${r.size} entries, ${r.rtt ? `${r.rtt} ms` : 'loopback'}`).join('; ')}.`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
