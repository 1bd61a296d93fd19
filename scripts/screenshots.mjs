// `npm run screenshots`: what a person sees of this package in n8n's editor, as PNGs. Starts the sandbox (n8n with
// the package, the Dropbox stand-in, the examples) in a throwaway user folder on a free port, drives the editor
// in headless Chromium (Debian's `chromium` with playwright-core: nothing is downloaded), logs in as the owner
// and saves one PNG per view into docs/screenshots/. Elements are found by what a person reads (labels, button
// names, node names), so that the script keeps working when operations or texts change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import n8n from './n8n.cjs';

const { createN8n, readExamples, freePort, repoRoot, STAND_IN, OWNER, StartError } = n8n;

const HELP = `Usage: npm run screenshots [-- options]

  --out <dir>     where the PNGs go (default docs/screenshots; with --check a temporary folder)
  --only <names>  only these screenshots (comma-separated names, without .png)
  --check         CI: take every screenshot into a temporary folder (or --out) and fail if one cannot be taken
  --chromium <p>  the browser (default /usr/bin/chromium, or CHROMIUM_PATH)
  --verbose       progress of every step
  --help          this text

Needs Debian's chromium (apt-get install chromium) and n8n's runtime (installed on first use, as for npm start).`;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1440, height: 900 };
const NODE_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuite';
const CREDENTIAL = { dropboxSuiteOAuth2Api: { id: STAND_IN.credentialId, name: STAND_IN.credentialName } };
const MANUAL = { parameters: {}, name: "When clicking 'Execute workflow'", type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] };
const TRIGGER_EXAMPLE = 'DbxExampleInbox1';
/** The example run in the editor, and the node whose output is shown after it ran. */
const RUN_EXAMPLE = { id: 'DbxExampleNightB', outputNode: 'Verify each copy' };

/**
 * Workflows the screenshots open (besides the examples): one Dropbox Suite node after a Manual Trigger, or a
 * trigger alone. The Dropbox node starts with no resource chosen here: the script picks Resource and Operation
 * in the panel by their names, as a person would.
 * @param {string} id @param {string} name @param {{ name: string } & Record<string, unknown>} node
 */
function shotWorkflow(id, name, node, manual = true) {
	const nodes = manual ? [MANUAL, { ...node, position: [260, 0] }] : [{ ...node, position: [0, 0] }];
	const connections = manual ? { [MANUAL.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } } : {};
	return { id, name: `Screenshots: ${name}`, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
}

const WORKFLOWS = {
	action: shotWorkflow('DbxShotsAction01', 'Dropbox Suite node', { parameters: {}, name: 'Dropbox Suite', type: NODE_TYPE, typeVersion: 2, credentials: CREDENTIAL }),
	error: shotWorkflow('DbxShotsError001', 'an error', {
		parameters: { resource: 'file', operation: 'getMetadata', file: { __rl: true, mode: 'path', value: '/Reports/2026 plan.pdf' } },
		name: 'Get file metadata',
		type: NODE_TYPE,
		typeVersion: 2,
		credentials: CREDENTIAL,
	}),
	polling: shotWorkflow(
		'DbxShotsPolling1',
		'polling trigger',
		{
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, path: '/Inbox', events: ['fileAdded', 'fileModified'] },
			name: 'Dropbox Suite Polling Trigger',
			type: 'n8n-nodes-dropbox-suite.dropboxSuitePollingTrigger',
			typeVersion: 1,
			credentials: CREDENTIAL,
		},
		false,
	),
	longPoll: shotWorkflow(
		'DbxShotsLongPoll',
		'long-poll trigger',
		{
			parameters: { path: '/Inbox', events: ['fileAdded'] },
			name: 'Dropbox Suite Long-Poll Trigger',
			type: 'n8n-nodes-dropbox-suite.dropboxSuiteLongPollTrigger',
			typeVersion: 1,
			credentials: CREDENTIAL,
		},
		false,
	),
};

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The sandbox as `npm start` runs it, in a throwaway user folder on a free port, plus the browser.
 * @param {{ log: (line: string) => void, chromium?: string, verbose?: boolean }} options
 */
export async function startSandbox({ log, chromium: executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium' }) {
	if (!fs.existsSync(executablePath)) {
		throw new StartError(`No browser at ${executablePath}: install Debian's chromium (apt-get install chromium) or pass --chromium <path>.`);
	}
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'dropbox-suite-screenshots-'));
	const examples = readExamples().map(({ workflow }) => workflow);
	const instance = createN8n({
		userFolder,
		port: await freePort(),
		fresh: true,
		dropbox: 'stand-in',
		workflows: [...examples, ...Object.values(WORKFLOWS)],
		killOnSignals: false, // main() stops everything and removes the user folder
		log,
	});
	/** @type {import('playwright-core').Browser | undefined} */
	let browser;
	try {
		await instance.start();
		const example = examples.find((workflow) => workflow.id === TRIGGER_EXAMPLE);
		const webhookId = example?.nodes.find((/** @type {any} */ node) => node.webhookId)?.webhookId;
		if (webhookId) {
			instance.standIn.webhooks.configure({ urls: ['webhook', 'webhook-test'].map((kind) => `${instance.url}/${kind}/${webhookId}/dropbox`), fanout: 'all' });
		}
		const { chromium } = await import('playwright-core');
		browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
	} catch (error) {
		await instance.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	const stop = async () => {
		await browser?.close().catch(() => {});
		await instance.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	return { instance, browser, stop };
}

/**
 * What every screenshot step gets: the page, the running instance, and small helpers that find things by what a
 * person reads.
 */
class Editor {
	/** @param {import('playwright-core').Page} page @param {any} instance @param {string} outDir @param {(line: string) => void} log */
	constructor(page, instance, outDir, log) {
		this.page = page;
		this.instance = instance;
		this.outDir = outDir;
		this.log = log;
	}

	get url() {
		return this.instance.url;
	}

	async login() {
		const { page } = this;
		await page.goto(`${this.url}/signin`, { timeout: 60_000 });
		await page.getByLabel(/email/i).first().fill(OWNER.email);
		await page.getByLabel(/password/i).first().fill(OWNER.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	}

	/** Opens a workflow on the canvas and waits for its nodes. @param {string} id */
	async openWorkflow(id) {
		await this.page.goto(`${this.url}/workflow/${id}`, { timeout: 60_000 });
		await this.page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 30_000 });
		await this.settle();
		await this.dismissTips();
	}

	/** Opens a node's panel (NDV) by the node's name on the canvas. @param {string} name */
	async openNode(name) {
		const node = this.page.locator('[data-test-id="canvas-node"]').filter({ hasText: name }).first();
		await node.dblclick();
		await this.ndv().waitFor({ timeout: 15_000 });
		await this.settle();
	}

	ndv() {
		return this.page.locator('[data-test-id="ndv"]').first();
	}

	async closeNdv() {
		await this.page.keyboard.press('Escape');
		await this.settle();
	}

	/**
	 * The select of a parameter by its label (e.g. "Resource"): opens it and returns its open list.
	 * @param {string} label
	 */
	async openSelect(label) {
		const parameter = this.parameter(label);
		await parameter.locator('[data-test-id^="parameter-input-"] input, input').first().click();
		const list = this.page.locator('.el-select-dropdown:visible').last();
		await list.waitFor({ timeout: 10_000 });
		await this.settle();
		return list;
	}

	/**
	 * A parameter's block in the panel, found by its label text.
	 * @param {string} label
	 */
	parameter(label) {
		return this.ndv()
			.locator('[data-test-id="parameter-item"], .parameter-item')
			.filter({ has: this.page.locator('[data-test-id="input-label"] label').getByText(label, { exact: true }) })
			.last();
	}

	/**
	 * Chooses an option of a select parameter by the option's name (e.g. Resource → "File").
	 * @param {string} label @param {string} option
	 */
	async choose(label, option) {
		const list = await this.openSelect(label);
		await list.getByText(option, { exact: true }).first().click();
		await this.settle();
	}

	/** Opens the node creator (the "+" of the canvas) of the open workflow. */
	async openNodeCreator() {
		const { page } = this;
		await page.locator('[data-test-id="node-creator-plus-button"]').or(page.getByRole('button', { name: /open nodes panel|add node/i })).first().click();
	}

	/** Types into the node creator's search. @param {string} text */
	async search(text) {
		const { page } = this;
		const search = page.locator('[data-test-id="node-creator-search-bar"] input').or(page.getByPlaceholder(/search nodes|search/i)).first();
		await search.waitFor({ timeout: 10_000 });
		await search.fill(text);
		await this.settle(800);
	}

	/** Closes n8n's one-time tips ("Got it") that would cover what is shown. */
	async dismissTips() {
		for (const button of await this.page.getByRole('button', { name: /^got it$/i }).all()) {
			if (await button.isVisible()) await button.click().catch(() => {});
		}
	}

	/** Lets animations and requests end. */
	async settle(ms = 400) {
		await this.page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
		await sleep(ms);
	}

	/** @param {string} name  file name without .png */
	async shot(name, { fullPage = false } = {}) {
		const file = path.join(this.outDir, `${name}.png`);
		await this.page.screenshot({ path: file, fullPage });
		this.log(`saved ${path.relative(process.cwd(), file) || file}`);
		return file;
	}
}

/**
 * The screenshots, in order; each starts from a logged-in editor and may leave it in any state.
 * @type {{ name: string, what: string, run: (editor: Editor) => Promise<void> }[]}
 */
export const SHOTS = [
	{
		name: 'node-creator-dropbox',
		what: 'the node creator after a first step, searched for "dropbox"',
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.action.id);
			await editor.openNodeCreator();
			await editor.search('dropbox');
			await editor.shot('node-creator-dropbox');
		},
	},
	{
		name: 'node-creator-dropbox-triggers',
		what: 'the node creator of an empty workflow (triggers), searched for "dropbox"',
		async run(editor) {
			const { page } = editor;
			await page.goto(`${editor.url}/workflow/new`);
			await editor.settle(1000);
			await editor.dismissTips();
			await page.getByRole('button', { name: /add first step/i }).or(page.locator('[data-test-id="canvas-add-button"]')).first().click();
			await editor.search('dropbox');
			await editor.shot('node-creator-dropbox-triggers');
		},
	},
	{
		name: 'action-resource-list',
		what: "the action node's Resource list",
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.action.id);
			await editor.openNode('Dropbox Suite');
			await editor.openSelect('Resource');
			await editor.shot('action-resource-list');
		},
	},
	{
		name: 'action-operation-list',
		what: "File's Operation list",
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.action.id);
			await editor.openNode('Dropbox Suite');
			await editor.choose('Resource', 'File');
			await editor.openSelect('Operation');
			await editor.shot('action-operation-list');
		},
	},
	{
		name: 'file-upload',
		what: 'File → Upload',
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.action.id);
			await editor.openNode('Dropbox Suite');
			await editor.choose('Resource', 'File');
			await editor.choose('Operation', 'Upload');
			await editor.shot('file-upload');
		},
	},
	{
		name: 'folder-list',
		what: 'Folder → List',
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.action.id);
			await editor.openNode('Dropbox Suite');
			await editor.choose('Resource', 'Folder');
			await editor.choose('Operation', 'List');
			await editor.shot('folder-list');
		},
	},
	{
		name: 'credential',
		what: 'the credential dialog (top, and scrolled down)',
		async run(editor) {
			const { page } = editor;
			await editor.openWorkflow(WORKFLOWS.action.id);
			await editor.openNode('Dropbox Suite');
			await editor.ndv().locator('[data-test-id="credential-edit-button"]').or(editor.ndv().getByTitle(/update credential/i)).first().click();
			const dialog = page.getByRole('dialog').filter({ hasText: STAND_IN.credentialName }).last();
			await dialog.waitFor();
			await editor.settle(800);
			await editor.shot('credential');
			// The dialog scrolls: its lower half (app type, scopes, notices) is a second picture.
			const box = await dialog.boundingBox();
			if (box) await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6);
			for (let i = 0; i < 4; i++) await page.mouse.wheel(0, 400);
			await editor.settle(600);
			await editor.shot('credential-lower');
		},
	},
	{
		name: 'trigger-webhook',
		what: 'the webhook trigger of the inbox example, then a test event it received while the editor listened',
		async run(editor) {
			const { instance } = editor;
			const example = readExamples().find(({ workflow }) => workflow.id === TRIGGER_EXAMPLE)?.workflow;
			const trigger = example?.nodes.find((/** @type {any} */ node) => node.webhookId);
			if (!trigger) throw new Error(`no trigger example ${TRIGGER_EXAMPLE} in examples/`);
			await editor.openWorkflow(TRIGGER_EXAMPLE);
			await editor.openNode(trigger.name);
			// The notice speaks of the Production URL "shown above": show it.
			await editor.ndv().getByText('Webhook URLs', { exact: true }).first().click().catch(() => {});
			await editor.ndv().getByText('Production URL', { exact: true }).first().click().catch(() => {});
			await editor.settle();
			await editor.shot('trigger-webhook');
			// "Execute step" listens for a test event; the stand-in notifies the test URL when a file lands in /Inbox.
			await editor.ndv().getByRole('button', { name: /listen for test event|execute step|fetch test event/i }).first().click();
			await editor.ndv().getByText(/listening/i).first().waitFor();
			await editor.settle(1000);
			await editor.shot('trigger-webhook-listening');
			const name = `Scan ${new Date().toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '-')}.pdf`; // new each run: File Added
			instance.standIn.store.putFile(instance.standIn.store.personal().home_namespace_id, `/Inbox/${name}`, Buffer.from('%PDF-1.4 screenshot'));
			await editor.ndv().getByText(name).first().waitFor({ timeout: 20_000 });
			await editor.settle(800);
			await editor.shot('trigger-webhook-test-event');
		},
	},
	{
		name: 'trigger-polling',
		what: 'the polling trigger',
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.polling.id);
			await editor.openNode('Dropbox Suite Polling Trigger');
			await editor.shot('trigger-polling');
		},
	},
	{
		name: 'trigger-long-poll',
		what: 'the long-poll trigger',
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.longPoll.id);
			await editor.openNode('Dropbox Suite Long-Poll Trigger');
			await editor.shot('trigger-long-poll');
		},
	},
	{
		name: 'example-run',
		what: 'an example workflow (nightly backup) after it ran, and the output of its check',
		async run(editor) {
			const { page } = editor;
			const example = readExamples().find(({ workflow }) => workflow.id === RUN_EXAMPLE.id)?.workflow;
			if (!example) throw new Error(`no example ${RUN_EXAMPLE.id} in examples/`);
			await editor.openWorkflow(RUN_EXAMPLE.id);
			// The canvas's own button (the trigger node has a hover button of the same name).
			await page.getByLabel('Execute workflow', { exact: true }).or(page.locator('[data-test-id="execute-workflow-button"]')).first().click();
			await page.getByText(/executed successfully/i).first().waitFor({ timeout: 30_000 });
			await editor.settle(1500);
			await editor.shot('example-run');
			await editor.openNode(RUN_EXAMPLE.outputNode);
			// The output as JSON: every field of the check (a table is cut at the panel's edge).
			await editor.ndv().getByText('JSON', { exact: true }).last().click().catch(() => {});
			await editor.settle();
			await editor.shot('example-run-output');
		},
	},
	{
		name: 'error',
		what: 'an error: File → Get Metadata of a file that is not there',
		async run(editor) {
			await editor.openWorkflow(WORKFLOWS.error.id);
			await editor.openNode('Get file metadata');
			await editor.ndv().getByRole('button', { name: /execute step/i }).first().click();
			await editor.ndv().getByText(/error|not found|problem/i).first().waitFor({ timeout: 30_000 });
			await editor.settle(800);
			await editor.shot('error');
		},
	},
];

/**
 * Takes the screenshots with a browser and a running sandbox.
 * @param {{ instance: any, browser: import('playwright-core').Browser, outDir: string, only?: string[], log: (line: string) => void }} options
 * @returns {Promise<{ taken: string[], failed: { name: string, error: string }[] }>}
 */
export async function takeShots({ instance, browser, outDir, only = [], log }) {
	fs.mkdirSync(outDir, { recursive: true });
	const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' });
	context.setDefaultTimeout(15_000);
	const page = await context.newPage();
	const editor = new Editor(page, instance, outDir, log);
	/** @type {string[]} */
	const taken = [];
	/** @type {{ name: string, error: string }[]} */
	const failed = [];
	try {
		await editor.login();
		for (const shot of SHOTS) {
			if (only.length && !only.includes(shot.name)) continue;
			try {
				await shot.run(editor);
				taken.push(shot.name);
			} catch (error) {
				const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
				failed.push({ name: shot.name, error: message });
				log(`could not take ${shot.name} (${shot.what}): ${message}`);
				await page.screenshot({ path: path.join(outDir, `${shot.name}.failed.png`) }).catch(() => {});
				await page.keyboard.press('Escape').catch(() => {});
			}
		}
	} finally {
		await context.close();
	}
	return { taken, failed };
}

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = { out: '', only: /** @type {string[]} */ ([]), check: false, chromium: /** @type {string | undefined} */ (undefined), verbose: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]);
		if (arg === '--check') options.check = true;
		else if (arg === '--verbose') options.verbose = true;
		else if (arg === '--out' || arg.startsWith('--out=')) options.out = value();
		else if (arg === '--only' || arg.startsWith('--only=')) options.only = value().split(',').map((name) => name.trim()).filter(Boolean);
		else if (arg === '--chromium' || arg.startsWith('--chromium=')) options.chromium = value();
		else if (arg === '--help' || arg === '-h') {
			console.log(HELP);
			process.exit(0);
		} else {
			console.error(`Unknown option ${arg}\n\n${HELP}`);
			process.exit(2);
		}
	}
	const unknown = options.only.filter((name) => !SHOTS.some((shot) => shot.name === name));
	if (unknown.length) {
		console.error(`No screenshot named ${unknown.join(', ')}; there are: ${SHOTS.map((shot) => shot.name).join(', ')}`);
		process.exit(2);
	}
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const temporary = options.check && !options.out ? fs.mkdtempSync(path.join(os.tmpdir(), 'dropbox-suite-screenshots-out-')) : null;
	const outDir = path.resolve(options.out || temporary || path.join(repoRoot, 'docs', 'screenshots'));
	const log = (/** @type {string} */ line) => console.log(`[screenshots] ${line}`);
	const quiet = (/** @type {string} */ line) => (options.verbose ? log(line) : undefined);
	/** @type {Awaited<ReturnType<typeof startSandbox>> | undefined} */
	let sandbox;
	for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		process.once(signal, () => {
			console.error(`[screenshots] ${signal}: stopping`);
			// During start-up, exiting is enough: the instance kills n8n on exit.
			void (sandbox ? sandbox.stop() : Promise.resolve()).finally(() => process.exit(130));
		});
	}
	try {
		sandbox = await startSandbox({ log: quiet, chromium: options.chromium });
	} catch (error) {
		console.error(`[screenshots] ${error instanceof StartError ? error.message : (error.stack ?? error)}`);
		process.exit(1);
	}
	let result;
	try {
		result = await takeShots({ instance: sandbox.instance, browser: sandbox.browser, outDir, only: options.only, log });
	} finally {
		await sandbox.stop();
	}
	if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
	console.log(`[screenshots] ${result.taken.length} taken into ${outDir}${temporary ? ' (removed)' : ''}, ${result.failed.length} failed${result.failed.length ? `: ${result.failed.map((shot) => shot.name).join(', ')}` : ''}`);
	process.exit(result.failed.length ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main();
