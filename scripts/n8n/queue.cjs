// n8n in queue mode (test/e2e-queue): Postgres and Redis (services.cjs), then the main instance (instance.cjs:
// package, stand-in, proxy, imports, owner, API key) with EXECUTIONS_MODE=queue, workers (`n8n worker`) and
// webhook processors (`n8n webhook`), all sharing the user folder (so the installed package), the database,
// Redis and N8N_ENCRYPTION_KEY. stop() ends every process it started (process groups), also after a failed start.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { StartError, sleep, tail } = require('./common.cjs');
const { createN8n } = require('./instance.cjs');
const { freePort } = require('./ports.cjs');
const { ensureServicePackages, servicesFolder, startPostgres, startRedis } = require('./services.cjs');

/** @type {NodeJS.Signals[]} */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * @typedef {object} QueueOptions
 * @property {string} userFolder
 * @property {number} [workers]          default 2
 * @property {number} [webhookProcessors] default 2
 * @property {number} [workerConcurrency] jobs one worker runs at once (default 5)
 * @property {Record<string,string>} [env]  extra environment for every n8n process
 * @property {import('./instance.cjs').N8nInstance['options']['credentials']} [credentials]
 * @property {object[]} [workflows]
 * @property {(line: string) => void} [log]
 *
 * @typedef {object} QueueProcess
 * @property {'worker'|'webhook'} role
 * @property {string} name           worker-1, webhook-2, ...
 * @property {string} url            its HTTP server (worker: health server; webhook processor: webhooks)
 * @property {string} logFile
 * @property {import('node:child_process').ChildProcess} child
 */

class QueueCluster {
	/** @param {QueueOptions} options */
	constructor(options) {
		this.options = options;
		this.log = options.log ?? ((/** @type {string} */ line) => console.log(`[queue] ${line}`));
		/** @type {any} */ this.postgres = null;
		/** @type {any} */ this.redis = null;
		/** @type {import('./instance.cjs').N8nInstance | null} */ this.main = null;
		/** @type {QueueProcess[]} */ this.processes = [];
		/** @type {string | null} */ this.servicesDir = null;
		this.encryptionKey = crypto.randomBytes(24).toString('hex');
		/** @type {Promise<void> | null} */ this.stopping = null;
		this.onExit = () => {
			this.main?.killAllSync();
			this.postgres?.killSync();
			this.redis?.killSync();
		};
		// Ended by a signal (Ctrl-C): the main instance kills its n8n processes and re-raises; the services go too.
		/** @param {NodeJS.Signals} signal */
		this.onSignal = (signal) => {
			this.onExit();
			if (this.servicesDir) fs.rmSync(this.servicesDir, { recursive: true, force: true });
			this.removeListeners();
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		};
	}

	get workers() {
		return this.processes.filter((p) => p.role === 'worker');
	}

	get webhookProcessors() {
		return this.processes.filter((p) => p.role === 'webhook');
	}

	/** What every n8n process of the cluster shares. */
	queueEnv() {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			// n8n's default pool of 2 connections starves a webhook processor under a burst of notifications: requests
			// wait for a connection until they time out, the database ping fails and n8n answers 503 to everything.
			DB_POSTGRESDB_POOL_SIZE: '10',
			// n8n 2.41's default in queue mode, said explicitly: binary data lives in Postgres.
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			// Manual runs go to the workers too; production webhooks only to the webhook processors.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			...this.options.env,
		};
	}

	removeListeners() {
		process.removeListener('exit', this.onExit);
		for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
	}

	async start() {
		process.on('exit', this.onExit);
		// Registered before the main instance's own handlers, which re-raise the signal once they have run.
		for (const signal of SIGNALS) process.prependListener(signal, this.onSignal);
		try {
			await this.startSteps();
		} catch (error) {
			await this.stop();
			throw error;
		}
		return this;
	}

	async startSteps() {
		const { log } = this;
		const started = Date.now();
		ensureServicePackages(log);
		this.servicesDir = servicesFolder();
		this.postgres = await startPostgres(path.join(this.servicesDir, 'postgres'));
		this.redis = await startRedis(path.join(this.servicesDir, 'redis'));
		log(`Postgres on 127.0.0.1:${this.postgres.port}, Redis on 127.0.0.1:${this.redis.port} (data in ${this.servicesDir})`);
		if (this.stopping) throw new StartError('Stopped during start-up.');
		this.main = createN8n({
			userFolder: this.options.userFolder,
			port: await freePort(),
			fresh: true,
			dropbox: 'stand-in',
			credentials: this.options.credentials,
			workflows: this.options.workflows,
			env: this.queueEnv(),
			killOnSignals: true,
			log,
		});
		await this.main.start();
		const waits = [];
		for (let i = 1; i <= (this.options.workers ?? 2); i++) waits.push(this.spawn('worker', i));
		for (let i = 1; i <= (this.options.webhookProcessors ?? 2); i++) waits.push(this.spawn('webhook', i));
		await Promise.all(waits);
		log(`queue mode ready after ${Math.round((Date.now() - started) / 1000)} s: main ${this.main.url}, ${this.processes.map((p) => `${p.name} ${p.url}`).join(', ')}`);
	}

	/** Starts one worker or webhook processor and waits until it answers /healthz/readiness. @param {'worker'|'webhook'} role @param {number} index */
	async spawn(role, index) {
		const main = /** @type {import('./instance.cjs').N8nInstance} */ (this.main);
		const name = `${role}-${index}`;
		const port = await freePort();
		/** @type {Record<string, string>} */
		const extra = role === 'worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
			: { N8N_PORT: String(port) };
		const env = main.env({ ...extra, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const logFile = path.join(main.userFolder, `${name}.log`);
		fs.writeFileSync(logFile, `--- ${new Date().toISOString()} n8n ${role} (${name}) ---\n`);
		const args = role === 'worker' ? ['worker', `--concurrency=${this.options.workerConcurrency ?? 5}`] : ['webhook'];
		const child = main.spawnN8n(args, env, logFile);
		/** @type {QueueProcess} */
		const proc = { role, name, url: `http://127.0.0.1:${port}`, logFile, child };
		this.processes.push(proc);
		const deadline = Date.now() + 180_000;
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new StartError(`n8n ${role} ${name} stopped during start-up. Last lines of ${logFile}:\n${tail(fs.readFileSync(logFile, 'utf8'))}`);
			}
			if (Date.now() > deadline) throw new StartError(`n8n ${role} ${name} was not ready within 180 s; see ${logFile}.`);
			try {
				const response = await fetch(`${proc.url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (response.ok) break;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		return proc;
	}

	/** @returns {Promise<void>} */
	stop() {
		if (!this.stopping) this.stopping = this.stopAll();
		return this.stopping;
	}

	async stopAll() {
		await this.main?.stop().catch(() => {});
		await this.postgres?.stop().catch(() => {});
		await this.redis?.stop().catch(() => {});
		if (this.servicesDir) fs.rmSync(this.servicesDir, { recursive: true, force: true });
		this.removeListeners();
	}
}

/**
 * Peak resident memory (VmHWM, bytes) of the processes in a child's process group (n8n and its task runner),
 * the largest one; and the current RSS of that process. Linux only.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {{ peak: number, rss: number, pid: number }}
 */
function groupMemory(child) {
	let best = { peak: 0, rss: 0, pid: 0 };
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== child.pid) continue; // pgrp
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
			const kb = (/** @type {string} */ key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024;
			if (kb('VmHWM') > best.peak) best = { peak: kb('VmHWM'), rss: kb('VmRSS'), pid: Number(entry) };
		} catch {
			// gone meanwhile
		}
	}
	return best;
}

module.exports = { QueueCluster, groupMemory };
