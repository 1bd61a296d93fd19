// @ts-check
// Batch delete of many entries: HTTP requests the Dropbox Suite node makes for File → Delete Many, counted at the
// stand-in, against File → Delete over the same input items, which makes one files/delete_v2 call per item (how
// n8n's built-in Dropbox node deletes). Both run the built node (dist/) in n8n's real execution engine, through
// the proxy and TLS. Also prints the wall time of each run.
//
// Run: npm run build && node bench/batch.js [--items N, default 1000]
'use strict';

const { rmSync } = require('node:fs');
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

async function main() {
	const args = process.argv.slice(2);
	const items = args.includes('--items') ? Number(args[args.indexOf('--items') + 1]) : 1000;
	if (!(items >= 1)) throw new Error('--items needs a positive number');
	const target = await startStandInProcess();
	const undo = [trustTestCa(target.caPem), withDropboxProxy(target.proxyUrl)];
	const rows = [];
	let polls;
	try {
		polls = /** @type {any} */ (await control(target, 'files-options', {})).asyncJobPolls ?? 1;
		// Warm up: each operation once on one file, so module loading and first TLS contexts are not timed.
		await createFiles(target, [`${FOLDER}/warmup-1.txt`, `${FOLDER}/warmup-2.txt`]);
		await runDropboxSuite(target, BATCH_DELETE, [{ json: { path: `${FOLDER}/warmup-1.txt` } }]);
		await runDropboxSuite(target, FILE_DELETE, [{ json: { path: `${FOLDER}/warmup-2.txt` } }]);

		const paths = pathsOf(items);
		await createFiles(target, paths);
		rows.push({ name: 'File → Delete Many (this node)', ...(await measure(target, BATCH_DELETE, paths)) });
		await createFiles(target, paths);
		rows.push({ name: "File → Delete, one call per item (n8n's built-in node's way)", ...(await measure(target, FILE_DELETE, paths)) });
	} finally {
		for (const u of undo.reverse()) u();
		await target.stop();
		// The harness's throwaway n8n user folder (jest would remove it in afterAll).
		const userFolder = process.env.N8N_USER_FOLDER;
		if (userFolder && userFolder.startsWith(join(tmpdir(), 'n8n-harness-'))) rmSync(userFolder, { recursive: true, force: true });
	}

	console.log(`\n### Deleting ${items} files: HTTP requests counted at the stand-in\n`);
	console.log('| operation | input items | HTTP requests | requests by route | wall time |');
	console.log('| --- | --- | --- | --- | --- |');
	for (const row of rows) {
		const routes = Object.entries(row.byRoute).map(([route, n]) => `${route} × ${n}`).join(', ');
		console.log(`| ${row.name} | ${items} | ${row.requests}${row.errors ? ` (${row.errors} not 200)` : ''} | ${routes} | ${fmt.seconds(row.seconds)} |`);
	}
	const [batch, single] = rows;
	const fewer = single.requests / batch.requests;
	console.log(`\nFile → Delete Many made ${fewer >= 10 ? fewer.toFixed(0) : fewer.toFixed(1)}× fewer requests (${batch.requests} vs ${single.requests}) and took ${fmt.ratio(batch.seconds / single.seconds)} of the time.`);
	console.log(
		`Most of File → Delete Many's wall time is waiting for the job: Dropbox deletes a batch as an async job, the stand-in answers in_progress to the first ${polls === 1 ? 'poll' : `${polls} polls`} (a job that is not done at once), and the node waits 500 ms before its first poll and twice as long before each further one.`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
