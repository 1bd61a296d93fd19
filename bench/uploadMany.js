// @ts-check
// Many small files: File → Upload Many (start_batch, append_batch, one finish_batch_v2 commit) against File → Upload
// over the same kind of input items (one files/upload, one commit, per item), in the same run, with the stand-in's
// namespace write contention on (filesOptions.writeContention: commits beyond a limit in a short window are
// refused with too_many_write_operations and have to wait). Both run the built node (dist/) in n8n's real
// execution engine, with the files in n8n's binary store, through the proxy and TLS. Prints requests made, wall
// time and contention answers, and their ratios.
//
// Run: npm run build && node bench/uploadMany.js [--files N, default 1000] [--kib K, default 10]
'use strict';

const { rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { control, startStandInProcess, runDropboxSuite, fmt } = require('./lib');
const { binaryItem, trustTestCa, withDropboxProxy } = require('../test/harness');

const FOLDER = '/bench-upload-many';
const UPLOAD_MANY = { resource: 'file', operation: 'uploadMany', path: '={{ $json.path }}' };
const UPLOAD = { resource: 'file', operation: 'upload', path: '={{ $json.path }}' };

/**
 * Input items with a binary field `data` of `bytes` bytes each (different content per file), in n8n's binary store.
 * @param {string} folder @param {number} count @param {number} bytes
 */
async function inputItems(folder, count, bytes) {
	const items = [];
	for (let i = 0; i < count; i++) {
		const content = Buffer.alloc(bytes, i % 251);
		content.write(`file ${i} of ${folder}\n`);
		const item = await binaryItem(content, `file-${i}.bin`);
		items.push({ ...item, json: { path: `${folder}/file-${String(i + 1).padStart(4, '0')}.bin` } });
	}
	return items;
}

/**
 * Runs the node over `items` and returns what the stand-in saw.
 * @param {import('./lib').Target} target @param {import('n8n-workflow').INodeParameters} parameters
 * @param {import('n8n-workflow').INodeExecutionData[]} items
 */
async function measure(target, parameters, items) {
	await control(target, 'clear-requests');
	const started = process.hrtime.bigint();
	const result = await runDropboxSuite(target, parameters, items);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const { requests } = /** @type {{ requests: Array<{ route: string, status: number | null }> }} */ (await control(target, 'requests', { clear: true }));
	const failed = result.items.filter((item) => item.json.success === false || item.json.error || (item.json.status && item.json.status !== 'success'));
	/** @type {Record<string, number>} */
	const byRoute = {};
	for (const { route } of requests) byRoute[route] = (byRoute[route] ?? 0) + 1;
	// The stand-in refuses a contended commit with a 429 (too_many_write_operations) and carries nothing out.
	const contention = requests.filter((r) => r.status === 429).length;
	return { seconds, requests: requests.length, byRoute, contention, itemsOut: result.items.length, failed: failed.length };
}

async function main() {
	const args = process.argv.slice(2);
	const count = args.includes('--files') ? Number(args[args.indexOf('--files') + 1]) : 1000;
	const kib = args.includes('--kib') ? Number(args[args.indexOf('--kib') + 1]) : 10;
	if (!(count >= 1) || !(kib >= 0)) throw new Error('--files needs a positive number, --kib 0 or more');
	const target = await startStandInProcess();
	const undo = [trustTestCa(target.caPem), withDropboxProxy(target.proxyUrl)];
	const rows = [];
	/** @type {any} */
	let contention;
	try {
		// Warm up (contention off): each operation once, so module loading and first TLS contexts are not timed.
		await runDropboxSuite(target, UPLOAD_MANY, await inputItems(`${FOLDER}/warmup-many`, 2, 100));
		await runDropboxSuite(target, UPLOAD, await inputItems(`${FOLDER}/warmup-single`, 2, 100));

		const many = await inputItems(`${FOLDER}/many`, count, kib * 1024);
		const single = await inputItems(`${FOLDER}/single`, count, kib * 1024);
		// The stand-in's defaults: 10 commits a second per namespace, Retry-After 1 s (see test/emulator/README.md).
		contention = await control(target, 'files-options', { writeContention: true });
		rows.push({ name: 'File → Upload Many (this node)', ...(await measure(target, UPLOAD_MANY, many)) });
		rows.push({ name: 'File → Upload, one call per item', ...(await measure(target, UPLOAD, single)) });
	} finally {
		for (const u of undo.reverse()) u();
		await target.stop();
		// The harness's throwaway n8n user folder (jest would remove it in afterAll).
		const userFolder = process.env.N8N_USER_FOLDER;
		if (userFolder && userFolder.startsWith(join(tmpdir(), 'n8n-harness-'))) rmSync(userFolder, { recursive: true, force: true });
	}

	console.log(`\n### Uploading ${count} files of ${kib} KiB with write contention on (stand-in: ${JSON.stringify(contention.writeContention)})\n`);
	console.log('| operation | files | HTTP requests | requests by route | contention answers (429) | items not stored | wall time |');
	console.log('| --- | --- | --- | --- | --- | --- | --- |');
	for (const row of rows) {
		const routes = Object.entries(row.byRoute).map(([route, n]) => `${route} × ${n}`).join(', ');
		console.log(`| ${row.name} | ${count} | ${row.requests} | ${routes} | ${row.contention} | ${row.failed} | ${fmt.seconds(row.seconds)} |`);
	}
	const [batch, each] = rows;
	const fewer = each.requests / batch.requests;
	const faster = each.seconds / batch.seconds;
	console.log(
		`\nUpload Many made ${fewer.toFixed(0)}× fewer requests (${batch.requests} vs ${each.requests}), was ${faster.toFixed(1)}× faster (${fmt.seconds(batch.seconds)} vs ${fmt.seconds(each.seconds)}) and met ${batch.contention} contention answers (File → Upload: ${each.contention}).`,
	);
	const goals = [
		[batch.requests < 10, `under 10 requests (${batch.requests})`],
		[faster >= 20, `at least 20× faster (${faster.toFixed(1)}×)`],
		[batch.contention === 0 && batch.failed === 0, `0 contention failures (${batch.contention} answers, ${batch.failed} items not stored)`],
	];
	console.log(`Goals: ${goals.map(([met, text]) => `${met ? 'met' : 'MISSED'}: ${text}`).join('; ')}.`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
