// @ts-check
// The three triggers in one real n8n (scripts/n8n.cjs: n8n 2.41.1 on Node 24, the package installed as a
// community package, the stand-in behind the proxy): how long from a change in Dropbox to the execution starting
// in n8n for the webhook, long-poll and polling triggers, and how many Dropbox calls a change costs.
//
//   node bench/trigger.js [--changes 10] [--irrelevant 10] [--delay-ms 50] [--poll-changes 3]
//                         [--modes webhook,longpoll,polling] [--port <n>] [--keep]
//
// Needs a build (npm run build). Latency: the stand-in's store is written in this process (time t0), and n8n's
// execution record says when the run started (startedAt). Webhook: the stand-in POSTs a signed notification to
// the trigger's production URL after its burst window (--delay-ms, as Dropbox batches changes). Long-poll: the
// trigger's open files/list_folder/longpoll returns when the change is logged. Polling: n8n polls once a minute
// (its shortest interval); each change is made a random time after the previous execution, so the latency is a
// fair sample of the wait for the next poll (about a minute per change: --poll-changes). Prints Markdown tables.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { createN8n, freePort, STAND_IN } = require('../scripts/n8n.cjs');
const runtime = require('../scripts/runtime.cjs');

const WATCHED = '/Bench Inbox';
const WEBHOOK_ID = '6a0f3c52-9e4d-4b7a-8c1e-2f5d7b9a0c31';
const WORKFLOW_ID = 'BenchTrigWebhook';
const LONGPOLLED = '/Bench Long-polled';
const LONGPOLL_ID = 'BenchTrigLongPoll';
const POLLED = '/Bench Polled';
const POLLING_ID = 'BenchTrigPolling';
const MODES = ['webhook', 'longpoll', 'polling'];

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = { changes: 10, irrelevant: 10, delayMs: 50, pollChanges: 3, modes: MODES, port: 0, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => Number(inline ?? argv[++i]);
		if (flag === '--changes') options.changes = value();
		else if (flag === '--irrelevant') options.irrelevant = value();
		else if (flag === '--delay-ms') options.delayMs = value();
		else if (flag === '--poll-changes') options.pollChanges = value();
		else if (flag === '--modes') {
			options.modes = String(inline ?? argv[++i]).split(',');
			if (options.modes.some((mode) => !MODES.includes(mode))) throw new Error(`--modes: any of ${MODES.join(', ')}`);
		}
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

const credentials = { [STAND_IN.credentialType]: { id: STAND_IN.credentialId, name: STAND_IN.credentialName } };
const watchParameters = (/** @type {string} */ path) => ({ path, recursive: true, events: ['fileAdded', 'fileModified'], options: {} });

const longPollWorkflow = {
	id: LONGPOLL_ID,
	name: 'bench: Dropbox Suite Long-Poll Trigger',
	nodes: [
		{
			id: '5c2e8a17-3b6d-4f9e-8a1c-7d4b2e6f9a05',
			name: 'Dropbox Long-Poll Trigger',
			type: 'n8n-nodes-dropbox-suite.dropboxSuiteLongPollTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: watchParameters(LONGPOLLED),
			credentials,
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	active: false,
};

const pollingWorkflow = {
	id: POLLING_ID,
	name: 'bench: Dropbox Suite Polling Trigger',
	nodes: [
		{
			id: '8e4a1c6b-2d7f-4a3e-9b5c-1f6d8a2e4c07',
			name: 'Dropbox Polling Trigger',
			type: 'n8n-nodes-dropbox-suite.dropboxSuitePollingTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { ...watchParameters(POLLED), pollTimes: { item: [{ mode: 'everyMinute' }] } },
			credentials,
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
		workflows: [workflow, longPollWorkflow, pollingWorkflow],
		log: (line) => process.stderr.write(`[bench] ${line}\n`),
	});
	try {
		await instance.start();
		/** @type {string[]} */
		const out = [];
		/** @type {Record<string, number[]>} change → execution started, by mode */
		const latency = {};
		if (options.modes.includes('webhook')) latency.webhook = await webhookMode(instance, options, out);
		if (options.modes.includes('longpoll')) latency.longpoll = await longPollMode(instance, options, out);
		if (options.modes.includes('polling')) latency.polling = await pollingMode(instance, options, out);
		const ms = (/** @type {number} */ v) => `${Math.round(v)} ms`;
		const labels = { webhook: 'webhook (Dropbox Suite Trigger)', longpoll: 'long-poll (Dropbox Suite Long-Poll Trigger)', polling: 'polling (Dropbox Suite Polling Trigger, every minute)' };
		console.log(
			[
				`### Change → execution started, the three triggers in one n8n ${runtime.N8N_VERSION} (Node ${runtime.NODE_VERSION}) against the stand-in`,
				'',
				'| mode | median | min | p90 | max | n |',
				'| --- | --- | --- | --- | --- | --- |',
				...Object.entries(latency).map(([mode, values]) => {
					const s = stats(values);
					return `| ${labels[/** @type {keyof typeof labels} */ (mode)]} | ${ms(s.median)} | ${ms(s.min)} | ${ms(s.p90)} | ${ms(s.max)} | ${s.n} |`;
				}),
				'',
				...out,
			].join('\n'),
		);
	} finally {
		await instance.stop();
		if (!options.keep) fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * The webhook trigger: latency and its parts, and calls per notification. Returns change → execution started.
 * @param {any} instance @param {ReturnType<typeof parseArgs>} options @param {string[]} out
 */
async function webhookMode(instance, options, out) {
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
	out.push(...lines, '');
	await instance.deactivate(WORKFLOW_ID);
	standIn.webhooks.disable();
	return relevant.map((r) => r.toStarted);
}

/**
 * The long-poll trigger: latency, Dropbox calls per change (the long-poll that answered included), and calls
 * for a change outside the watched folder. Returns change → execution started.
 * @param {any} instance @param {ReturnType<typeof parseArgs>} options @param {string[]} out
 */
async function longPollMode(instance, options, out) {
	const standIn = instance.standIn;
	const store = standIn.store;
	const home = store.personal().home_namespace_id;
	store.ensureFolder(home, LONGPOLLED);
	const open = () => standIn.requests.filter((/** @type {any} */ r) => r.route === 'files/list_folder/longpoll' && (r.status === null || r.status === undefined));
	standIn.clearRequests();
	await instance.activate(LONGPOLL_ID);
	await until(() => open().length === 1, 15_000, 'the long-poll');

	let last = await instance.latestExecutionId(LONGPOLL_ID);
	store.putFile(home, `${LONGPOLLED}/warm-up.txt`, Buffer.from('warm'));
	await instance.waitForExecution(LONGPOLL_ID, last, 30_000);
	await until(() => open().length === 1, 15_000, 'the next long-poll');

	/** @type {{ toStarted: number, toFinished: number, calls: number }[]} */
	const relevant = [];
	for (let i = 1; i <= options.changes; i++) {
		last = await instance.latestExecutionId(LONGPOLL_ID);
		const mark = standIn.requests.length;
		const t0 = Date.now();
		store.putFile(home, `${LONGPOLLED}/change ${i}.txt`, Buffer.from(`change ${i}`));
		const execution = await instance.waitForExecution(LONGPOLL_ID, last, 30_000);
		await until(() => open().length === 1 && standIn.requests.length > mark, 15_000, 'the next long-poll');
		// The pass and the next long-poll (the one that answered was sent before the change).
		const calls = standIn.requests.slice(mark).length;
		relevant.push({ toStarted: Date.parse(execution.startedAt) - t0, toFinished: Date.parse(execution.stoppedAt) - t0, calls });
	}
	/** @type {number[]} */
	const irrelevant = [];
	for (let i = 1; i <= options.irrelevant; i++) {
		const mark = standIn.requests.length;
		store.putFile(home, `/Elsewhere/long-poll unwatched ${i}.txt`, Buffer.from(`elsewhere ${i}`));
		await sleep(300);
		irrelevant.push(standIn.requests.length - mark);
	}
	const ms = (/** @type {number} */ v) => `${Math.round(v)} ms`;
	const row = (/** @type {string} */ label, /** @type {number[]} */ values, /** @type {(v: number) => string} */ fmt) => {
		const s = stats(values);
		return `| ${label} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.p90)} | ${fmt(s.max)} | ${s.n} |`;
	};
	out.push(
		`### Dropbox Suite Long-Poll Trigger (files/list_folder/longpoll on the notify host, no public URL)`,
		'',
		'| measure | median | min | p90 | max | n |',
		'| --- | --- | --- | --- | --- | --- |',
		row('change → execution started (n8n startedAt)', relevant.map((r) => r.toStarted), ms),
		row('change → execution finished (n8n stoppedAt)', relevant.map((r) => r.toFinished), ms),
		row('requests per change in the watched folder (the pass + the next long-poll)', relevant.map((r) => r.calls), String),
		row('requests per change outside the watched folder (within 300 ms)', irrelevant, String),
		'',
	);
	await instance.deactivate(LONGPOLL_ID);
	return relevant.map((r) => r.toStarted);
}

/**
 * The polling trigger, polled every minute: change → execution started. Returns it.
 * @param {any} instance @param {ReturnType<typeof parseArgs>} options @param {string[]} out
 */
async function pollingMode(instance, options, out) {
	const standIn = instance.standIn;
	const store = standIn.store;
	const home = store.personal().home_namespace_id;
	store.ensureFolder(home, POLLED);
	standIn.clearRequests();
	await instance.activate(POLLING_ID);
	await until(() => standIn.requests.some((/** @type {any} */ r) => r.route === 'files/list_folder/get_latest_cursor' && r.status === 200), 15_000, 'the baseline');
	/** @type {number[]} */
	const latencies = [];
	for (let i = 1; i <= options.pollChanges; i++) {
		// A random moment within the poll interval.
		await sleep(Math.random() * 60_000);
		const last = await instance.latestExecutionId(POLLING_ID);
		const t0 = Date.now();
		store.putFile(home, `${POLLED}/change ${i}.txt`, Buffer.from(`change ${i}`));
		const execution = await instance.waitForExecution(POLLING_ID, last, 90_000);
		latencies.push(Date.parse(execution.startedAt) - t0);
	}
	await instance.deactivate(POLLING_ID);
	out.push(`Polling: ${latencies.length} changes at random moments, polls every minute (n8n's shortest interval).`, '');
	return latencies;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
