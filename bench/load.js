// @ts-check
// What installing the package costs an idle n8n: resident memory (RSS) of a real `n8n start` (scripts/n8n.cjs)
// with the packed package in its user folder against the same start without it, alternating, several rounds,
// medians. Each start gets a fresh user folder and no Dropbox at all (no stand-in, no credential, no workflow),
// so the only difference is the package. RSS is read from /proc after n8n reports ready and has sat idle for a
// while (--settle), sampled five times a second apart (the figure per start is the median of those samples), and
// once more after a full garbage collection, with the V8 heap, through n8n's inspector (--inspect on a free port).
// A reading 5 s after ready is shown too: it is what a quick look sees, and it is noisy.
// n8n's task runner (a child process) is reported apart: it does not load community nodes.
//
// Also prints what loading the package costs in a plain Node process (heap and RSS after requiring every node
// and credential the package declares and building their descriptions, as n8n does at start-up): a quick check
// that does not need n8n.
//
// Run: npm run build && node bench/load.js [--rounds N, default 3] [--settle SECONDS, default 30] [--local-only]
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const MiB = 1024 * 1024;
const root = join(__dirname, '..');
const pkg = require('../package.json');

/** @param {string} name */
function arg(name, fallback = 0) {
	const args = process.argv.slice(2);
	return args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
}
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** @param {number[]} values */
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const EARLY_MS = 5_000;
const mib = (/** @type {number} */ bytes) => `${(bytes / MiB).toFixed(1)} MiB`;

/** Every process below `pid` (children, grandchildren), read from /proc. @param {number} pid */
function descendants(pid) {
	/** @type {Map<number, number[]>} */
	const children = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			// ended meanwhile
		}
	}
	/** @type {number[]} */
	const found = [];
	const walk = (/** @type {number} */ p) => {
		for (const child of children.get(p) ?? []) {
			found.push(child);
			walk(child);
		}
	};
	walk(pid);
	return found;
}

/** RSS in bytes of one process. @param {number} pid */
function rssOf(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /VmRSS:\s+(\d+) kB/.exec(status);
	return match ? Number(match[1]) * 1024 : 0;
}

/**
 * Through the inspector of the n8n process (started with --inspect on a free port): a full garbage collection,
 * then its heap as process.memoryUsage() sees it. Runs in n8n's own Node (it has a WebSocket client).
 * @param {number} pid
 * @returns {{ heapUsed: number, rss: number }}
 */
function heapAfterGc(pid) {
	const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
		.split('\n')
		.filter((line) => line.includes(`pid=${pid},`))
		.map((line) => Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]))
		.filter(Boolean);
	const script = `
		const ports = ${JSON.stringify(listening)};
		(async () => {
			let url;
			for (const port of ports) {
				try {
					const list = await (await fetch('http://127.0.0.1:' + port + '/json/list', { signal: AbortSignal.timeout(2000) })).json();
					url = list[0].webSocketDebuggerUrl;
					break;
				} catch {}
			}
			if (!url) throw new Error('no inspector among ports ' + ports);
			const ws = new WebSocket(url);
			await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
			let id = 0;
			const pending = new Map();
			ws.onmessage = (event) => { const m = JSON.parse(event.data); pending.get(m.id)?.(m); };
			const send = (method, params = {}) => new Promise((resolve) => { pending.set(++id, resolve); ws.send(JSON.stringify({ id, method, params })); });
			await send('HeapProfiler.collectGarbage');
			await new Promise((r) => setTimeout(r, 500));
			await send('HeapProfiler.collectGarbage');
			const answer = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
			console.log(answer.result.result.value);
			ws.close();
			process.exit(0);
		})().catch((error) => { console.error(error); process.exit(1); });
	`;
	const { nodeBin } = require('../scripts/runtime.cjs');
	return JSON.parse(execFileSync(nodeBin, ['-e', script], { encoding: 'utf8', timeout: 60_000 }).trim());
}

/** @param {number} pid */
const commandOf = (pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');

/**
 * One `n8n start` in a fresh user folder, with or without the package; its idle RSS.
 * @param {boolean} withPackage @param {number} settleMs
 */
async function measureStart(withPackage, settleMs) {
	const { createN8n, freePort, PACKAGE_NAME } = require('../scripts/n8n.cjs');
	const userFolder = fs.mkdtempSync(join(tmpdir(), 'n8n-load-'));
	// Every Node process of the start gets an inspector on a port of its own (0: any free one); only n8n's is used.
	const env = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };
	const n8n = /** @type {any} */ (createN8n({ userFolder, port: await freePort(), dropbox: 'real', seedCredential: false, env, log: () => {} }));
	if (!withPackage) {
		// createN8n always installs the package; take it out again just before n8n starts.
		const startServer = n8n.startServer.bind(n8n);
		n8n.startServer = async () => {
			const nodesDir = join(userFolder, '.n8n', 'nodes');
			fs.rmSync(join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
			fs.rmSync(join(nodesDir, 'package.json'), { force: true });
			return startServer();
		};
	}
	try {
		await n8n.start();
		// Soon after start-up n8n has not yet collected its start-up garbage: a reading then (what a quick look at
		// a fresh n8n sees) is far higher and varies by tens of MiB from start to start.
		await sleep(EARLY_MS);
		const [early = 0] = descendants(n8n.server.pid).filter((pid) => / start\b/.test(commandOf(pid))).map(rssOf);
		await sleep(Math.max(0, settleMs - EARLY_MS));
		// The guard's child is n8n's main process; the task runner is n8n's child.
		const [main] = descendants(n8n.server.pid).filter((pid) => / start\b/.test(commandOf(pid)));
		if (!main) throw new Error('could not find the n8n process');
		const samples = { main: /** @type {number[]} */ ([]), runner: /** @type {number[]} */ ([]) };
		for (let i = 0; i < 5; i++) {
			samples.main.push(rssOf(main));
			samples.runner.push(descendants(main).reduce((sum, pid) => sum + rssOf(pid), 0));
			await sleep(1000);
		}
		const gc = heapAfterGc(main);
		await sleep(1000);
		const rssAfterGc = rssOf(main);
		// n8n's node list for the editor names the package's node exactly when it was loaded.
		const types = /** @type {string[]} */ (await n8n.nodeTypes());
		if (types.includes(`${PACKAGE_NAME}.dropboxSuite`) !== withPackage) {
			throw new Error(`n8n ${withPackage ? 'did not load' : 'loaded'} the package in the ${withPackage ? 'package' : 'baseline'} start`);
		}
		return { early, main: median(samples.main), runner: median(samples.runner), heap: gc.heapUsed, rssAfterGc };
	} finally {
		await n8n.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/** Heap and RSS that requiring the package's nodes and credentials adds to a plain Node process. */
function localCost() {
	const script = `
		require('n8n-workflow');
		const files = ${JSON.stringify([...pkg.n8n.nodes, ...pkg.n8n.credentials].map((file) => join(root, file)))};
		gc(); gc();
		const before = process.memoryUsage();
		const started = process.hrtime.bigint();
		const descriptions = [];
		for (const file of files) {
			for (const Type of Object.values(require(file))) {
				if (typeof Type !== 'function') continue;
				const made = new Type();
				descriptions.push(made.description ?? made);
			}
		}
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		gc(); gc();
		const after = process.memoryUsage();
		console.log(JSON.stringify({ heap: after.heapUsed - before.heapUsed, rss: after.rss - before.rss, ms, json: JSON.stringify(descriptions).length }));
	`;
	const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { cwd: root, encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

async function main() {
	const rounds = arg('--rounds', 3);
	const settleMs = arg('--settle', 30) * 1000;
	const local = localCost();
	console.log(`\n### Loading the package in a plain Node process (node ${process.version})\n`);
	console.log(
		`require + descriptions: ${local.ms.toFixed(0)} ms, V8 heap after a full GC +${mib(local.heap)}, descriptions as JSON ${mib(local.json)} ` +
			`(RSS +${mib(local.rss)}, mostly V8 growing the young generation of a small process: not what n8n sees)`,
	);
	if (process.argv.includes('--local-only')) return;

	const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
	/** @typedef {Awaited<ReturnType<typeof measureStart>>} Start */
	/** @type {{ with: Start[], without: Start[] }} */
	const runs = { with: [], without: [] };
	for (let round = 1; round <= rounds; round++) {
		// Alternate which comes first, so that a drift of the machine does not favour one side.
		const order = round % 2 ? [false, true] : [true, false];
		for (const withPackage of order) {
			const result = await measureStart(withPackage, settleMs);
			(withPackage ? runs.with : runs.without).push(result);
			console.error(
				`round ${round}, ${withPackage ? 'with the package' : 'without it      '}: RSS ${mib(result.early)} soon after ready, ${mib(result.main)} settled, after a full GC ${mib(result.rssAfterGc)}, heap ${mib(result.heap)}; task runner ${mib(result.runner)}`,
			);
		}
	}
	/** @type {Array<[string, (r: Start) => number]>} */
	const measures = [
		[`RSS ${EARLY_MS / 1000} s after ready`, (r) => r.early],
		[`RSS ${settleMs / 1000} s after ready`, (r) => r.main],
		['RSS after a full GC', (r) => r.rssAfterGc],
		['V8 heap used after a full GC', (r) => r.heap],
		["task runner's RSS", (r) => r.runner],
	];
	const { N8N_VERSION, NODE_VERSION } = require('../scripts/runtime.cjs');
	console.log(`\n### Idle \`n8n start\` with and without ${pkg.name} ${pkg.version} (n8n ${N8N_VERSION}, Node ${NODE_VERSION}; ${rounds} starts each, alternating; ${new Date().toISOString().slice(0, 16)} UTC, load average at start ${load})\n`);
	console.log('| measure | without: each start (MiB) | with: each start (MiB) | median without | median with | the package\'s share |');
	console.log('| --- | --- | --- | --- | --- | --- |');
	for (const [name, of] of measures) {
		const without = runs.without.map(of);
		const withIt = runs.with.map(of);
		const share = median(withIt) - median(without);
		const each = (/** @type {number[]} */ list) => list.map((v) => (v / MiB).toFixed(0)).join(', ');
		console.log(`| ${name} | ${each(without)} | ${each(withIt)} | ${mib(median(without))} | ${mib(median(withIt))} | ${share >= 0 ? '+' : ''}${mib(share)} |`);
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
