// `npm start`: a local n8n on http://127.0.0.1:5678 with this package installed as a community package.
// By default it also runs the Dropbox stand-in (seeded, with a ready credential and the examples/ workflows),
// reached through a loopback proxy, so no Dropbox account and no internet are needed. `--real-dropbox` (or
// DROPBOX_SUITE_REAL=1) runs n8n against the real Dropbox instead. Ctrl-C stops everything it started.
import fs from 'node:fs';
import path from 'node:path';
import n8n from './n8n.cjs';
import runtime from './runtime.cjs';

const { createN8n, readExamples, StartError, STAND_IN, OWNER } = n8n;
const { RuntimeInstallError } = runtime;

const HELP = `Usage: npm start [-- options]

  --real-dropbox   run against the real Dropbox: no stand-in, no proxy, no seeded credential
                   (also: DROPBOX_SUITE_REAL=1). Create a "Dropbox Suite OAuth2 API" credential in n8n with your
                   app's key and secret; add http://127.0.0.1:<port>/rest/oauth2-credential/callback as a
                   redirect URI in the Dropbox App Console.
  --port <n>       n8n's port on 127.0.0.1 (default 5678; also DROPBOX_SUITE_PORT)
  --fresh          start from an empty n8n user folder (removes workflows and credentials saved there)
  --verbose        print n8n's own log (always written to <user folder>/n8n.log)
  --help           this text

User folders: local/stand-in and local/real-dropbox in the cache folder below; workflows and credentials
saved in n8n stay there. The stand-in starts afresh on every run (its files live in memory) with a
new token for the "Dropbox Suite (stand-in)" credential. The workflows in examples/ are imported once per
user folder. Node 24 and n8n are installed on first use into ~/.cache/n8n-nodes-dropbox-suite
(DROPBOX_SUITE_CACHE).`;

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = {
		real: ['1', 'true', 'yes'].includes(String(process.env.DROPBOX_SUITE_REAL ?? '').toLowerCase()),
		port: process.env.DROPBOX_SUITE_PORT ? Number(process.env.DROPBOX_SUITE_PORT) : 5678,
		fresh: false,
		verbose: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--real-dropbox') options.real = true;
		else if (arg === '--fresh') options.fresh = true;
		else if (arg === '--verbose') options.verbose = true;
		else if (arg === '--port' || arg.startsWith('--port=')) {
			const value = arg.includes('=') ? arg.slice('--port='.length) : argv[++i];
			options.port = Number(value);
		} else if (arg === '--help' || arg === '-h') {
			console.log(HELP);
			process.exit(0);
		} else {
			console.error(`Unknown option ${arg}\n\n${HELP}`);
			process.exit(2);
		}
	}
	if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
		console.error(`--port must be a port number (1-65535).`);
		process.exit(2);
	}
	return options;
}

/**
 * In real-Dropbox mode the examples keep their nodes but drop the stand-in credential: pick your own.
 * @param {{ nodes: { credentials?: Record<string, unknown> }[] }} workflow
 */
function withoutStandInCredential(workflow) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (!node.credentials?.[STAND_IN.credentialType]) return node;
			const { credentials: _dropped, ...rest } = node;
			return rest;
		}),
	};
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const mode = options.real ? 'real-dropbox' : 'stand-in';
	const userFolder = path.join(runtime.cacheDir, 'local', mode);
	const examples = readExamples();
	// Examples are imported once per user folder (new ones as they appear), so that changes made to them in n8n,
	// and in real-Dropbox mode the credential picked for them, survive a restart. --fresh starts over.
	const recordFile = path.join(userFolder, '.imported-examples.json');
	const recorded = !options.fresh && fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, 'utf8')) : [];
	const toImport = examples.filter(({ workflow }) => !recorded.includes(workflow.id));
	const workflows = toImport.map(({ workflow }) => (options.real ? withoutStandInCredential(workflow) : workflow));

	const instance = createN8n({
		userFolder,
		port: options.port,
		fresh: options.fresh,
		dropbox: mode === 'stand-in' ? 'stand-in' : 'real',
		workflows,
		echoServerLog: options.verbose,
		killOnSignals: false, // handled below: stop() in order, then exit
		log: (line) => console.log(`[start] ${line}`),
		onServerExit: (code, signal) => {
			console.error(`[start] n8n stopped unexpectedly (exit ${code ?? signal}); see ${path.join(userFolder, 'n8n.log')}.`);
			void stop(1);
		},
	});

	/** @type {Promise<never> | null} */
	let stopping = null;
	/** @param {number} code  exit code once everything stopped */
	function stop(code) {
		stopping ??= (async () => {
			console.log('[start] stopping ' + (instance.standIn ? 'n8n, the proxy and the stand-in' : 'n8n') + ' ...');
			await instance.stop();
			console.log('[start] stopped.');
			process.exit(code);
		})();
		return stopping;
	}
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (stopping) {
				// Asked twice: stop now.
				instance.killAllSync();
				process.exit(130);
			}
			void stop(signal === 'SIGINT' ? 130 : 143);
		});
	}

	console.log(
		`[start] ${mode === 'stand-in' ? 'with the Dropbox stand-in (no Dropbox account needed)' : 'against the real Dropbox'}; ` +
			`user folder ${path.relative(process.cwd(), userFolder) || userFolder}`,
	);
	try {
		await instance.start();
	} catch (error) {
		if (stopping) return; // Ctrl-C during start-up: stop() exits.
		const known = error instanceof StartError || error instanceof RuntimeInstallError;
		console.error(`[start] ${known ? error.message : (error.stack ?? error)}`);
		console.error('[start] nothing was left running.');
		process.exit(1);
	}

	// Dropbox sends webhooks to the one URI set in the App Console; here the stand-in sends them to both URLs of
	// the trigger example: the production URL (answered once the workflow is published) and the test URL
	// (answered while the editor is "Listening for test event"). Two URIs per app is a sandbox convenience.
	/** @param {{ type: string, webhookId?: string }} node */
	const isTrigger = (node) => node.type === 'n8n-nodes-dropbox-suite.dropboxSuiteTrigger' && node.webhookId;
	const triggerExample = examples.map(({ workflow }) => workflow).find((workflow) => (workflow.nodes ?? []).some(isTrigger));
	const webhookId = triggerExample?.nodes.find(isTrigger).webhookId;
	const webhookUrls = instance.standIn && webhookId ? ['webhook', 'webhook-test'].map((kind) => `${instance.url}/${kind}/${webhookId}/dropbox`) : [];
	if (webhookUrls.length) instance.standIn.webhooks.configure({ urls: webhookUrls, fanout: 'all' });

	fs.writeFileSync(recordFile, JSON.stringify([...new Set([...recorded, ...toImport.map(({ workflow }) => workflow.id)])], null, 2) + '\n');

	const lines = [
		'',
		`  n8n:        ${instance.url}`,
		`  log in as:  ${OWNER.email} / ${OWNER.password}`,
		`  package:    ${path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-dropbox-suite')}`,
	];
	if (instance.standIn) {
		lines.push(
			`  Dropbox:    stand-in at ${instance.standIn.url} (CA ${instance.caPath}), reached through the proxy ${instance.proxy.url}`,
			`  credential: "${STAND_IN.credentialName}" (signed in as ${instance.standIn.defaultAccount.email})`,
			`              "${STAND_IN.teamCredentialName}" (a team app, linked by the team's admin)`,
		);
		if (webhookUrls.length) {
			lines.push(
				`  webhooks:   the stand-in notifies ${webhookUrls[0]} (publish "${triggerExample.name}" to use it)`,
				`              and ${webhookUrls[1]} (while its trigger is listening for a test event)`,
			);
		}
	} else {
		lines.push('  Dropbox:    the real one; create a "Dropbox Suite OAuth2 API" credential in n8n');
	}
	if (examples.length > 0) {
		lines.push(`  examples:   ${examples.length} workflows from examples/ ("${examples[0].workflow.name}", ...)${toImport.length ? `, ${toImport.length} imported now` : ''}`);
	}
	lines.push('', '  Press Ctrl-C to stop.', '');
	console.log(lines.join('\n'));
}

main();
