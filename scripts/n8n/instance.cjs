// One n8n with this package installed, from start-up to stop: runtime, package, stand-in and seed, credentials
// and workflows imported with the n8n CLI, `n8n start` on loopback, then owner login and a public-API key.
'use strict';
const { once } = require('node:events');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const runtime = require('../runtime.cjs');
const { seedStandIn } = require('../stand-in-seed.cjs');
const { N8nApi } = require('./api.cjs');
const { PACKAGE_NAME, StartError, sleep, tail } = require('./common.cjs');
const { OWNER, bcryptHash, ownerEnv } = require('./owner.cjs');
const { installPackedPackage } = require('./package.cjs');
const { assertPortFree, freePort } = require('./ports.cjs');
const { killProcessGroupSync, spawnGuardedN8n, stopProcessGroup } = require('./processes.cjs');
const { STAND_IN, startDropboxStandInStack, standInCredential } = require('./standin.cjs');

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

/** @type {NodeJS.Signals[]} */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * @typedef {object} N8nOptions
 * @property {string} userFolder        N8N_USER_FOLDER (n8n keeps .n8n/ inside it)
 * @property {number} [port]            n8n's port on 127.0.0.1 (default 5678)
 * @property {boolean} [fresh]          wipe the user folder first
 * @property {'stand-in'|'real'} [dropbox]  'stand-in' (default): stand-in + proxy + seeded credential
 * @property {boolean} [seed]           seed the stand-in's tree (default true)
 * @property {boolean} [seedCredential] import the stand-in credential (default true)
 * @property {object[] | ((standIn: any) => object[])} [credentials]  more credentials to import (n8n export
 *   format, plaintext data); a function is called with the stand-in (null against the real Dropbox)
 * @property {object[]} [workflows]     workflows to import
 * @property {Record<string,string>} [env]  extra environment for n8n
 * @property {boolean} [echoServerLog]  copy n8n's output to stdout (it always goes to <userFolder>/n8n.log)
 * @property {(code: number|null, signal: string|null) => void} [onServerExit]  n8n ended without stop()
 * @property {boolean} [killOnSignals] on SIGINT/SIGTERM/SIGHUP kill n8n and re-raise (default true; false when
 *   the caller handles signals and calls stop() itself)
 * @property {(line: string) => void} [log]  progress lines
 * @property {number} [readyTimeoutMs]  how long n8n may take to become ready (default 180 s)
 */

class N8nInstance extends N8nApi {
	/** @param {N8nOptions & { port: number, log: (line: string) => void }} options  (createN8n fills in the defaults) */
	constructor(options) {
		super(`http://127.0.0.1:${options.port}`);
		this.options = options;
		this.log = options.log;
		this.userFolder = options.userFolder;
		this.port = options.port;
		this.owner = OWNER;
		/** @type {any} */ this.standIn = null;
		/** @type {any} */ this.proxy = null;
		/** @type {string | null} */ this.caPath = null;
		/** @type {string | null} */ this.caPem = null;
		/** @type {string | null} */ this.trustPath = null;
		/** @type {string | undefined} set at start-up (bcrypt is slow) */ this.ownerHash = undefined;
		this.logFile = path.join(options.userFolder, 'n8n.log');
		/** @type {Set<ChildProcess>} */ this.children = new Set();
		this.cliRuns = 0;
		/** @type {ChildProcess | null} */ this.server = null;
		/** @type {Promise<void> | null} */ this.stopping = null;
		this.onExit = () => this.killAllSync();
		// Ended by a signal (Ctrl-C on a test run): kill n8n, then die of the same signal as before.
		/** @param {NodeJS.Signals} signal */
		this.onSignal = (signal) => {
			this.killAllSync();
			this.removeProcessListeners();
			process.kill(process.pid, signal);
		};
	}

	addProcessListeners() {
		process.on('exit', this.onExit);
		if (this.options.killOnSignals !== false) {
			for (const signal of SIGNALS) process.on(signal, this.onSignal);
		}
	}

	removeProcessListeners() {
		process.removeListener('exit', this.onExit);
		for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
	}

	/** package.json of the package as installed in the user folder (what n8n loads). @returns {any} */
	installedPackage() {
		const file = path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json');
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/**
	 * Environment for every n8n process (server and CLI); the CLI gets its own task-broker port.
	 * @param {Record<string, string>} [extra]
	 */
	env(extra = {}) {
		const base = runtime.runtimeEnv();
		// Not for n8n: a test runner's NODE_ENV=test changes n8n's behaviour; NODE_OPTIONS is meant for this process.
		for (const key of ['NODE_ENV', 'JEST_WORKER_ID', 'NODE_OPTIONS']) delete base[key];
		/** @type {NodeJS.ProcessEnv} */
		const env = {
			...base,
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.url}/`,
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_SECURE_COOKIE: 'false',
			...ownerEnv(this.ownerHash),
			...this.options.env,
			...extra,
		};
		if (this.proxy) {
			const proxyUrl = this.proxy.url;
			Object.assign(env, {
				HTTPS_PROXY: proxyUrl,
				https_proxy: proxyUrl,
				HTTP_PROXY: proxyUrl,
				http_proxy: proxyUrl,
				NO_PROXY: '127.0.0.1,localhost,::1',
				no_proxy: '127.0.0.1,localhost,::1',
				NODE_EXTRA_CA_CERTS: this.trustPath,
			});
		}
		return env;
	}

	async start() {
		if (this.stopping) throw new StartError('Stopped before start-up.');
		this.addProcessListeners();
		try {
			await this.startSteps();
		} catch (error) {
			await this.stop();
			throw error;
		}
		return this;
	}

	/** Throws once stop() was called (Ctrl-C during start-up), so that start-up ends without starting more. */
	checkNotStopped() {
		if (this.stopping) throw new StartError('Stopped during start-up.');
	}

	async startSteps() {
		const { log } = this;
		await assertPortFree(this.port, 'n8n');
		const started = Date.now();
		/** @type {string[]} */
		const phases = [];
		let phaseStart = started;
		/** @param {string} name */
		const phase = (name) => {
			const now = Date.now();
			phases.push(`${name} ${((now - phaseStart) / 1000).toFixed(1)} s`);
			phaseStart = now;
		};
		if (!runtime.runtimeReady()) log(`installing Node ${runtime.NODE_VERSION} and n8n ${runtime.N8N_VERSION} into ${runtime.cacheDir} (once; minutes)`);
		await runtime.ensureRuntime();
		phase('runtime');
		this.checkNotStopped();
		if (this.options.fresh) await fsp.rm(this.userFolder, { recursive: true, force: true });
		await fsp.mkdir(this.userFolder, { recursive: true });
		fs.writeFileSync(this.logFile, `--- ${new Date().toISOString()} ${PACKAGE_NAME}: n8n ${runtime.N8N_VERSION}, Node ${runtime.NODE_VERSION}\n`);
		this.ownerHash = bcryptHash(OWNER.password);

		log(`installing ${PACKAGE_NAME} (npm pack) into ${path.join(this.userFolder, '.n8n', 'nodes', 'node_modules')}`);
		await installPackedPackage(this.userFolder);
		phase('package');
		this.checkNotStopped();

		if (this.options.dropbox === 'stand-in') {
			const stack = await startDropboxStandInStack(this.userFolder);
			if (this.stopping) {
				await stack.proxy.stop().catch(() => {});
				await stack.standIn.stop().catch(() => {});
				this.checkNotStopped();
			}
			Object.assign(this, stack);
			log(`Dropbox stand-in on ${this.standIn.url}, proxy for *.dropboxapi.com on ${this.proxy.url}`);
			if (this.options.seed !== false) {
				const seeded = await seedStandIn(this.standIn);
				if (seeded.files + seeded.folders > 0) log(`seeded the stand-in: ${seeded.folders} folders, ${seeded.files} files`);
			}
			phase('stand-in');
		}

		const extra = this.options.credentials;
		const credentials = [...((typeof extra === 'function' ? extra(this.standIn) : extra) ?? [])];
		if (this.standIn && this.options.seedCredential !== false) {
			credentials.unshift(
				standInCredential(this.standIn.issueTokens({ scopes: 'all' })),
				standInCredential(this.standIn.issueTokens({ team: true, scopes: 'all' }), {
					id: STAND_IN.teamCredentialId,
					name: STAND_IN.teamCredentialName,
					appType: 'team',
					scopePreset: 'team.v2',
				}),
			);
		}
		if (credentials.length > 0) {
			log(`importing ${credentials.length} credential(s)`);
			await this.importCredentials(credentials);
		}
		const workflows = [...(this.options.workflows ?? [])];
		if (workflows.length > 0) {
			log(`importing ${workflows.length} workflow(s)`);
			await this.importWorkflows(workflows);
		}
		phase('imports');

		this.checkNotStopped();
		log(`starting n8n on ${this.url} (log: ${this.logFile})`);
		await this.startServer();
		await this.login();
		await this.createApiKey();
		phase('n8n start');
		log(`n8n is ready after ${Math.round((Date.now() - started) / 1000)} s (${phases.join(', ')})`);
	}

	/**
	 * An n8n process of this instance (see spawnGuardedN8n), stopped with the instance.
	 * @param {string[]} args @param {NodeJS.ProcessEnv} env @param {string} outputFile
	 */
	spawnN8n(args, env, outputFile) {
		this.checkNotStopped();
		const child = spawnGuardedN8n(args, { cwd: this.userFolder, env, outputFile });
		this.children.add(child);
		child.once('exit', () => this.children.delete(child));
		return child;
	}

	/**
	 * Runs an n8n CLI command next to the server (own task-broker port); resolves with its output and exit code.
	 * @param {string[]} args
	 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, output: string }>}
	 */
	async cli(args, { allowFailure = false } = {}) {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const outputFile = path.join(this.userFolder, `.cli-${process.pid}-${++this.cliRuns}.log`);
		let output = '';
		/** @type {number | null | undefined} */
		let code;
		/** @type {NodeJS.Signals | null | undefined} */
		let signal;
		try {
			const child = this.spawnN8n(args, env, outputFile);
			[code, signal] = await once(child, 'exit');
			output = fs.readFileSync(outputFile, 'utf8');
		} finally {
			fs.rmSync(outputFile, { force: true });
		}
		fs.appendFileSync(this.logFile, `\n--- n8n ${args.join(' ')} (exit ${code ?? signal}) ---\n${output}`);
		if (code !== 0 && !allowFailure) {
			throw new StartError(`\`n8n ${args.join(' ')}\` failed (exit ${code ?? signal}):\n${tail(output)}`);
		}
		return { code: /** @type {number | null} */ (code), signal: /** @type {NodeJS.Signals | null} */ (signal), output };
	}

	/** @param {object[]} credentials  n8n export format, plaintext data */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `.import-credentials-${process.pid}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** @param {object[]} workflows */
	async importWorkflows(workflows) {
		const dir = await fsp.mkdtemp(path.join(this.userFolder, '.import-workflows-'));
		try {
			workflows.forEach((workflow, index) => {
				fs.writeFileSync(path.join(dir, `${String(index).padStart(3, '0')}.json`), JSON.stringify(workflow));
			});
			await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			await fsp.rm(dir, { recursive: true, force: true });
		}
	}

	async startServer() {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		fs.appendFileSync(this.logFile, `\n--- n8n start ---\n`);
		const child = this.spawnN8n(['start'], env, this.logFile);
		this.server = child;
		if (this.options.echoServerLog) this.echoLog(child);
		// Set by the exit handler; the cast keeps TypeScript from assuming it is still null in the loop.
		let exited = /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */ (null);
		child.once('exit', (code, signal) => {
			exited = { code, signal };
		});
		const deadline = Date.now() + (this.options.readyTimeoutMs ?? 180_000);
		for (;;) {
			if (exited) {
				throw new StartError(
					`n8n stopped during start-up (exit ${exited.code ?? exited.signal}). Last lines of ${this.logFile}:\n` +
						tail(fs.readFileSync(this.logFile, 'utf8')),
				);
			}
			if (Date.now() > deadline) {
				throw new StartError(`n8n was not ready within ${Math.round((this.options.readyTimeoutMs ?? 180_000) / 1000)} s; see ${this.logFile}.`);
			}
			try {
				const response = await fetch(`${this.url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (response.ok) break;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		child.once('exit', (code, signal) => {
			if (!this.stopping && this.options.onServerExit) this.options.onServerExit(code, signal);
		});
	}

	/** Copies what n8n appends to its log file to stdout while `child` runs (--verbose). @param {ChildProcess} child */
	echoLog(child) {
		let position = fs.statSync(this.logFile).size;
		const copy = () => {
			const size = fs.statSync(this.logFile).size;
			if (size <= position) return;
			const fd = fs.openSync(this.logFile, 'r');
			const buffer = Buffer.alloc(size - position);
			fs.readSync(fd, buffer, 0, buffer.length, position);
			fs.closeSync(fd);
			position = size;
			process.stdout.write(buffer);
		};
		const timer = setInterval(copy, 250);
		child.once('exit', () => {
			clearInterval(timer);
			copy();
		});
	}

	/**
	 * Runs a workflow whose start node is a Manual Trigger with `n8n execute --id` (a separate CLI process next to
	 * the server) and returns the execution n8n stored, read back through the public API.
	 * @param {string} workflowId
	 */
	async execute(workflowId) {
		const before = await this.latestExecutionId(workflowId);
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true });
		try {
			const execution = await this.waitForExecution(workflowId, before, 10_000);
			return Object.assign(execution, { cliExitCode: result.code });
		} catch (error) {
			throw new Error(`${error.message}; \`n8n execute\` exited ${result.code ?? result.signal}:\n${tail(result.output)}`);
		}
	}

	/**
	 * Stops n8n (and every CLI process still running) by process group, then the proxy and the stand-in.
	 * @returns {Promise<void>}
	 */
	stop() {
		if (!this.stopping) this.stopping = this.stopAll();
		return this.stopping;
	}

	async stopAll() {
		const children = [...this.children];
		await Promise.all(children.map((child) => stopProcessGroup(child)));
		if (this.proxy) await this.proxy.stop().catch(() => {});
		if (this.standIn) await this.standIn.stop().catch(() => {});
		this.removeProcessListeners();
	}

	/** Last resort when this process exits without stop(): no n8n is left behind. */
	killAllSync() {
		for (const child of this.children) killProcessGroupSync(child);
	}
}

/**
 * An n8n with this package installed, not started yet: call start(); stop() also cancels a start in progress.
 * @param {N8nOptions} options
 * @returns {N8nInstance}
 */
function createN8n(options) {
	return new N8nInstance({
		port: 5678,
		fresh: false,
		dropbox: 'stand-in',
		log: (line) => console.log(`[n8n] ${line}`),
		...options,
	});
}

/**
 * createN8n(options).start(): resolves with the running instance; on failure everything started is stopped.
 * @param {N8nOptions} options
 */
async function startN8n(options) {
	return await createN8n(options).start();
}

module.exports = { N8nInstance, createN8n, startN8n };
