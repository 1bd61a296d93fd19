// A real n8n with this package installed, as `npm start` and the e2e suite (test/e2e) both need it:
// a user folder with the packed package under .n8n/nodes/node_modules, optionally the Dropbox stand-in behind a
// loopback proxy (HTTPS_PROXY + a test CA in NODE_EXTRA_CA_CERTS), credentials and workflows imported with the
// n8n CLI, `n8n start` on loopback, an owner and a public-API key, and a stop that ends every process it started
// by PID (process group). CommonJS so that the ESM start script and the CommonJS jest suite can both load it.
'use strict';
const { spawn, execFile } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const path = require('node:path');
const { promisify } = require('node:util');
const runtime = require('./runtime.cjs');
const { seedStandIn } = require('./stand-in-seed.cjs');

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const PACKAGE_NAME = packageJson.name;

/** The seeded stand-in app and credential (fixed, so example workflows can reference them). */
const STAND_IN = {
	appKey: 'test-app-key',
	appSecret: 'test-app-secret',
	credentialId: 'DbxSuiteStandIn1',
	credentialName: 'Dropbox Suite (stand-in)',
	credentialType: 'dropboxSuiteOAuth2Api',
};

/** Local owner of the instance: a login for a local, loopback-only n8n, not a secret. */
const OWNER = { email: 'owner@dropbox-suite.local', password: 'Dropbox-Suite-1', firstName: 'Local', lastName: 'Owner' };

class StartError extends Error {}

const GUARD = path.join(__dirname, 'n8n-guard.cjs');

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `port` on 127.0.0.1 can be bound; rejects with a StartError naming `what` otherwise. */
async function assertPortFree(port, what) {
	const server = net.createServer();
	try {
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen({ port, host: '127.0.0.1', exclusive: true }, resolve);
		});
	} catch (error) {
		if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
			throw new StartError(
				`Port ${port} on 127.0.0.1 (${what}) is ${error.code === 'EACCES' ? 'not allowed' : 'already in use'}. ` +
					'Stop whatever listens there (another n8n?) or choose another port, e.g. `npm start -- --port 5688`.',
			);
		}
		throw error;
	} finally {
		await new Promise((resolve) => server.close(() => resolve()));
	}
}

/** A port on 127.0.0.1 that was free a moment ago. */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({ port: 0, host: '127.0.0.1' }, resolve);
	});
	const { port } = server.address();
	await new Promise((resolve) => server.close(() => resolve()));
	return port;
}

/** Checks that the build the package ships (package.json "n8n" section) exists. */
function assertBuilt() {
	const files = [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])];
	const missing = files.filter((file) => !fs.existsSync(path.join(repoRoot, file)));
	if (missing.length > 0) {
		throw new StartError(`The package is not built (${missing.join(', ')} missing). Run \`npm run build\` first.`);
	}
}

/**
 * Packs the package as npm would publish it and unpacks it where n8n keeps community packages:
 * <userFolder>/.n8n/nodes/node_modules/<name>. The package has no runtime dependencies, so nothing else is needed.
 */
async function installPackedPackage(userFolder) {
	assertBuilt();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const packDir = await fsp.mkdtemp(path.join(userFolder, '.pack-'));
	try {
		const { stdout } = await execFileAsync(
			'npm',
			['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', packDir],
			{ cwd: repoRoot, maxBuffer: 32 * 1024 * 1024 },
		);
		const [{ filename }] = JSON.parse(stdout);
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.mkdir(target, { recursive: true });
		await execFileAsync('tar', ['-xzf', path.join(packDir, path.basename(filename)), '-C', target, '--strip-components=1']);
	} catch (error) {
		if (error instanceof StartError) throw error;
		throw new StartError(`Packing and installing ${PACKAGE_NAME} failed: ${error.stderr || error.message}`);
	} finally {
		await fsp.rm(packDir, { recursive: true, force: true });
	}
	// What npm leaves next to an installed community package; n8n keeps it when it exists.
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	const nodesPkg = fs.existsSync(nodesPackageJson)
		? JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...nodesPkg.dependencies, [PACKAGE_NAME]: packageJson.version };
	fs.writeFileSync(nodesPackageJson, JSON.stringify(nodesPkg, null, 2) + '\n');
	return target;
}

/**
 * The stand-in (in this process), a test CA and certificate for the Dropbox hosts, and the loopback proxy.
 * The stand-in lives in memory: it is gone when this process ends.
 */
async function startDropboxStandInStack(workDir) {
	const { startDropboxStandIn } = require(path.join(repoRoot, 'test', 'emulator'));
	const { makeTestCertificates } = require(path.join(repoRoot, 'test', 'emulator', 'certs'));
	const { startDropboxProxy } = require(path.join(repoRoot, 'test', 'emulator', 'proxy'));
	const certDir = path.join(workDir, 'certs');
	await fsp.mkdir(certDir, { recursive: true });
	const certs = await makeTestCertificates(certDir);
	// NODE_EXTRA_CA_CERTS takes one file: keep CAs the environment already trusts (other hosts are tunnelled as is).
	let trustPath = certs.caPath;
	const inherited = process.env.NODE_EXTRA_CA_CERTS;
	if (inherited && inherited !== certs.caPath && fs.existsSync(inherited)) {
		trustPath = path.join(certDir, 'trusted-cas.pem');
		fs.writeFileSync(trustPath, `${certs.caPem.trimEnd()}\n${fs.readFileSync(inherited, 'utf8')}`);
	}
	const standIn = await startDropboxStandIn({
		tls: { key: certs.key, cert: certs.cert },
		port: 0,
		appKey: STAND_IN.appKey,
		appSecret: STAND_IN.appSecret,
	});
	let proxy;
	try {
		proxy = await startDropboxProxy({ standInPort: standIn.port, port: 0 });
	} catch (error) {
		await standIn.stop();
		throw error;
	}
	return { standIn, proxy, caPath: certs.caPath, caPem: certs.caPem, trustPath };
}

/** A credential of our type, ready for `n8n import:credentials`, holding tokens the stand-in issued. */
function standInCredential(tokens, { id = STAND_IN.credentialId, name = STAND_IN.credentialName, appType = 'user', scopePreset = 'full' } = {}) {
	return {
		id,
		name,
		type: STAND_IN.credentialType,
		data: {
			clientId: STAND_IN.appKey,
			clientSecret: STAND_IN.appSecret,
			appType,
			scopePreset,
			oauthTokenData: {
				access_token: tokens.access_token,
				refresh_token: tokens.refresh_token,
				token_type: tokens.token_type,
				expires_in: tokens.expires_in,
				scope: tokens.scope,
				account_id: tokens.account_id,
				...(tokens.team_id ? { team_id: tokens.team_id } : {}),
			},
		},
	};
}

/** The example workflows shipped in examples/ (one workflow object per file). */
function readExamples(dir = path.join(repoRoot, 'examples')) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

function tail(text, lines = 25) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

/** A bcrypt hash made with the bcryptjs that n8n itself ships. */
function bcryptHash(password) {
	const bcrypt = require(path.join(runtime.n8nHome, '..', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

class N8nInstance {
	constructor(options) {
		this.options = options;
		this.log = options.log;
		this.userFolder = options.userFolder;
		this.port = options.port;
		this.url = `http://127.0.0.1:${options.port}`;
		this.owner = OWNER;
		/** @type {any} */ this.standIn = null;
		/** @type {any} */ this.proxy = null;
		this.caPath = null;
		this.caPem = null;
		this.trustPath = null;
		this.apiKey = null;
		this.cookie = null;
		this.logFile = path.join(options.userFolder, 'n8n.log');
		this.children = new Set();
		this.cliRuns = 0;
		this.server = null;
		this.stopping = null;
		this.onExit = () => this.killAllSync();
		// Ended by a signal (Ctrl-C on a test run): kill n8n, then die of the same signal as before.
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

	/** package.json of the package as installed in the user folder (what n8n loads). */
	installedPackage() {
		const file = path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json');
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/** Names of the node types the running n8n offers (as its editor loads them). */
	async nodeTypes() {
		const response = await fetch(`${this.url}/types/nodes.json`, { headers: { cookie: this.cookie ?? '' } });
		if (!response.ok) throw new Error(`GET /types/nodes.json: HTTP ${response.status}`);
		return (await response.json()).map((type) => type.name);
	}

	/** Environment for every n8n process (server and CLI); the CLI gets its own task-broker port. */
	env(extra = {}) {
		const base = runtime.runtimeEnv();
		// Not for n8n: a test runner's NODE_ENV=test changes n8n's behaviour; NODE_OPTIONS is meant for this process.
		for (const key of ['NODE_ENV', 'JEST_WORKER_ID', 'NODE_OPTIONS']) delete base[key];
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
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: this.ownerHash,
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
		const phases = [];
		let phaseStart = started;
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
			credentials.unshift(standInCredential(this.standIn.issueTokens({ scopes: 'all' })));
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
	 * Spawns an n8n process through scripts/n8n-guard.cjs: guard, n8n and n8n's task runner share one process
	 * group (stopped together by PID), and the guard ends the group should this process die without stop().
	 * Output goes to a file, not through pipes that would break when this process ends.
	 */
	spawnN8n(args, env, outputFile) {
		this.checkNotStopped();
		const out = fs.openSync(outputFile, 'a');
		let child;
		try {
			child = spawn(runtime.nodeBin, [GUARD, runtime.nodeBin, runtime.n8nBin, ...args], {
				cwd: this.userFolder,
				env,
				detached: true,
				stdio: ['pipe', out, out],
			});
		} finally {
			fs.closeSync(out);
		}
		child.stdin.on('error', () => {}); // the guard is gone; nothing to tell it
		this.children.add(child);
		child.once('exit', () => this.children.delete(child));
		return child;
	}

	/** Runs an n8n CLI command next to the server (own task-broker port); resolves with its output and exit code. */
	async cli(args, { allowFailure = false } = {}) {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const outputFile = path.join(this.userFolder, `.cli-${process.pid}-${++this.cliRuns}.log`);
		let output = '';
		let code;
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
		return { code, signal, output };
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `.import-credentials-${process.pid}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

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
		let exited = null;
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

	/** Copies what n8n appends to its log file to stdout while `child` runs (--verbose). */
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

	/** Calls n8n's internal REST API as the owner (session cookie). */
	async rest(method, route, body) {
		const response = await fetch(`${this.url}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': 'dropbox-suite-scripts',
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return { response, body: text ? JSON.parse(text) : null };
	}

	async login() {
		const { response } = await this.rest('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
		this.cookie = cookies.join('; ');
	}

	async createApiKey() {
		const { body } = await this.rest('POST', '/api-keys', {
			label: `scripts-${Date.now()}`,
			scopes: [
				'workflow:read', 'workflow:list', 'workflow:activate', 'workflow:deactivate', 'workflow:update',
				'execution:read', 'execution:list', 'credential:list',
			],
			expiresAt: null,
		});
		this.apiKey = body.data.rawApiKey;
	}

	/** Calls n8n's public API (/api/v1) with the instance's API key. */
	async api(method, route, body) {
		const response = await fetch(`${this.url}/api/v1${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : null;
	}

	/** The newest executions of a workflow (newest first), with their run data. */
	async executions(workflowId, { limit = 5, includeData = true } = {}) {
		const query = new URLSearchParams({ workflowId, limit: String(limit), includeData: String(includeData) });
		const { data } = await this.api('GET', `/executions?${query}`);
		return data;
	}

	async latestExecutionId(workflowId) {
		const [latest] = await this.executions(workflowId, { limit: 1, includeData: false });
		return latest ? Number(latest.id) : 0;
	}

	/** Waits for a finished execution of the workflow newer than `afterId` and returns it with its data. */
	async waitForExecution(workflowId, afterId, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = (await this.executions(workflowId, { limit: 5 })).filter(
				(execution) => Number(execution.id) > afterId && execution.stoppedAt && !['running', 'new'].includes(execution.status),
			);
			if (found.length > 0) return found[found.length - 1];
			if (Date.now() > deadline) throw new Error(`No finished execution of workflow ${workflowId} after #${afterId} within ${timeoutMs} ms`);
			await sleep(200);
		}
	}

	/**
	 * Runs a workflow whose start node is a Manual Trigger with `n8n execute --id` (a separate CLI process next to
	 * the server) and returns the execution n8n stored, read back through the public API.
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
	 * Runs a Manual Trigger workflow inside the server, as the editor's "Execute workflow" button does, and
	 * returns the stored execution (read back through the public API).
	 */
	async runManually(workflowId) {
		const workflow = await this.api('GET', `/workflows/${workflowId}`);
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		if (!trigger) throw new Error(`Workflow ${workflowId} has no Manual Trigger`);
		const { body } = await this.rest('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger.name } });
		const executionId = body.data?.executionId;
		if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(body).slice(0, 300)}`);
		return await this.waitForExecutionId(executionId);
	}

	/** Waits until execution `id` has finished and returns it with its data. */
	async waitForExecutionId(id, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			try {
				const execution = await this.api('GET', `/executions/${id}?includeData=true`);
				if (execution.stoppedAt && !['running', 'new'].includes(execution.status)) return execution;
			} catch (error) {
				if (!/HTTP 404/.test(error.message)) throw error; // not stored yet
			}
			if (Date.now() > deadline) throw new Error(`Execution ${id} did not finish within ${timeoutMs} ms`);
			await sleep(200);
		}
	}

	async activate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/deactivate`);
	}

	/**
	 * Calls a production webhook of an active workflow; a webhook registered a moment ago answers 404 for a short
	 * while, so 404s are retried for up to five seconds. Resolves with status and parsed body.
	 * @param {string} webhookPath
	 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [request]
	 * @returns {Promise<{ status: number, headers: Headers, body: any }>}
	 */
	async callWebhook(webhookPath, { method = 'POST', body, headers = {} } = {}) {
		const deadline = Date.now() + 5000;
		for (;;) {
			const response = await fetch(`${this.url}/webhook/${webhookPath}`, {
				method,
				headers: { 'content-type': 'application/json', ...headers },
				body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			});
			const text = await response.text();
			if (response.status === 404 && Date.now() < deadline) {
				await sleep(100);
				continue;
			}
			let parsed = text;
			try {
				parsed = JSON.parse(text);
			} catch {
				// not JSON
			}
			return { status: response.status, headers: response.headers, body: parsed };
		}
	}

	/** Stops n8n (and every CLI process still running) by process group, then the proxy and the stand-in. */
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
		for (const child of this.children) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves when the child has exited. */
async function stopProcessGroup(child, graceMs = 10_000) {
	if (child.exitCode !== null || child.signalCode !== null) {
		try {
			process.kill(-child.pid, 'SIGKILL'); // helpers of an exited leader
		} catch {
			// none left
		}
		return;
	}
	const exited = once(child, 'exit');
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}, graceMs);
	await exited;
	clearTimeout(timer);
	try {
		process.kill(-child.pid, 'SIGKILL'); // the task runner, should it outlive its parent
	} catch {
		// none left
	}
}

/** Progress lines with a prefix, on stdout (also inside jest, which would decorate console.log). */
const progress = (prefix) => (line) => process.stdout.write(`[${prefix}] ${line}\n`);

/**
 * A throwaway user folder for one e2e run: <cache>/e2e/n8n-<pid>, outside the checkout so that tools walking the
 * repository (lint) never meet n8n's files. It stays after the run for a look at its n8n.log; folders of earlier
 * runs whose process has ended are removed, so runs side by side are safe.
 */
function e2eUserFolder() {
	const base = path.join(runtime.cacheDir, 'e2e');
	fs.mkdirSync(base, { recursive: true });
	for (const name of fs.readdirSync(base)) {
		const pid = Number(/^n8n-(\d+)$/.exec(name)?.[1]);
		if (!pid || pid === process.pid) continue;
		let alive = true;
		try {
			process.kill(pid, 0);
		} catch (error) {
			alive = error.code === 'EPERM';
		}
		if (!alive) fs.rmSync(path.join(base, name), { recursive: true, force: true });
	}
	return path.join(base, `n8n-${process.pid}`);
}

/**
 * An n8n with this package installed, not started yet: call start(); stop() also cancels a start in progress.
 * @param {object} options
 * @param {string} options.userFolder        N8N_USER_FOLDER (n8n keeps .n8n/ inside it)
 * @param {number} [options.port]            n8n's port on 127.0.0.1 (default 5678)
 * @param {boolean} [options.fresh]          wipe the user folder first
 * @param {'stand-in'|'real'} [options.dropbox]  'stand-in' (default): stand-in + proxy + seeded credential
 * @param {boolean} [options.seed]           seed the stand-in's tree (default true)
 * @param {boolean} [options.seedCredential] import the stand-in credential (default true)
 * @param {object[] | ((standIn: any) => object[])} [options.credentials]  more credentials to import (n8n export
 *   format, plaintext data); a function is called with the stand-in (null against the real Dropbox)
 * @param {object[]} [options.workflows]     workflows to import
 * @param {Record<string,string>} [options.env]  extra environment for n8n
 * @param {boolean} [options.echoServerLog]  copy n8n's output to stdout (it always goes to <userFolder>/n8n.log)
 * @param {(code: number|null, signal: string|null) => void} [options.onServerExit]  n8n ended without stop()
 * @param {boolean} [options.killOnSignals] on SIGINT/SIGTERM/SIGHUP kill n8n and re-raise (default true; false when
 *   the caller handles signals and calls stop() itself)
 * @param {(line: string) => void} [options.log]  progress lines
 * @param {number} [options.readyTimeoutMs]  how long n8n may take to become ready (default 180 s)
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

/** createN8n(options).start(): resolves with the running instance; on failure everything started is stopped. */
async function startN8n(options) {
	return await createN8n(options).start();
}

module.exports = {
	createN8n,
	startN8n,
	N8nInstance,
	StartError,
	STAND_IN,
	OWNER,
	PACKAGE_NAME,
	repoRoot,
	standInCredential,
	readExamples,
	progress,
	e2eUserFolder,
	assertPortFree,
	freePort,
};
