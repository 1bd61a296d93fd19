// @ts-check
// Uploads and downloads inside a real n8n (scripts/n8n.cjs: n8n 2.41.1, the package installed as a community
// package, filesystem binary mode, the stand-in behind its loopback proxy), against a plain client moving the
// same bytes through the same proxy and stand-in in the same run. See bench/README.md ("n8n-transfer.js").
//
//   node bench/n8n-transfer.js [sizes in MiB, default 1024] [--rounds 3] [--parallel-mib 1024] [--parallel 4]
//        [--latency-ms 50] [--link-mibps 10] [--no-builtin] [--only upload|download]
//        [--plain-runtime bench|n8n] [--profile DIR] [--keep]
//
// Per size and round (the order of node and plain client alternates between rounds; the plain upload follows a
// baseline execution, so that both uploads start right after the same Read File):
//   upload:   Manual Trigger → Read/Write Files from Disk (the generated file) → Dropbox Suite File → Upload
//   download: Manual Trigger → Dropbox Suite File → Download (into n8n's binary store; nothing else is written)
//   baseline: Manual Trigger → Read/Write Files from Disk → No Operation (everything but the Dropbox node)
//   built-in: the same workflows with n8n's own Dropbox node (n8n-nodes-base.dropbox, an access-token
//             credential for the stand-in); its upload is one files/upload call, so only up to 150 MiB
//   plain:    bench/plain-transfer.js in a process of its own (same requests, no hashing)
// Node time: the node's executionTime in the execution's runData. Memory: the n8n process's peak resident set
// (VmHWM, reset through /proc/<pid>/clear_refs right before each execution, after a full garbage collection
// through the inspector) minus the baseline execution's.
// Parallel chunks: the proxy shapes every tunnel (round trip --latency-ms, each connection capped at
// --link-mibps), and File → Upload of --parallel-mib runs with Parallel Chunks 1 and --parallel; the stored
// file's content hash is checked against the local file's.
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createN8n, freePort, STAND_IN } = require('../scripts/n8n.cjs');

// The garbage collection before each measurement goes through n8n's inspector, spoken over a WebSocket.
if (typeof (/** @type {any} */ (globalThis).WebSocket) === 'undefined') {
	const { status } = require('node:child_process').spawnSync(process.execPath, ['--experimental-websocket', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
	process.exit(status ?? 1);
}

const MiB = 1024 * 1024;
const CHUNK_BYTES = 16 * MiB;
const NODE_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuite';
const OURS = { [STAND_IN.credentialType]: { id: STAND_IN.credentialId, name: STAND_IN.credentialName } };
const BUILTIN_CREDENTIAL = { id: 'BenchDropboxBuiltIn', name: 'Dropbox built-in (stand-in)', type: 'dropboxApi' };
const BUILTIN_MAX_UPLOAD = 150 * MiB;

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = {
		sizes: /** @type {number[]} */ ([]),
		rounds: 3,
		parallelMiB: 1024,
		parallel: 4,
		latencyMs: 50,
		linkMiBps: 8,
		builtin: true,
		/** @type {'' | 'upload' | 'download'} */
		only: '',
		/** @type {'bench' | 'n8n'} */
		plainRuntime: 'bench',
		profile: '',
		keep: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => inline ?? argv[++i];
		if (flag === '--rounds') options.rounds = Number(value());
		else if (flag === '--parallel-mib') options.parallelMiB = Number(value());
		else if (flag === '--parallel') options.parallel = Number(value());
		else if (flag === '--latency-ms') options.latencyMs = Number(value());
		else if (flag === '--link-mibps') options.linkMiBps = Number(value());
		else if (flag === '--no-builtin') options.builtin = false;
		else if (flag === '--only') {
			const only = value();
			if (only !== 'upload' && only !== 'download') throw new Error('--only takes upload or download');
			options.only = only;
		}
		else if (flag === '--profile') options.profile = path.resolve(value());
		else if (flag === '--plain-runtime') {
			const runtime = value();
			if (runtime !== 'bench' && runtime !== 'n8n') throw new Error('--plain-runtime takes bench or n8n');
			options.plainRuntime = runtime;
		}
		else if (flag === '--keep') options.keep = true;
		else if (/^\d+(\.\d+)?$/.test(flag)) options.sizes.push(Number(flag));
		else throw new Error(`unknown option ${argv[i]}`);
	}
	if (!options.sizes.length) options.sizes = [1024];
	return options;
}

/** Dropbox's content hash of a file on disk (4 MiB blocks). @param {string} file */
function fileContentHash(file) {
	const fd = fs.openSync(file, 'r');
	const block = Buffer.allocUnsafe(4 * MiB);
	const digests = [];
	for (let n; (n = fs.readSync(fd, block, 0, block.length, null)) > 0; ) digests.push(crypto.createHash('sha256').update(block.subarray(0, n)).digest());
	fs.closeSync(fd);
	return crypto.createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

/** @param {string} file @param {number} bytes */
function generateFile(file, bytes) {
	const fd = fs.openSync(file, 'w');
	const block = Buffer.allocUnsafe(16 * MiB);
	for (let written = 0; written < bytes; ) {
		const n = Math.min(block.length, bytes - written);
		crypto.randomFillSync(block, 0, n);
		fs.writeSync(fd, block, 0, n);
		written += n;
	}
	fs.closeSync(fd);
}

/** @param {string} id @param {string} name @param {object[]} nodes */
function workflow(id, name, nodes) {
	const connections = /** @type {Record<string, unknown>} */ ({});
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[/** @type {any} */ (nodes[i]).name] = { main: [[{ node: /** @type {any} */ (nodes[i + 1]).name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false, pinData: {} };
}

let nodeIds = 0;
/** @param {string} name @param {string} type @param {number} typeVersion @param {object} parameters @param {object} [credentials] */
function node(name, type, typeVersion, parameters, credentials) {
	nodeIds++;
	return {
		id: `00000000-0000-4000-8000-${String(nodeIds).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [nodeIds * 220, 0],
		parameters,
		...(credentials && { credentials }),
	};
}

const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
/** @param {string} file */
const readFile = (file) => node('Read File', 'n8n-nodes-base.readWriteFile', 1, { operation: 'read', fileSelector: file, options: {} });

/** The workflows of one size. @param {number} mib @param {string} file @param {{ parallel: number }} options */
function workflowsFor(mib, file, options) {
	const remote = `/Bench/file-${mib}.bin`;
	const upload = (/** @type {number} */ parallelChunks) =>
		node('Dropbox', NODE_TYPE, 1, { resource: 'file', operation: 'upload', path: remote, source: 'binary', binaryPropertyName: 'data', options: { mode: 'overwrite', parallelChunks } }, OURS);
	const builtinUpload = node('Dropbox', 'n8n-nodes-base.dropbox', 1, { operation: 'upload', path: `/Bench/builtin-${mib}.bin`, binaryData: true, binaryPropertyName: 'data' }, { dropboxApi: { id: BUILTIN_CREDENTIAL.id, name: BUILTIN_CREDENTIAL.name } });
	return {
		remote,
		upload: workflow(`BenchUp${mib}`, `bench: upload ${mib} MiB`, [trigger(), readFile(file), upload(1)]),
		uploadParallel: workflow(`BenchUpPar${mib}`, `bench: upload ${mib} MiB, ${options.parallel} chunks at once`, [trigger(), readFile(file), upload(options.parallel)]),
		download: workflow(`BenchDown${mib}`, `bench: download ${mib} MiB`, [
			trigger(),
			node('Dropbox', NODE_TYPE, 1, { resource: 'file', operation: 'download', file: { __rl: true, mode: 'path', value: remote }, binaryPropertyName: 'data' }, OURS),
		]),
		baseline: workflow(`BenchBase${mib}`, `bench: baseline ${mib} MiB`, [trigger(), readFile(file), node('Dropbox', 'n8n-nodes-base.noOp', 1, {})]),
		builtinUpload: workflow(`BenchBiUp${mib}`, `bench: built-in upload ${mib} MiB`, [trigger(), readFile(file), builtinUpload]),
		builtinDownload: workflow(`BenchBiDown${mib}`, `bench: built-in download ${mib} MiB`, [
			trigger(),
			node('Dropbox', 'n8n-nodes-base.dropbox', 1, { operation: 'download', path: remote, binaryPropertyName: 'data' }, { dropboxApi: { id: BUILTIN_CREDENTIAL.id, name: BUILTIN_CREDENTIAL.name } }),
		]),
	};
}

/** The n8n process under the guard (scripts/n8n-guard.cjs) of the server. @param {number} guardPid */
function n8nPid(guardPid) {
	const children = fs.readFileSync(`/proc/${guardPid}/task/${guardPid}/children`, 'utf8').trim().split(/\s+/).map(Number);
	const pid = children.find((child) => /n8n/.test(fs.readFileSync(`/proc/${child}/cmdline`, 'utf8')));
	if (!pid) throw new Error(`no n8n process under the guard ${guardPid}`);
	return pid;
}

/** @param {number} pid @param {string} field VmHWM | VmRSS */
function memoryKiB(pid, field) {
	const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : NaN;
}

/**
 * A session of the inspector protocol in the n8n process (its inspector opened with SIGUSR1 on --inspect-port):
 * `call` resolves with a call's result; what a session started (a CPU profile) ends with the session.
 * @param {number} pid @param {number} port
 * @returns {Promise<{ call: (method: string, params?: object) => Promise<any>, close: () => void }>}
 */
async function inspectorSession(pid, port) {
	/** @type {any} */
	let targets;
	for (let attempt = 0; !targets; attempt++) {
		try {
			targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
		} catch (error) {
			if (attempt === 0) process.kill(pid, 'SIGUSR1');
			if (attempt > 50) throw error;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	const socket = new (/** @type {any} */ (globalThis).WebSocket)(targets[0].webSocketDebuggerUrl);
	await new Promise((resolve, reject) => {
		socket.onerror = reject;
		socket.onopen = resolve;
	});
	/** @type {Map<number, { resolve: (result: any) => void, reject: (error: Error) => void, method: string }>} */
	const pending = new Map();
	let ids = 0;
	socket.onmessage = (/** @type {{ data: unknown }} */ message) => {
		const answer = JSON.parse(String(message.data));
		const waiting = pending.get(answer.id);
		if (!waiting) return;
		pending.delete(answer.id);
		if (answer.error) waiting.reject(new Error(`${waiting.method}: ${answer.error.message}`));
		else waiting.resolve(answer.result);
	};
	return {
		call: (method, params) =>
			new Promise((resolve, reject) => {
				const id = ++ids;
				pending.set(id, { resolve, reject, method });
				socket.send(JSON.stringify({ id, method, params }));
			}),
		close: () => socket.close(),
	};
}

/**
 * A full garbage collection in the n8n process, so that each measurement starts from live memory only, not from
 * what the previous execution left behind.
 * @param {number} pid @param {number} port
 */
async function collectGarbage(pid, port) {
	const session = await inspectorSession(pid, port);
	await session.call('HeapProfiler.collectGarbage');
	session.close();
	await new Promise((resolve) => setTimeout(resolve, 500));
}

/** @type {{ pid: number, inspectPort: number, profileDir: string }} */
const gcTarget = { pid: 0, inspectPort: 0, profileDir: '' };
let profiles = 0;

/**
 * Runs a workflow in the server (as the editor's Execute button does), with the peak memory of the n8n process
 * during it; deletes the execution afterwards (and with it the binary data it stored).
 * @param {import('../scripts/n8n/instance.cjs').N8nInstance} n8n @param {number} pid @param {string} workflowId
 */
async function execute(n8n, pid, workflowId) {
	await collectGarbage(pid, gcTarget.inspectPort);
	// With --profile, a CPU profile of the n8n process over this execution alone (the inspector's profiler).
	const profiler = gcTarget.profileDir ? await inspectorSession(pid, gcTarget.inspectPort) : undefined;
	if (profiler) {
		await profiler.call('Profiler.enable');
		await profiler.call('Profiler.setSamplingInterval', { interval: 500 });
		await profiler.call('Profiler.start');
	}
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
	const rssBefore = memoryKiB(pid, 'VmRSS');
	const { body } = await n8n.rest('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Start' } });
	const executionId = body.data?.executionId;
	if (!executionId) throw new Error(`n8n did not start ${workflowId}: ${JSON.stringify(body).slice(0, 300)}`);
	const execution = await n8n.waitForExecutionId(executionId, 15 * 60_000);
	const peak = memoryKiB(pid, 'VmHWM');
	if (profiler) {
		const { profile } = await profiler.call('Profiler.stop');
		profiler.close();
		fs.writeFileSync(path.join(gcTarget.profileDir, `${String(++profiles).padStart(2, '0')}-${workflowId}.cpuprofile`), JSON.stringify(profile));
	}
	const runData = execution.data?.resultData?.runData ?? {};
	const error = execution.data?.resultData?.error;
	const run = runData.Dropbox?.[0];
	await n8n.api('DELETE', `/executions/${executionId}`).catch(() => undefined);
	if (error || execution.status !== 'success') {
		const e = error ?? run?.error ?? {};
		throw new Error(`${workflowId}: ${execution.status}: ${e.message} ${e.description ?? ''} ${e.httpCode ?? ''}`);
	}
	return { seconds: (run?.executionTime ?? NaN) / 1000, peak, rssBefore, json: run?.data?.main?.[0]?.[0]?.json, binary: run?.data?.main?.[0]?.[0]?.binary };
}

/** The Node.js that runs the plain client: this script's (default) or n8n's (--plain-runtime n8n). */
const plainNode = { bin: process.execPath };

/** @param {object} job */
function plain(job) {
	return new Promise((resolve, reject) => {
		const child = spawn(plainNode.bin, [path.join(__dirname, 'plain-transfer.js'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`plain client exited ${code}`))));
	});
}

/** @param {number[]} values */
function median(values) {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (!sorted.length) return NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const rate = (/** @type {number} */ bytes, /** @type {number} */ seconds) => `${(bytes / MiB / seconds).toFixed(1)} MiB/s`;
const mib = (/** @type {number} */ bytes) => `${(bytes / MiB).toFixed(0)} MiB`;
const signedMib = (/** @type {number} */ bytes) => `${bytes >= 0 ? '+' : ''}${(bytes / MiB).toFixed(0)} MiB`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dbx-n8n-transfer-'));
	const filesDir = path.join(work, 'files');
	fs.mkdirSync(filesDir);
	console.log(`# n8n transfer benchmark, ${new Date().toISOString()}`);
	console.log(`plain client on Node ${require('node:child_process').execFileSync(options.plainRuntime === 'n8n' ? require('../scripts/runtime.cjs').nodeBin : process.execPath, ['--version'], { encoding: 'utf8' }).trim()} (${options.plainRuntime === 'n8n' ? "n8n's" : "the bench's"}); n8n on its own runtime`);
	console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start ${load()}`);

	const sizes = [...new Set([...options.sizes, ...(options.parallelMiB > 0 ? [options.parallelMiB] : [])])];
	const local = /** @type {Record<number, { file: string, hash: string }>} */ ({});
	for (const size of sizes) {
		const file = path.join(filesDir, `file-${size}.bin`);
		generateFile(file, Math.round(size * MiB));
		local[size] = { file, hash: fileContentHash(file) };
	}
	const flows = Object.fromEntries(sizes.map((size) => [size, workflowsFor(size, local[size].file, options)]));
	const allWorkflows = sizes.flatMap((size) => {
		const f = flows[size];
		const list = [f.upload, f.download, f.baseline];
		if (options.sizes.includes(size) && options.builtin) list.push(f.builtinDownload, ...(size * MiB <= BUILTIN_MAX_UPLOAD ? [f.builtinUpload] : []));
		if (size === options.parallelMiB) list.push(f.uploadParallel);
		return list;
	});

	if (options.plainRuntime === 'n8n') plainNode.bin = require('../scripts/runtime.cjs').nodeBin;
	if (options.profile) fs.mkdirSync(options.profile, { recursive: true });
	gcTarget.profileDir = options.profile;
	gcTarget.inspectPort = await freePort();
	const n8n = createN8n({
		userFolder: path.join(work, 'n8n'),
		port: await freePort(),
		fresh: true,
		seed: false,
		workflows: allWorkflows,
		credentials: (standIn) => [
			{ ...BUILTIN_CREDENTIAL, data: { accessToken: standIn.issueTokens({ scopes: 'all' }).access_token, accessType: 'full' } },
		],
		env: {
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			// The inspector listens only once the bench sends SIGUSR1 to the server (collectGarbage).
			NODE_OPTIONS: `--inspect-port=127.0.0.1:${gcTarget.inspectPort}`,
		},
		log: (line) => console.log(`[n8n] ${line}`),
	});
	let failed = false;
	try {
		await n8n.start();
		const server = /** @type {import('node:child_process').ChildProcess} */ (n8n.server);
		const pid = n8nPid(/** @type {number} */ (server.pid));
		gcTarget.pid = pid;
		const token = n8n.standIn.issueTokens({ scopes: 'all' }).access_token;
		const caPath = path.join(work, 'ca.pem');
		fs.writeFileSync(caPath, n8n.caPem ?? '');
		const plainJob = (/** @type {'upload'|'download'} */ mode, /** @type {number} */ size) => ({
			mode,
			file: local[size].file,
			path: mode === 'upload' ? `/Bench/plain-${size}.bin` : flows[size].remote,
			chunkBytes: CHUNK_BYTES,
			proxyUrl: n8n.proxy.url,
			caPath,
			token,
			outFile: path.join(work, `plain-download-${size}.bin`),
		});
		// Warm-up: every workflow's modules loaded, the file to download in place.
		for (const size of sizes) {
			const up = await execute(n8n, pid, flows[size].upload.id);
			if (up.json?.content_hash !== local[size].hash) throw new Error(`upload ${size} MiB: stored hash ${up.json?.content_hash}, local ${local[size].hash}`);
		}
		const smallest = Math.min(...sizes);
		await execute(n8n, pid, flows[smallest].download.id);
		await execute(n8n, pid, flows[smallest].baseline.id);

		/** @type {string[]} */
		const table = [];
		/** @type {string[]} */
		const memory = [];
		/** @type {string[]} */
		const rounds = [];
		for (const size of options.sizes) {
			const bytes = Math.round(size * MiB);
			const f = flows[size];
			const times = /** @type {Record<string, number[]>} */ ({ nodeUp: [], plainUp: [], nodeDown: [], plainDown: [], biUp: [], biDown: [] });
			const peaks = /** @type {Record<string, number[]>} */ ({ base: [], up: [], down: [], biUp: [], biDown: [] });
			for (let round = 1; round <= options.rounds; round++) {
				const nodeFirst = round % 2 === 1;
				for (const kind of options.only === 'download' ? [] : nodeFirst ? ['node', 'plain'] : ['plain', 'node']) {
					if (kind === 'node') {
						const up = await execute(n8n, pid, f.upload.id);
						if (up.json?.content_hash !== local[size].hash) throw new Error(`upload ${size} MiB: stored hash differs`);
						times.nodeUp.push(up.seconds);
						peaks.up.push(up.peak);
					} else {
						// The plain upload right after the baseline execution, whose Read File wrote the file into n8n's
						// store as the upload workflow's does just before the node: both uploads meet the same disk
						// write-back of that copy.
						const base = await execute(n8n, pid, f.baseline.id);
						peaks.base.push(base.peak);
						times.plainUp.push(/** @type {any} */ (await plain(plainJob('upload', size))).seconds);
					}
				}
				for (const kind of options.only === 'upload' ? [] : nodeFirst ? ['node', 'plain'] : ['plain', 'node']) {
					if (kind === 'node') {
						const down = await execute(n8n, pid, f.download.id);
						times.nodeDown.push(down.seconds);
						peaks.down.push(down.peak);
					} else times.plainDown.push(/** @type {any} */ (await plain(plainJob('download', size))).seconds);
				}
				if (options.builtin) {
					const biDown = await execute(n8n, pid, f.builtinDownload.id).catch((error) => ({ seconds: NaN, peak: NaN, error }));
					times.biDown.push(biDown.seconds);
					peaks.biDown.push(biDown.peak);
					if ('error' in biDown) console.log(`built-in download ${size} MiB failed: ${biDown.error.message}`);
					if (bytes <= BUILTIN_MAX_UPLOAD) {
						const biUp = await execute(n8n, pid, f.builtinUpload.id).catch((error) => ({ seconds: NaN, peak: NaN, error }));
						if ('error' in biUp) console.log(`built-in upload ${size} MiB failed: ${biUp.error.message}`);
						times.biUp.push(biUp.seconds);
						peaks.biUp.push(biUp.peak);
					}
				}
				const last = (/** @type {number[]} */ list) => list[list.length - 1];
				rounds.push(
					`| ${size} MiB | ${round} | ${nodeFirst ? 'node' : 'plain'} | ${(times.plainUp[round - 1] / times.nodeUp[round - 1]).toFixed(2)} | ${(times.plainDown[round - 1] / times.nodeDown[round - 1]).toFixed(2)} | ${mib(last(peaks.base))} / ${signedMib(last(peaks.up) - last(peaks.base))} / ${signedMib(last(peaks.down) - last(peaks.base))} | ${load()} |`,
				);
				console.log(rounds[rounds.length - 1]);
			}
			const baseline = Math.max(...peaks.base);
			const ratio = (/** @type {number[]} */ ours, /** @type {number[]} */ plainTimes) => (median(plainTimes) / median(ours)).toFixed(2);
			table.push(`| upload ${size} MiB | ${rate(bytes, median(times.nodeUp))} | ${rate(bytes, median(times.plainUp))} | **${ratio(times.nodeUp, times.plainUp)}** | ${bytes <= BUILTIN_MAX_UPLOAD && options.builtin ? `${rate(bytes, median(times.biUp))} (${ratio(times.biUp, times.plainUp)})` : 'cannot (one files/upload call, 150 MiB at most)'} |`);
			table.push(`| download ${size} MiB | ${rate(bytes, median(times.nodeDown))} | ${rate(bytes, median(times.plainDown))} | **${ratio(times.nodeDown, times.plainDown)}** | ${options.builtin ? `${rate(bytes, median(times.biDown))} (${ratio(times.biDown, times.plainDown)})` : '—'} |`);
			memory.push(`| ${size} MiB | ${mib(baseline)} | ${signedMib(Math.max(...peaks.up) - baseline)} | ${signedMib(Math.max(...peaks.down) - baseline)} | ${options.builtin ? `${bytes <= BUILTIN_MAX_UPLOAD ? signedMib(Math.max(...peaks.biUp) - baseline) : '—'} / ${signedMib(Math.max(...peaks.biDown) - baseline)}` : '—'} |`);
		}

		console.log(`\n## Throughput (median of ${options.rounds} rounds; node: the node's executionTime in runData; ratio: plain time / node time)\n`);
		console.log('| transfer | Dropbox Suite | plain client | ratio | built-in Dropbox node (ratio) |');
		console.log('|---|---|---|---|---|');
		for (const line of table) console.log(line);
		console.log("\n| size | round | first | upload ratio | download ratio | peaks: baseline / upload, download above this round's baseline | load average after |");
		console.log('|---|---|---|---|---|---|---|');
		for (const line of rounds) console.log(line);
		console.log('\n## Peak memory of the n8n process (VmHWM) above the baseline execution (Read File → No Operation), highest of all rounds\n');
		console.log('| size | baseline peak | upload | download | built-in upload / download |');
		console.log('|---|---|---|---|---|');
		for (const line of memory) console.log(line);

		if (options.parallelMiB > 0) {
			const size = options.parallelMiB;
			const bytes = Math.round(size * MiB);
			const base = await execute(n8n, pid, flows[size].baseline.id);
			n8n.proxy.setLink({ latencyMs: options.latencyMs, bytesPerSecond: options.linkMiBps * MiB });
			const one = await execute(n8n, pid, flows[size].upload.id);
			const many = await execute(n8n, pid, flows[size].uploadParallel.id);
			n8n.proxy.setLink({});
			const intact = (/** @type {any} */ r) => (r.json?.content_hash === local[size].hash ? 'intact (content hash checked)' : `DIFFERENT: ${r.json?.content_hash}`);
			console.log(`\n## Parallel chunks: upload ${size} MiB, ${options.latencyMs} ms round trip, each connection capped at ${options.linkMiBps} MiB/s (16 MiB chunks)\n`);
			console.log('| chunks in flight | time | throughput | speed-up | file |');
			console.log('|---|---|---|---|---|');
			console.log(`| 1 | ${one.seconds.toFixed(1)} s | ${rate(bytes, one.seconds)} | 1.00 | ${intact(one)} |`);
			console.log(`| ${options.parallel} | ${many.seconds.toFixed(1)} s | ${rate(bytes, many.seconds)} | **${(one.seconds / many.seconds).toFixed(2)}** | ${intact(many)} |`);
			console.log(`\npeak memory above the baseline execution (one run each): 1 in flight ${signedMib(one.peak - base.peak)}, ${options.parallel} in flight ${signedMib(many.peak - base.peak)}`);
		}
		console.log(`\nload average at the end: ${load()}`);
	} catch (error) {
		failed = true;
		console.error(error);
	} finally {
		await n8n.stop();
		if (options.profile) console.log(`CPU profiles (one per execution of the n8n server) in ${options.profile}`);
		if (options.keep || failed) console.log(`kept ${work}`);
		else fs.rmSync(work, { recursive: true, force: true });
	}
	if (failed) process.exitCode = 1;
}

main();
