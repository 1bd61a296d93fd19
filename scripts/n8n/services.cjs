// Postgres and Redis for n8n's queue mode (test/e2e-queue): Debian's packages (installed with apt-get when
// missing), each on a free loopback port with its data in a throwaway folder, stopped by PID (process group).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { StartError, sleep, tail } = require('./common.cjs');
const { freePort } = require('./ports.cjs');
const { stopProcessGroup, killProcessGroupSync } = require('./processes.cjs');

const PG_BIN = '/usr/lib/postgresql/15/bin';
const REDIS = '/usr/bin/redis-server';

/** Installs Debian's postgresql and redis-server when missing (as root, e.g. on CI; waits for the apt lock). */
function ensureServicePackages(log = (/** @type {string} */ _line) => {}) {
	const missing = [];
	if (!fs.existsSync(path.join(PG_BIN, 'pg_ctl'))) missing.push('postgresql');
	if (!fs.existsSync(REDIS)) missing.push('redis-server');
	if (missing.length === 0) return;
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new StartError(`Queue mode needs ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\`.`);
	}
	log(`installing ${missing.join(', ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (/** @type {string[]} */ args) => spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	let result = apt(['install', '-y', '--no-install-recommends', ...missing]);
	if (result.status !== 0) {
		apt(['update']);
		result = apt(['install', '-y', '--no-install-recommends', ...missing]);
	}
	if (result.status !== 0) throw new StartError(`apt-get install ${missing.join(' ')} failed:\n${tail(result.stderr || result.stdout)}`);
}

/**
 * @typedef {object} Service
 * @property {string} name
 * @property {number} port
 * @property {() => Promise<void>} stop
 * @property {() => void} killSync
 */

/** Runs `command` as `user` when this process is root (Postgres refuses to run as root). */
function asUser(/** @type {string} */ user, /** @type {string} */ command, /** @type {string[]} */ args) {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { command, args };
	return { command: 'setpriv', args: [`--reuid=${user}`, `--regid=${user}`, '--init-groups', '--', command, ...args] };
}

/**
 * A Postgres cluster of its own in `dir` (initdb, then `postgres` in the foreground on a free loopback port,
 * trust authentication for loopback only) with a database `n8n`.
 * @param {string} dir
 * @returns {Promise<Service & { database: string, user: string }>}
 */
async function startPostgres(dir) {
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	fs.mkdirSync(dir, { recursive: true });
	// As root, the cluster belongs to the postgres user (made by Debian's package) in a folder it can reach.
	if (root) {
		fs.chmodSync(dir, 0o777);
		let parent = path.dirname(dir);
		while (parent !== path.dirname(parent)) {
			try {
				const mode = fs.statSync(parent).mode;
				if ((mode & 0o001) === 0) fs.chmodSync(parent, mode | 0o001);
			} catch {
				break;
			}
			parent = path.dirname(parent);
		}
	}
	const data = path.join(dir, 'data');
	const user = 'n8n';
	const init = asUser('postgres', path.join(PG_BIN, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const initResult = spawnSync(init.command, init.args, { encoding: 'utf8', cwd: dir });
	if (initResult.status !== 0) throw new StartError(`initdb failed:\n${tail(initResult.stderr || initResult.stdout)}`);
	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	const out = fs.openSync(logFile, 'a');
	if (root) fs.chmodSync(logFile, 0o666);
	const run = asUser('postgres', path.join(PG_BIN, 'postgres'), [
		'-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off', '-c', 'max_connections=200', '-c', 'max_wal_size=4GB',
	]);
	const child = spawn(run.command, run.args, { detached: true, stdio: ['ignore', out, out], cwd: dir });
	fs.closeSync(out);
	const service = processService('postgres', port, child);
	try {
		await waitFor(async () => spawnSync(path.join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0, child, logFile, 'Postgres');
		const created = spawnSync(path.join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, 'n8n'], { encoding: 'utf8' });
		if (created.status !== 0) throw new StartError(`createdb failed: ${created.stderr}`);
	} catch (error) {
		await service.stop();
		throw error;
	}
	return { ...service, database: 'n8n', user };
}

/**
 * Redis on a free loopback port, no persistence, its folder `dir`.
 * @param {string} dir
 * @returns {Promise<Service>}
 */
async function startRedis(dir) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(REDIS, ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
		detached: true,
		stdio: ['ignore', out, out],
		cwd: dir,
	});
	fs.closeSync(out);
	const service = processService('redis', port, child);
	try {
		await waitFor(async () => /Ready to accept connections/.test(fs.readFileSync(logFile, 'utf8')), child, logFile, 'Redis');
	} catch (error) {
		await service.stop();
		throw error;
	}
	return service;
}

/** @param {string} name @param {number} port @param {import('node:child_process').ChildProcess} child @returns {Service} */
function processService(name, port, child) {
	return { name, port, stop: () => stopProcessGroup(child, 10_000), killSync: () => killProcessGroupSync(child) };
}

/** @param {() => Promise<boolean>} ready @param {import('node:child_process').ChildProcess} child @param {string} logFile @param {string} what */
async function waitFor(ready, child, logFile, what, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new StartError(`${what} stopped during start-up. Last lines of ${logFile}:\n${tail(fs.readFileSync(logFile, 'utf8'))}`);
		}
		if (await ready()) return;
		if (Date.now() > deadline) throw new StartError(`${what} was not ready within ${timeoutMs / 1000} s; see ${logFile}.`);
		await sleep(200);
	}
}

/** A throwaway folder for the services (outside the checkout). */
function servicesFolder() {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'dropbox-suite-queue-'));
}

module.exports = { ensureServicePackages, startPostgres, startRedis, servicesFolder };
