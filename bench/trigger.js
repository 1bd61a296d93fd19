// @ts-check
// The webhook trigger in a real n8n (scripts/n8n.cjs: n8n 2.41.1 on Node 24, the package installed as a
// community package, the stand-in behind the proxy): how long from a change in Dropbox to the execution starting
// in n8n, and how many Dropbox calls a notification costs when nothing the trigger watches changed.
//
//   node bench/trigger.js [--changes 10] [--irrelevant 10] [--delay-ms 50] [--port <n>] [--keep]
//
// Needs a build (npm run build). Latency: the stand-in's store is written in this process (time t0), the stand-in
// POSTs a signed notification to the trigger's production URL after its burst window (--delay-ms, as Dropbox
// batches changes), and n8n's execution record says when the run started (startedAt). Prints a Markdown table.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { createN8n, freePort, STAND_IN } = require('../scripts/n8n.cjs');
const runtime = require('../scripts/runtime.cjs');

const WATCHED = '/Bench Inbox';
const WEBHOOK_ID = '6a0f3c52-9e4d-4b7a-8c1e-2f5d7b9a0c31';
const WORKFLOW_ID = 'BenchTrigWebhook';

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = { changes: 10, irrelevant: 10, delayMs: 50, port: 0, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => Number(inline ?? argv[++i]);
		if (flag === '--changes') options.changes = value();
		else if (flag === '--irrelevant') options.irrelevant = value();
		else if (flag === '--delay-ms') options.delayMs = value();
		else if (flag === '--port') options.port = value();
		else if (flag === '--keep') options.keep = true;
		else throw new Error(`unknown option ${argv[i]}`);
	}
	return options;
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number[]} values */
function stats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (/** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	return { n: sorted.length, median, min: sorted[0], p90: at(0.9), max: sorted[sorted.length - 1] };
}

const workflow = {
	id: WORKFLOW_ID,
	name: 'bench: Dropbox Suite Trigger',
	nodes: [
		{
			id: '0b6c2f7e-4a1d-4e8b-9c3f-5d7a1b2c3d4e',
			name: 'Dropbox Trigger',
			type: 'n8n-nodes-dropbox-suite.dropboxSuiteTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { path: WATCHED, recursive: true, events: ['fileAdded', 'fileModified'], options: {} },
			credentials: { [STAND_IN.credentialType]: { id: STAND_IN.credentialId, name: STAND_IN.credentialName } },
			webhookId: WEBHOOK_ID,
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	active: false,
};

/**
 * Waits until `ready()` holds (every 20 ms) or throws after `timeoutMs`.
 * @param {() => boolean | Promise<boolean>} ready @param {number} timeoutMs @param {string} what
 */
async function until(ready, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(20);
	}
}

/**
 * Waits until the stand-in has seen no request for `quietMs` and none is in flight.
 * @param {any} standIn @param {number} quietMs
 */
async function quiet(standIn, quietMs) {
	let seen = standIn.requests.length;
	let since = Date.now();
	await until(
		() => {
			if (standIn.requests.length !== seen || standIn.requests.some((/** @type {any} */ r) => r.status === null)) {
				seen = standIn.requests.length;
				since = Date.now();
			}
			return Date.now() - since >= quietMs;
		},
		30_000,
		'n8n to stop calling Dropbox',
	);
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const userFolder = path.join(runtime.cacheDir, 'bench', `trigger-${process.pid}`);
	const instance = createN8n({
		userFolder,
		port: options.port || (await freePort()),
		fresh: true,
		dropbox: 'stand-in',
		workflows: [workflow],
		log: (line) => process.stderr.write(`[bench] ${line}\n`),
	});
	try {
		await instance.start();
		const standIn = instance.standIn;
		const store = standIn.store;
		const home = store.personal().home_namespace_id;
		store.ensureFolder(home, WATCHED);

		standIn.clearRequests();
		await instance.activate(WORKFLOW_ID);
		await until(() => standIn.requests.some((/** @type {any} */ r) => r.route === 'files/list_folder/get_latest_cursor' && r.status === 200), 15_000, 'the baseline');
		standIn.webhooks.configure({ url: `${instance.url}/webhook/${WEBHOOK_ID}/dropbox`, delayMs: options.delayMs, retries: 5, backoffMs: 200 });
		const check = await standIn.webhooks.verify();
		if (!check.ok) throw new Error(`the trigger's URL check failed: ${check.problems.join('; ')}`);

		// Warm-up: the first webhook call loads what n8n loads lazily.
		let last = await instance.latestExecutionId(WORKFLOW_ID);
		store.putFile(home, `${WATCHED}/warm-up.txt`, Buffer.from('warm'));
		await instance.waitForExecution(WORKFLOW_ID, last, 30_000);
		await standIn.webhooks.idle();
		await quiet(standIn, 300);

		/** @type {{ toSent: number, toStarted: number, toFinished: number, calls: number, answered: number, toFirstCall: number, lastCallToStarted: number }[]} */
		const relevant = [];
		for (let i = 1; i <= options.changes; i++) {
			last = await instance.latestExecutionId(WORKFLOW_ID);
			standIn.webhooks.clearDeliveries();
			const mark = standIn.requests.length;
			const t0 = Date.now();
			store.putFile(home, `${WATCHED}/change ${i}.txt`, Buffer.from(`change ${i}`));
			const execution = await instance.waitForExecution(WORKFLOW_ID, last, 30_000);
			await standIn.webhooks.idle();
			await quiet(standIn, 300);
			const [delivery] = standIn.webhooks.deliveries;
			const calls = standIn.requests.slice(mark);
			const started = Date.parse(execution.startedAt);
			relevant.push({
				toSent: delivery.at - t0,
				toStarted: started - t0,
				toFinished: Date.parse(execution.stoppedAt) - t0,
				calls: calls.length,
				answered: delivery.ms ?? NaN,
				toFirstCall: calls[0].at - delivery.at,
				lastCallToStarted: started - calls[calls.length - 1].at,
			});
		}

		/** @type {{ calls: number, routes: string[], executions: number }[]} */
		const irrelevant = [];
		for (let i = 1; i <= options.irrelevant; i++) {
			last = await instance.latestExecutionId(WORKFLOW_ID);
			standIn.webhooks.clearDeliveries();
			const mark = standIn.requests.length;
			store.putFile(home, `/Elsewhere/unwatched ${i}.txt`, Buffer.from(`elsewhere ${i}`));
			await standIn.webhooks.idle();
			if (!standIn.webhooks.deliveries.every((/** @type {any} */ d) => d.ok)) throw new Error('a notification was not accepted');
			await until(() => standIn.requests.length > mark, 10_000, 'the trigger to read its feed');
			await quiet(standIn, 300);
			const routes = standIn.requests.slice(mark).map((/** @type {any} */ r) => r.route);
			const executions = (await instance.latestExecutionId(WORKFLOW_ID)) - last;
			irrelevant.push({ calls: routes.length, routes, executions });
		}

		const ms = (/** @type {number} */ v) => `${Math.round(v)} ms`;
		const row = (/** @type {string} */ label, /** @type {number[]} */ values, /** @type {(v: number) => string} */ fmt) => {
			const s = stats(values);
			return `| ${label} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.p90)} | ${fmt(s.max)} | ${s.n} |`;
		};
		const distinctRoutes = [...new Set(irrelevant.map((r) => r.routes.join(' + ')))];
		const lines = [
			`### Dropbox Suite Trigger in n8n ${runtime.N8N_VERSION} (Node ${runtime.NODE_VERSION}), stand-in webhooks, burst window ${options.delayMs} ms`,
			'',
			'| measure | median | min | p90 | max | n |',
			'| --- | --- | --- | --- | --- | --- |',
			row('change → notification sent (stand-in burst window included)', relevant.map((r) => r.toSent), ms),
			row('change → execution started (n8n startedAt)', relevant.map((r) => r.toStarted), ms),
			row('notification sent → execution started', relevant.map((r) => r.toStarted - r.toSent), ms),
			row('  of which: notification sent → n8n answers it', relevant.map((r) => r.answered), ms),
			row('  of which: notification sent → first Dropbox call', relevant.map((r) => r.toFirstCall), ms),
			row('  of which: last Dropbox call sent → execution started', relevant.map((r) => r.lastCallToStarted), ms),
			row('change → execution finished (n8n stoppedAt)', relevant.map((r) => r.toFinished), ms),
			row('Dropbox calls per notification, change in the watched folder', relevant.map((r) => r.calls), String),
			row('Dropbox calls per notification, change outside the watched folder', irrelevant.map((r) => r.calls), String),
			'',
			`Calls for a change outside the watched folder: ${distinctRoutes.map((r) => `\`${r}\``).join(', ')}; executions started: ${irrelevant.reduce((sum, r) => sum + r.executions, 0)}.`,
		];
		console.log(lines.join('\n'));
	} finally {
		await instance.stop();
		if (!options.keep) fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
