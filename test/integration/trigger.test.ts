// The Dropbox Suite triggers as n8n runs them: activation hooks, webhook calls and polls through n8n-core's own
// HookContext / WebhookContext / PollContext, static data saved the way n8n saves it, and every Dropbox call
// made through n8n's HTTP stack to the stand-in (TLS, CONNECT proxy).
import { createHmac } from 'crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TriggerWorkflow, WebhookCallResult } from '../harness';
import { createTriggerWorkflow, mockSleep, requireFresh } from '../harness';
import { startDropbox } from './dropbox';
import { DropboxSuiteOAuth2Api } from '../../credentials/DropboxSuiteOAuth2Api.credentials';
import { DropboxSuitePollingTrigger } from '../../nodes/DropboxSuitePollingTrigger/DropboxSuitePollingTrigger.node';
import { ANSWER_WITHIN_MS, DropboxSuiteTrigger } from '../../nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node';

// Waits are instant, but for the webhook's answer budget: by default it never runs out (every pass here ends
// well within Dropbox's 10 s); a test that needs a pass still running at the answer lets it run out at once.
// Other waits (a client's retry after a rate limit) are instant too, unless a test holds one (holdPass).
const never = () => new Promise<void>(() => {});
let answerBudget: () => Promise<void> = never;
let otherWait: (ms: number) => Promise<void> = async () => {};
mockSleep().mockImplementation(async (ms: number) => {
	if (ms === ANSWER_WITHIN_MS) await answerBudget();
	else await otherWait(ms);
});
afterEach(() => {
	answerBudget = never;
	otherWait = async () => {};
});

const TRIGGER_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuiteTrigger';
const POLLING_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuitePollingTrigger';
const APP_SECRET = 'test-app-secret';

type Dropbox = Awaited<ReturnType<typeof startDropbox>>;
type Credential = ReturnType<Dropbox['credential']>;
let dropbox: Dropbox;

beforeAll(async () => {
	dropbox = await startDropbox();
});
afterAll(async () => await dropbox.stop());
beforeEach(() => {
	dropbox.standIn.clearRequests();
	dropbox.standIn.clearFaults();
});

// ---- the personal account's Dropbox, written directly in the stand-in's store -------------------------------

const store = () => dropbox.standIn.store;
const home = () => store().personal().home_namespace_id;
const put = (path: string, content = `content of ${path}`, ns = home()) => store().putFile(ns, path, Buffer.from(content));
const mkdir = (path: string, ns = home()) => store().ensureFolder(ns, path);
const rm = (path: string, ns = home()) => store().remove(ns, path);
/** A move as the stand-in's files/move_v2 makes it: deletions at the old paths, then the same ids at the new ones. */
const mv = (from: string, to: string, ns = home()) => {
	const s = store();
	const top = s.lookup(ns, from);
	if (!top) throw new Error(`nothing at ${from}`);
	const items = [top, ...s.descendants(ns, from)];
	s.remove(ns, from);
	s.ensureFolder(ns, to.slice(0, to.lastIndexOf('/')));
	for (const item of items) {
		const path = to + String(item.path_display).slice(String(top.path_display).length);
		if (item.tag === 'folder') s.writeFolder(ns, path, item.id);
		else s.writeFile(ns, { id: item.id, path_display: path, blob: item.blob!, clientModified: item.client_modified });
	}
};
let folderCount = 0;
/** A new folder per test, so that each watch sees only its own changes. */
const freshFolder = (ns = home()) => {
	const path = `/Watched ${++folderCount}`;
	mkdir(path, ns);
	return path;
};

const routes = () => dropbox.standIn.requests.map((request) => request.route);

// ---- workflows ------------------------------------------------------------------------------------------------

const storedCredential = (credential: Credential) => ({ [credential.id]: { type: credential.type, data: credential.data } });

function webhookWorkflow(parameters: INodeParameters, credential: Credential = dropbox.credential()) {
	return createTriggerWorkflow({
		nodeType: new DropboxSuiteTrigger(),
		nodeTypeName: TRIGGER_TYPE,
		parameters,
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		credentials: storedCredential(credential),
	});
}

function pollingWorkflow(parameters: INodeParameters, credential: Credential = dropbox.credential()) {
	return createTriggerWorkflow({
		nodeType: new DropboxSuitePollingTrigger(),
		nodeTypeName: POLLING_TYPE,
		parameters,
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		credentials: storedCredential(credential),
	});
}

const accountOf = (credential: Credential) => String((credential.data.oauthTokenData as IDataObject).account_id);

/** An activated webhook trigger on a new folder of the personal account. */
async function activeTrigger(parameters: INodeParameters = {}) {
	const folder = freshFolder();
	const credential = dropbox.credential();
	const workflow = webhookWorkflow({ path: folder, events: ['fileAdded', 'fileModified'], ...parameters }, credential);
	await workflow.activate();
	dropbox.standIn.clearRequests();
	return { folder, credential, workflow, account: accountOf(credential) };
}

// ---- notifications --------------------------------------------------------------------------------------------

const sign = (body: Buffer, secret = APP_SECRET) => createHmac('sha256', secret).update(body).digest('hex');
const userNotification = (...accounts: string[]) =>
	Buffer.from(JSON.stringify({ list_folder: { accounts }, delta: { users: accounts.map((_, i) => 1000 + i) } }));
const teamNotification = (teamId: string, ...members: string[]) =>
	Buffer.from(JSON.stringify({ list_folder: { teams: { [teamId]: members } }, delta: { teams: { [teamId]: members } } }));

/** A POST as Dropbox sends it: signed with the app secret unless `signature` says otherwise (null: no header). */
async function notify(workflow: TriggerWorkflow, body: Buffer, signature: string | null = sign(body)) {
	return await workflow.webhook({
		name: 'default',
		method: 'POST',
		headers: { 'content-type': 'application/json', 'user-agent': 'DropboxWebhooks/1.0', ...(signature !== null && { 'x-dropbox-signature': signature }) },
		rawBody: body,
	});
}

/**
 * Holds the next pass in the middle: its first files/list_revisions is rate limited, and the client's wait for
 * Retry-After lasts until release(). `held` resolves once the pass waits there (it has read the feed already).
 */
function holdPass() {
	let release!: () => void;
	let reached!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	const held = new Promise<void>((resolve) => (reached = resolve));
	dropbox.standIn.injectFault({ route: 'files/list_revisions', kind: 'rate_limit', retryAfter: 3 });
	otherWait = async (ms) => {
		if (ms !== 3000) return;
		reached();
		await released;
	};
	return { held, release };
}

/**
 * Counts the webhook calls that are waiting for their pass: each starts its answer budget right after joining or
 * queueing a pass. `reach(n)` resolves once n calls have.
 */
function countWaitingCalls() {
	let count = 0;
	let waiters: Array<{ n: number; resolve: () => void }> = [];
	answerBudget = async () => {
		count++;
		for (const waiter of waiters.filter((each) => count >= each.n)) waiter.resolve();
		waiters = waiters.filter((each) => count < each.n);
		await never();
	};
	return {
		reach: async (n: number) => {
			if (count < n) await new Promise<void>((resolve) => waiters.push({ n, resolve }));
		},
	};
}

/** The items a webhook call started the workflow with ([] when it started none). */
const emitted = (call: WebhookCallResult) => (call.result?.workflowData?.[0] ?? []).map((item) => item.json);
const started = (call: WebhookCallResult) => call.result?.workflowData !== undefined;

describe('verification handshake', () => {
	it('echoes the challenge as plain text with nosniff, calling nobody', async () => {
		const workflow = webhookWorkflow({ path: '', events: ['fileAdded'] });
		const answer = await workflow.webhook({ name: 'setup', method: 'GET', query: { challenge: 'abc' } });
		expect(answer.status).toBe(200);
		expect(answer.body).toBe('abc');
		expect(answer.headers['content-type']).toMatch(/^text\/plain(;|$)/);
		expect(answer.headers['x-content-type-options']).toBe('nosniff');
		expect(answer.result).toEqual({ noWebhookResponse: true });
		expect(answer.error).toBeUndefined();
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});

describe('activation', () => {
	it('takes a cursor for the watched folder; what exists already does not fire', async () => {
		const folder = freshFolder();
		put(`${folder}/old.txt`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow({ path: folder, events: ['fileAdded', 'fileModified', 'folderAdded'] }, credential);

		expect(await workflow.activate()).toEqual({ webhooks: { default: 'created' } });
		const [cursorCall] = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		expect(routes()).toEqual(['files/list_folder/get_latest_cursor']);
		expect(cursorCall.arg).toMatchObject({ path: folder, recursive: true, include_deleted: true });
		const state = workflow.staticData();
		expect(Object.keys(state.cursors as IDataObject)).toEqual(['self']);

		dropbox.standIn.clearRequests();
		const call = await notify(workflow, userNotification(accountOf(credential)));
		expect(call.status).toBe(200);
		expect(started(call)).toBe(false);
		expect(routes()).toEqual(['files/list_folder/continue']);
	});

	it('checkExists: true once created, false when the watched folder changed; delete forgets the cursor', async () => {
		const folder = freshFolder();
		const workflow = webhookWorkflow({ path: folder, events: ['fileAdded'] });
		expect(await workflow.hook('checkExists')).toBe(false);
		expect(await workflow.hook('create')).toBe(true);
		expect(await workflow.hook('checkExists')).toBe(true);

		workflow.setParameters({ path: freshFolder(), events: ['fileAdded'] });
		expect(await workflow.hook('checkExists')).toBe(false);
		expect(await workflow.activate()).toEqual({ webhooks: { default: 'created' } });
		expect(await workflow.hook('checkExists')).toBe(true);

		await workflow.deactivate();
		expect(workflow.staticData()).toEqual({});
		expect(await workflow.hook('checkExists')).toBe(false);
	});

	it('a watched folder that does not exist fails activation naming Watched Folder and the fix, not a raw 409', async () => {
		const workflow = webhookWorkflow({ path: '/Does Not Exist', events: ['fileAdded'] });
		const failure = await workflow.activate().then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure?.message).toBe('Watched Folder: "/Does Not Exist" does not exist in Dropbox');
		expect((failure as NodeOperationError).description).toMatch(/Create the folder "\/Does Not Exist" in Dropbox, or pick an existing folder/);
		expect(workflow.staticData()).toEqual({});

		const file = `${freshFolder()}/a file.txt`;
		put(file);
		await expect(webhookWorkflow({ path: file, events: ['fileAdded'] }).hook('create')).rejects.toThrow(`Watched Folder: "${file}" is a file, not a folder in Dropbox`);
	});

	it('a watched folder deleted after activation: the pass fails saying so, not with a raw 409', async () => {
		const { folder, workflow, account } = await activeTrigger();
		rm(folder);
		const call = await notify(workflow, userNotification(account));
		expect(call.error).toBeInstanceOf(NodeOperationError);
		expect(call.error?.message).toBe(`Watched Folder: "${folder}" no longer exists in Dropbox`);
	});

	it('the polling trigger\'s first poll fails the same way', async () => {
		const workflow = pollingWorkflow({ path: '/Nowhere', events: ['fileAdded'] });
		const failure = await workflow.activate().then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure?.message).toBe('Watched Folder: "/Nowhere" does not exist in Dropbox');
	});

	it('n8n starting up with the workflow active keeps the cursor it has', async () => {
		const { workflow } = await activeTrigger();
		const before = workflow.staticData();
		expect(await workflow.activate('init')).toEqual({ webhooks: { default: 'existed' } });
		expect(dropbox.standIn.requests).toHaveLength(0);
		expect(workflow.staticData()).toEqual(before);
	});
});

describe('signature', () => {
	it('accepts a notification signed with the app secret', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/signed.txt`);
		const call = await notify(workflow, userNotification(account));
		expect(call.status).toBe(200);
		expect(emitted(call).map((item) => item.path)).toEqual([`${folder}/signed.txt`]);
	});

	it('accepts the signature in upper-case hex too', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/upper.txt`);
		const body = userNotification(account);
		const call = await notify(workflow, body, sign(body).toUpperCase());
		expect(emitted(call)).toHaveLength(1);
	});

	const forged: Array<[string, (body: Buffer) => { body: Buffer; signature: string | null }]> = [
		['missing', (body) => ({ body, signature: null })],
		['empty', (body) => ({ body, signature: '' })],
		['wrong', (body) => ({ body, signature: 'ab'.repeat(32) })],
		['not hex', (body) => ({ body, signature: 'zz'.repeat(32) })],
		['truncated', (body) => ({ body, signature: sign(body).slice(0, 62) })],
		['made with another secret', (body) => ({ body, signature: sign(body, 'another-app-secret') })],
		['over a body altered after signing', (body) => ({ body: Buffer.from(body.toString().replace('accounts', 'accounts ')), signature: sign(body) })],
	];
	it.each(forged)('rejects a signature %s with 403, before any Dropbox call', async (_, forge) => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/unsigned.txt`);
		const savedBefore = workflow.savedStaticData();
		const { body, signature } = forge(userNotification(account));
		const call = await notify(workflow, body, signature);
		expect(call.status).toBe(403);
		expect(started(call)).toBe(false);
		expect(dropbox.standIn.requests).toHaveLength(0);
		expect(workflow.savedStaticData()).toEqual(savedBefore);

		// The change is still there for the next genuine notification.
		const genuine = await notify(workflow, userNotification(account));
		expect(emitted(genuine).map((item) => item.name)).toEqual(['unsigned.txt']);
	});
});

describe('accounts named in the notification', () => {
	it('ignores a notification for another account: 200, no execution, no Dropbox call', async () => {
		const { folder, workflow } = await activeTrigger();
		put(`${folder}/not-yet.txt`);
		const call = await notify(workflow, userNotification('dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc'));
		expect(call.status).toBe(200);
		expect(call.error).toBeUndefined();
		expect(started(call)).toBe(false);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('handles a notification naming several accounts, ours among them', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/shared-batch.txt`);
		const call = await notify(workflow, userNotification('dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc', account));
		expect(emitted(call).map((item) => item.name)).toEqual(['shared-batch.txt']);
	});
});

describe('changes', () => {
	it('one new file: one item with its metadata and the account', async () => {
		const { folder, workflow, account } = await activeTrigger();
		const entry = put(`${folder}/Reports/Q3 Überblick.txt`, 'numbers');
		const call = await notify(workflow, userNotification(account));
		expect(call.status).toBe(200);
		expect(call.error).toBeUndefined();
		const items = emitted(call);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			event: 'fileAdded',
			path: `${folder}/Reports/Q3 Überblick.txt`,
			name: 'Q3 Überblick.txt',
			id: entry.id,
			accountId: account,
		});
		expect(items[0].metadata).toMatchObject({ '.tag': 'file', rev: entry.rev, size: 7, path_lower: `${folder}/reports/q3 überblick.txt`.toLowerCase() });
		expect(items[0].link).toBeUndefined();
	});

	it('added, then modified: a new file is fileAdded, overwriting it is fileModified', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/draft.md`, 'v1');
		const first = emitted(await notify(workflow, userNotification(account)));
		expect(first.map((item) => [item.event, item.name])).toEqual([['fileAdded', 'draft.md']]);

		put(`${folder}/draft.md`, 'v2');
		const second = emitted(await notify(workflow, userNotification(account)));
		expect(second.map((item) => [item.event, item.name])).toEqual([['fileModified', 'draft.md']]);
		expect(second[0].id).toBe(first[0].id);
	});

	it('2,500 changes across pages: every one emitted once, in order', async () => {
		// Folders need no history call; one file in ten keeps the history reads (four at a time) in the mix.
		const { folder, workflow, account } = await activeTrigger({ events: ['fileAdded', 'folderAdded'] });
		// The folder "bulk" and 2,499 entries in it.
		const expected: Array<[string, string]> = [['folderAdded', `${folder}/bulk`]];
		for (let i = 0; i < 2499; i++) {
			const path = `${folder}/bulk/${String(i).padStart(4, '0')}`;
			if (i % 10 === 9) {
				put(`${path}.csv`, String(i));
				expected.push(['fileAdded', `${path}.csv`]);
			} else {
				mkdir(path);
				expected.push(['folderAdded', path]);
			}
		}
		const call = await notify(workflow, userNotification(account));
		expect(call.error).toBeUndefined();
		const items = emitted(call);
		expect(items).toHaveLength(2500);
		expect(items.map((item) => [item.event, item.path])).toEqual(expected);
		const pages = dropbox.requestsTo('files/list_folder/continue');
		expect(pages.length).toBeGreaterThan(1);
		expect(pages.map((page) => page.status)).toEqual(pages.map(() => 200));
		expect(dropbox.requestsTo('files/list_revisions')).toHaveLength(249);

		dropbox.standIn.clearRequests();
		const again = await notify(workflow, userNotification(account));
		expect(started(again)).toBe(false);
		expect(routes()).toEqual(['files/list_folder/continue']);
	}, 60_000);

	it('deletions: a deleted file is fileDeleted, a deleted folder folderDeleted (and the files in it fileDeleted)', async () => {
		const folder = freshFolder();
		put(`${folder}/lonely.txt`);
		put(`${folder}/Archive/2019/old.pdf`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow({ path: folder, events: ['fileDeleted', 'folderDeleted'] }, credential);
		await workflow.activate();

		rm(`${folder}/lonely.txt`);
		rm(`${folder}/Archive`);
		const items = emitted(await notify(workflow, userNotification(accountOf(credential))));
		expect(items.map((item) => [item.event, item.path])).toEqual([
			['fileDeleted', `${folder}/lonely.txt`],
			['folderDeleted', `${folder}/Archive`],
			['folderDeleted', `${folder}/Archive/2019`],
			['fileDeleted', `${folder}/Archive/2019/old.pdf`],
		]);
		expect(items.every((item) => (item.metadata as IDataObject)['.tag'] === 'deleted')).toBe(true);
	});

	it('folder events: a new folder is folderAdded', async () => {
		const { folder, workflow, account } = await activeTrigger({ events: ['folderAdded', 'fileAdded'] });
		mkdir(`${folder}/Projects/Alpha`);
		const items = emitted(await notify(workflow, userNotification(account)));
		expect(items.map((item) => [item.event, item.path])).toEqual([
			['folderAdded', `${folder}/Projects`],
			['folderAdded', `${folder}/Projects/Alpha`],
		]);
		// Folders need no revision history.
		expect(dropbox.requestsTo('files/list_revisions')).toHaveLength(0);
	});

	it('filter by event: only the events asked for', async () => {
		const folder = freshFolder();
		put(`${folder}/existing.txt`, 'v1');
		put(`${folder}/doomed.txt`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow({ path: folder, events: ['fileAdded'] }, credential);
		await workflow.activate();

		put(`${folder}/existing.txt`, 'v2');
		rm(`${folder}/doomed.txt`);
		mkdir(`${folder}/New Folder`);
		put(`${folder}/brand-new.txt`);
		const items = emitted(await notify(workflow, userNotification(accountOf(credential))));
		expect(items.map((item) => [item.event, item.name])).toEqual([['fileAdded', 'brand-new.txt']]);
	});

	it('filter by extension: case-insensitive, with or without the dot; history read only for what passes', async () => {
		const { folder, workflow, account } = await activeTrigger({ options: { extensions: 'pdf, .DOCX' } });
		put(`${folder}/a.PDF`);
		put(`${folder}/b.docx`);
		put(`${folder}/c.txt`);
		put(`${folder}/pdf`);
		const items = emitted(await notify(workflow, userNotification(account)));
		expect(items.map((item) => item.name)).toEqual(['a.PDF', 'b.docx']);
		expect(dropbox.requestsTo('files/list_revisions')).toHaveLength(2);
	});

	it('filter by path pattern: relative to the watched folder, or the name', async () => {
		const { folder, workflow, account } = await activeTrigger({ options: { glob: 'Invoices/**/*.pdf' } });
		put(`${folder}/Invoices/2024/march.pdf`);
		put(`${folder}/Invoices/april.pdf`);
		put(`${folder}/Invoices/notes.txt`);
		put(`${folder}/Other/may.pdf`);
		const items = emitted(await notify(workflow, userNotification(account)));
		expect(items.map((item) => item.path)).toEqual([`${folder}/Invoices/2024/march.pdf`, `${folder}/Invoices/april.pdf`]);

		const byName = await activeTrigger({ options: { glob: '*.pdf' } });
		put(`${byName.folder}/deep/down/report.pdf`);
		put(`${byName.folder}/deep/down/report.txt`);
		const named = emitted(await notify(byName.workflow, userNotification(byName.account)));
		expect(named.map((item) => item.name)).toEqual(['report.pdf']);
	});

	it('adds a temporary link to added and modified files only', async () => {
		const folder = freshFolder();
		put(`${folder}/edited.txt`, 'v1');
		put(`${folder}/removed.txt`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow(
			{ path: folder, events: ['fileAdded', 'fileModified', 'fileDeleted', 'folderAdded'], options: { includeLink: true } },
			credential,
		);
		await workflow.activate();
		dropbox.standIn.clearRequests();

		put(`${folder}/edited.txt`, 'v2');
		rm(`${folder}/removed.txt`);
		mkdir(`${folder}/Sub`);
		put(`${folder}/Sub/new.txt`);
		const items = emitted(await notify(workflow, userNotification(accountOf(credential))));
		const byName = Object.fromEntries(items.map((item) => [item.name, item]));
		expect(Object.keys(byName).sort()).toEqual(['Sub', 'edited.txt', 'new.txt', 'removed.txt']);
		expect(byName['edited.txt']).toMatchObject({ event: 'fileModified', link: expect.stringMatching(/^https:\/\//) });
		expect(byName['new.txt']).toMatchObject({ event: 'fileAdded', link: expect.stringMatching(/^https:\/\//) });
		expect(byName['removed.txt'].link).toBeUndefined();
		expect(byName.Sub.link).toBeUndefined();
		expect(dropbox.requestsTo('files/get_temporary_link').map((request) => (request.arg as IDataObject).path).sort()).toEqual(
			[byName['edited.txt'].id, byName['new.txt'].id].sort(),
		);
	});

	it('without subfolders: changes below the watched folder\'s children do not count', async () => {
		const { folder, workflow, account } = await activeTrigger({ recursive: false });
		put(`${folder}/top.txt`);
		put(`${folder}/Sub/deeper.txt`);
		const items = emitted(await notify(workflow, userNotification(account)));
		expect(items.map((item) => item.name)).toEqual(['top.txt']);
	});
});

describe('moves', () => {
	const revisionModes = () => dropbox.requestsTo('files/list_revisions').map((request) => (request.arg as IDataObject).mode);

	it('a renamed file is one fileMoved with previousPath, and added vs modified is not looked up', async () => {
		const folder = freshFolder();
		const file = put(`${folder}/draft.txt`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow({ path: folder, events: ['fileAdded', 'fileModified', 'fileDeleted', 'fileMoved'] }, credential);
		await workflow.activate();
		dropbox.standIn.clearRequests();
		const account = accountOf(credential);
		mv(`${folder}/draft.txt`, `${folder}/final.txt`);
		const items = emitted(await notify(workflow, userNotification(account)));
		expect(items.map((item) => [item.event, item.path, item.previousPath, item.id])).toEqual([
			['fileMoved', `${folder}/final.txt`, `${folder}/draft.txt`, file.id],
		]);
		expect(revisionModes()).toEqual(['path']);
	});

	it('a moved folder: folderMoved for it and its subfolders, fileMoved for its files, nothing added or deleted', async () => {
		const folder = freshFolder();
		put(`${folder}/Projects/Alpha/plan.txt`);
		put(`${folder}/Projects/notes.md`);
		mkdir(`${folder}/Projects/Empty`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow({ path: folder, events: ['fileAdded', 'fileModified', 'fileDeleted', 'fileMoved', 'folderAdded', 'folderDeleted', 'folderMoved'] }, credential);
		await workflow.activate();
		dropbox.standIn.clearRequests();

		mv(`${folder}/Projects`, `${folder}/Archive/Projects 2024`);
		const items = emitted(await notify(workflow, userNotification(accountOf(credential))));
		expect(items.map((item) => [item.event, item.path, item.previousPath])).toEqual([
			['folderAdded', `${folder}/Archive`, undefined],
			['folderMoved', `${folder}/Archive/Projects 2024`, `${folder}/Projects`],
			['folderMoved', `${folder}/Archive/Projects 2024/Alpha`, `${folder}/Projects/Alpha`],
			['fileMoved', `${folder}/Archive/Projects 2024/notes.md`, `${folder}/Projects/notes.md`],
			['folderMoved', `${folder}/Archive/Projects 2024/Empty`, `${folder}/Projects/Empty`],
			['fileMoved', `${folder}/Archive/Projects 2024/Alpha/plan.txt`, `${folder}/Projects/Alpha/plan.txt`],
		]);
		expect(revisionModes().every((mode) => mode === 'path')).toBe(true);
	});

	it('Report Moves As "Deleted and Added Pair": the old path deleted, the new one reported as Dropbox lists it', async () => {
		const folder = freshFolder();
		put(`${folder}/a.txt`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow({ path: folder, events: ['fileAdded', 'fileModified', 'fileDeleted', 'fileMoved'], options: { reportMoves: 'deletedAndAdded' } }, credential);
		await workflow.activate();
		mv(`${folder}/a.txt`, `${folder}/b.txt`);
		const items = emitted(await notify(workflow, userNotification(accountOf(credential))));
		// The stand-in gives a moved file a new revision, so the new path reads as modified.
		expect(items.map((item) => [item.event, item.path])).toEqual([
			['fileDeleted', `${folder}/a.txt`],
			['fileModified', `${folder}/b.txt`],
		]);
	});

	it('with the default events a rename starts nothing (it is neither added nor modified)', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/x.txt`);
		await notify(workflow, userNotification(account));
		mv(`${folder}/x.txt`, `${folder}/y.txt`);
		dropbox.standIn.clearRequests();
		const call = await notify(workflow, userNotification(account));
		expect(started(call)).toBe(false);
		expect(routes()).toEqual(['files/list_folder/continue', 'files/list_revisions']);
		expect(revisionModes()).toEqual(['path']);
	});
});

describe('cursor reset', () => {
	it('reports one warning item, takes a new cursor, and later changes flow again', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/lost-in-reset.txt`);
		dropbox.standIn.injectFault({ route: 'files/list_folder/continue', kind: 'reset' });
		const call = await notify(workflow, userNotification(account));
		expect(call.error).toBeUndefined();
		const items = emitted(call);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ event: 'reset', accountId: account, warning: expect.stringContaining('reset') });
		expect(routes()).toEqual(['files/list_folder/continue', 'files/list_folder/get_latest_cursor']);
		expect(dropbox.requestsTo('files/list_folder/continue')[0].status).toBe(409);

		put(`${folder}/after-reset.txt`);
		const later = emitted(await notify(workflow, userNotification(account)));
		expect(later.map((item) => [item.event, item.name])).toEqual([['fileAdded', 'after-reset.txt']]);
	});
});

describe('duplicate and concurrent notifications', () => {
	it('the same notification twice: the changes are emitted once', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/once.txt`);
		const body = userNotification(account);
		const first = await notify(workflow, body);
		const second = await notify(workflow, body);
		expect(emitted(first).map((item) => item.name)).toEqual(['once.txt']);
		expect(started(second)).toBe(false);
	});

	it('two notifications at once (both read the same saved cursor): each change emitted exactly once', async () => {
		const { folder, workflow, account } = await activeTrigger();
		for (const name of ['a.txt', 'b.txt', 'c.txt']) put(`${folder}/${name}`);
		const calls = await Promise.all([notify(workflow, userNotification(account)), notify(workflow, userNotification(account))]);
		expect(calls.map((call) => call.status)).toEqual([200, 200]);
		expect(calls.flatMap(emitted).map((item) => item.name)).toEqual(['a.txt', 'b.txt', 'c.txt']);

		put(`${folder}/d.txt`);
		const next = await Promise.all([notify(workflow, userNotification(account)), notify(workflow, userNotification(account))]);
		expect(next.flatMap(emitted).map((item) => item.name)).toEqual(['d.txt']);

		// The next pass in this process confirms that hand-over (the process lived on, so n8n got it); whichever
		// write landed last, the saved cursor is past those changes: a new process repeats none.
		expect(started(await notify(workflow, userNotification(account)))).toBe(false);
		const fresh = requireFresh<{ DropboxSuiteTrigger: typeof DropboxSuiteTrigger }>('nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node');
		const restarted = workflow.restart({ nodeType: new fresh.DropboxSuiteTrigger() });
		expect(started(await notify(restarted, userNotification(account)))).toBe(false);
	});

	it('many notifications at once while changes keep coming: nothing lost, nothing repeated', async () => {
		const { folder, workflow, account } = await activeTrigger();
		const names: string[] = [];
		const calls: Array<Promise<WebhookCallResult>> = [];
		for (let round = 0; round < 5; round++) {
			const name = `round-${round}.txt`;
			names.push(name);
			put(`${folder}/${name}`);
			calls.push(notify(workflow, userNotification(account)), notify(workflow, userNotification(account)));
		}
		const results = await Promise.all(calls);
		const seen = results.flatMap(emitted).map((item) => String(item.name));
		expect([...seen].sort()).toEqual(names);
	});

	it('notifications arriving while a pass runs join the one pass queued behind it: one more pass, one hand-over, every change once', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/first.txt`);
		const hold = holdPass();
		const waitingCalls = countWaitingCalls();
		const first = notify(workflow, userNotification(account));
		await hold.held;
		const names = ['burst-1.txt', 'burst-2.txt', 'burst-3.txt'];
		for (const name of names) put(`${folder}/${name}`);
		const burst = Array.from({ length: 8 }, async () => await notify(workflow, userNotification(account)));
		await waitingCalls.reach(9);
		hold.release();
		const [head, ...rest] = await Promise.all([first, ...burst]);

		expect(emitted(head).map((item) => item.name)).toEqual(['first.txt']);
		// Every request is answered 200 (the pass read everything); exactly one of the eight starts the workflow,
		// with every change made before the queued pass started.
		expect(rest.map((call) => call.status)).toEqual(Array(8).fill(200));
		expect(rest.map((call) => call.error)).toEqual(Array(8).fill(undefined));
		expect(rest.filter(started)).toHaveLength(1);
		expect(rest.flatMap(emitted).map((item) => item.name)).toEqual(names);
		// One pass's worth of reading for the eight (one list_folder/continue), not eight: two in all.
		const continued = dropbox.requestsTo('files/list_folder/continue');
		expect(continued).toHaveLength(2);
		// The seven that only answer return from webhook() at once, before the queued pass even starts (n8n holds
		// resources per request until then); their answer comes when the pass has read everything.
		for (const call of rest.filter((each) => !started(each))) {
			expect(call.returnedAt).toBeLessThanOrEqual(continued[1].at);
			expect(call.answeredAt).toBeGreaterThanOrEqual(continued[1].at);
		}

		// Nothing repeats in this process; a new one reads the last hand-over again, with its keys, and nothing else.
		const handedOver = rest.flatMap(emitted);
		expect(started(await notify(workflow, userNotification(account)))).toBe(false);
		put(`${folder}/after.txt`);
		const fresh = requireFresh<{ DropboxSuiteTrigger: typeof DropboxSuiteTrigger }>('nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node');
		const restarted = workflow.restart({ nodeType: new fresh.DropboxSuiteTrigger() });
		await restarted.activate('init');
		expect(emitted(await notify(restarted, userNotification(account))).map((item) => item.name)).toEqual(['after.txt']);
		expect(handedOver.map((item) => item.name)).toEqual(names);
	});

	it('a queued pass that fails: every request that joined it answers 500, one error reaches n8n, and the repeat reads the changes', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/first.txt`);
		const hold = holdPass();
		const waitingCalls = countWaitingCalls();
		const first = notify(workflow, userNotification(account));
		await hold.held;
		put(`${folder}/missed.txt`);
		// The held pass has read the feed already; the queued one cannot.
		dropbox.standIn.injectFault({ route: 'files/list_folder/continue', kind: 'server_error', times: Infinity });
		const burst = Array.from({ length: 4 }, async () => await notify(workflow, userNotification(account)));
		await waitingCalls.reach(5);
		hold.release();
		const [head, ...rest] = await Promise.all([first, ...burst]);

		expect(head.status).toBe(200);
		expect(emitted(head).map((item) => item.name)).toEqual(['first.txt']);
		expect(rest.map((call) => call.status)).toEqual([500, 500, 500, 500]);
		expect(rest.filter(started)).toHaveLength(0);
		// One failed execution for the pass, not one per request.
		expect(rest.filter((call) => call.error)).toHaveLength(1);
		expect(rest.find((call) => call.error)?.error?.message).toMatch(/^Dropbox/);

		dropbox.standIn.clearFaults();
		answerBudget = never;
		const repeat = await notify(workflow, userNotification(account));
		expect(repeat.status).toBe(200);
		expect(emitted(repeat).map((item) => item.name)).toEqual(['missed.txt']);
	});

	it('a notification for another filter does not join: its own pass, with its own filter', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/first.txt`);
		const hold = holdPass();
		const waitingCalls = countWaitingCalls();
		const first = notify(workflow, userNotification(account));
		await hold.held;
		put(`${folder}/report.pdf`);
		put(`${folder}/notes.txt`);
		const all = notify(workflow, userNotification(account));
		await waitingCalls.reach(2);
		// The workflow edited and saved meanwhile (n8n keeps the webhook): the next request reads with the new filter.
		workflow.setParameters({ path: folder, events: ['fileAdded', 'fileModified'], options: { extensions: 'pdf' } });
		const pdfOnly = notify(workflow, userNotification(account));
		await waitingCalls.reach(3);
		hold.release();
		const [, before, after] = await Promise.all([first, all, pdfOnly]);
		expect(emitted(before).map((item) => item.name)).toEqual(['report.pdf', 'notes.txt']);
		// Its own pass (a third list_folder/continue), from where the one before ended: nothing new.
		expect(routes().filter((route) => route === 'files/list_folder/continue')).toHaveLength(3);
		expect(started(after)).toBe(false);
		expect(after.status).toBe(200);
	});

	it('an n8n restart: the saved cursor carries over, nothing lost; the last hand-over comes again with its keys', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/confirmed.txt`);
		const confirmed = emitted(await notify(workflow, userNotification(account)));
		put(`${folder}/before-restart.txt`);
		const before = emitted(await notify(workflow, userNotification(account)));
		expect(before.map((item) => item.name)).toEqual(['before-restart.txt']);
		put(`${folder}/while-down.txt`);

		// A new process: the node's module state is gone; only the saved static data remains. It cannot tell whether
		// n8n ran the workflow for the last hand-over (n8n saved the cursor before running it), so it reads it again.
		const fresh = requireFresh<{ DropboxSuiteTrigger: typeof DropboxSuiteTrigger }>('nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node');
		const restarted = workflow.restart({ nodeType: new fresh.DropboxSuiteTrigger() });
		dropbox.standIn.clearRequests();
		expect(await restarted.activate('init')).toEqual({ webhooks: { default: 'existed' } });
		expect(dropbox.standIn.requests).toHaveLength(0);

		put(`${folder}/after-restart.txt`);
		const items = emitted(await notify(restarted, userNotification(account)));
		expect(items.map((item) => item.name)).toEqual(['before-restart.txt', 'while-down.txt', 'after-restart.txt']);
		// The repeat carries the key it had: Remove Duplicates drops it. What a later pass confirmed never repeats.
		expect(items[0].key).toBe(before[0].key);
		expect(items.map((item) => item.key)).not.toContain(confirmed[0].key);
		expect(new Set(items.map((item) => item.key)).size).toBe(3);
		expect(started(await notify(restarted, userNotification(account)))).toBe(false);
	});
});

describe('crash safety', () => {
	// n8n saves a trigger's static data when webhook() returns and runs the workflow after that: a process killed
	// in between has the new cursor saved and no execution. Simulated here: the saved row is kept, the run dropped.
	it('killed after webhook() returned, before the workflow ran: every change comes again after the restart', async () => {
		const { folder, workflow, account } = await activeTrigger();
		const names = Array.from({ length: 200 }, (_, i) => `crash-${String(i).padStart(3, '0')}.txt`);
		for (const name of names) put(`${folder}/${name}`);
		const lost = emitted(await notify(workflow, userNotification(account)));
		expect(lost).toHaveLength(200);

		const fresh = requireFresh<{ DropboxSuiteTrigger: typeof DropboxSuiteTrigger }>('nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node');
		const restarted = workflow.restart({ nodeType: new fresh.DropboxSuiteTrigger() });
		await restarted.activate('init');
		// Dropbox's next notification (a retry, or any change): all 200 again, each with the key it had.
		const again = emitted(await notify(restarted, userNotification(account)));
		expect(again.map((item) => item.name)).toEqual(names);
		expect(again.map((item) => item.key)).toEqual(lost.map((item) => item.key));
		// The workflow ran for these: the next pass in this process confirms them, and nothing repeats.
		put(`${folder}/next.txt`);
		expect(emitted(await notify(restarted, userNotification(account))).map((item) => item.name)).toEqual(['next.txt']);
		expect(started(await notify(restarted, userNotification(account)))).toBe(false);
	});

	it('killed during the pass (nothing saved): the next notification reads the changes from the old cursor', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/mid-pass.txt`);
		const savedBefore = workflow.savedStaticData();
		// A pass cut short: its Dropbox calls were made, its result never handed over nor saved.
		dropbox.standIn.injectFault({ route: 'files/list_revisions', kind: 'drop', times: Infinity });
		await notify(workflow, userNotification(account));
		dropbox.standIn.clearFaults();
		expect(workflow.savedStaticData()).toEqual(savedBefore);
		const fresh = requireFresh<{ DropboxSuiteTrigger: typeof DropboxSuiteTrigger }>('nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node');
		const restarted = workflow.restart({ nodeType: new fresh.DropboxSuiteTrigger() });
		await restarted.activate('init');
		expect(emitted(await notify(restarted, userNotification(account))).map((item) => item.name)).toEqual(['mid-pass.txt']);
	});

	it('every event has a key: the same change the same key, different changes different keys', async () => {
		const { folder, workflow, account } = await activeTrigger({ events: ['fileAdded', 'fileModified', 'fileDeleted', 'folderAdded', 'folderDeleted'] });
		mkdir(`${folder}/Sub`);
		put(`${folder}/Sub/a.txt`, 'one');
		const first = emitted(await notify(workflow, userNotification(account)));
		put(`${folder}/Sub/a.txt`, 'two');
		rm(`${folder}/Sub`);
		mkdir(`${folder}/Sub`);
		const second = emitted(await notify(workflow, userNotification(account)));
		rm(`${folder}/Sub`);
		const third = emitted(await notify(workflow, userNotification(account)));
		const all = [...first, ...second, ...third];
		expect(all.map((item) => item.event)).toEqual(['folderAdded', 'fileAdded', 'folderDeleted', 'fileDeleted', 'folderAdded', 'folderDeleted']);
		expect(all.every((item) => typeof item.key === 'string' && String(item.key).length > 0)).toBe(true);
		expect(new Set(all.map((item) => item.key)).size).toBe(all.length);
	});
});

describe('several processes (queue mode: webhook processors side by side)', () => {
	// Each process keeps its newest state in memory; n8n hands every request the static data as last saved, by
	// whichever process saved last. Simulated with restart(): the same module (its memory kept) or a fresh one,
	// given the state another process saved.
	it('a process whose memory is older than the saved state starts from the newer saved cursor; nothing lost, repeats keep their keys', async () => {
		const { folder, workflow: processA, account } = await activeTrigger();
		put(`${folder}/one.txt`);
		const first = emitted(await notify(processA, userNotification(account)));
		expect(first.map((item) => item.name)).toEqual(['one.txt']);
		expect(processA.savedStaticData()).toMatchObject({ 'node:Trigger under test': { seq: 1 } });

		// Process B, with A's saved state: A's hand-over may not have reached n8n as far as B can tell, so it is read again.
		const fresh = requireFresh<{ DropboxSuiteTrigger: typeof DropboxSuiteTrigger }>('nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node');
		const processB = processA.restart({ nodeType: new fresh.DropboxSuiteTrigger() });
		await processB.activate('init');
		put(`${folder}/two.txt`);
		const second = emitted(await notify(processB, userNotification(account)));
		expect(second.map((item) => item.name)).toEqual(['one.txt', 'two.txt']);
		expect(second[0].key).toBe(first[0].key);
		put(`${folder}/three.txt`);
		const third = emitted(await notify(processB, userNotification(account)));
		expect(third.map((item) => item.name)).toEqual(['three.txt']);

		// Back in process A (its memory ends at one.txt), with B's newer saved state: it starts from B's confirmed
		// cursor (after two.txt), not from its own older one; B's last hand-over is read again, with its key.
		const processA2 = processB.restart({ nodeType: new DropboxSuiteTrigger() });
		await processA2.activate('init');
		put(`${folder}/four.txt`);
		const fourth = emitted(await notify(processA2, userNotification(account)));
		expect(fourth.map((item) => item.name)).toEqual(['three.txt', 'four.txt']);
		expect(fourth[0].key).toBe(third[0].key);
		const all = [...first, ...second, ...third, ...fourth];
		const keysByName = new Map<string, Set<unknown>>();
		for (const item of all) keysByName.set(String(item.name), (keysByName.get(String(item.name)) ?? new Set()).add(item.key));
		expect([...keysByName.keys()].sort()).toEqual(['four.txt', 'one.txt', 'three.txt', 'two.txt']);
		expect([...keysByName.values()].every((keys) => keys.size === 1)).toBe(true);
	});
});

describe('failures', () => {
	it('a pass that fails keeps the cursor and answers 500, so Dropbox repeats the notification; the repeat reads it', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/retry-me.txt`);
		const savedBefore = workflow.savedStaticData();
		dropbox.standIn.injectFault({ route: 'files/list_revisions', kind: 'server_error', times: Infinity });
		const failed = await notify(workflow, userNotification(account));
		// Nothing read: the error reaches n8n (which records a failed execution); the cursor is unchanged.
		expect(failed.status).toBe(500);
		expect(failed.error?.message).toMatch(/^Dropbox/);
		expect(started(failed)).toBe(false);
		expect((workflow.savedStaticData() as IDataObject).cursors).toEqual((savedBefore as IDataObject).cursors);

		dropbox.standIn.clearFaults();
		const retried = await notify(workflow, userNotification(account));
		expect(retried.status).toBe(200);
		expect(emitted(retried).map((item) => item.name)).toEqual(['retry-me.txt']);
	});

	it('a pass still running at the answer budget is answered 503, so a later failure is still repeated by Dropbox', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/slow.txt`);
		answerBudget = async () => {};
		const call = await notify(workflow, userNotification(account));
		expect(call.status).toBe(503);
		expect(emitted(call).map((item) => item.name)).toEqual(['slow.txt']);
		const [first] = dropbox.standIn.requests;
		expect(call.answeredAt).toBeLessThanOrEqual(first.at);
		// Dropbox's repeat: nothing left to read, one call.
		answerBudget = never;
		dropbox.standIn.clearRequests();
		const repeat = await notify(workflow, userNotification(account));
		expect(repeat.status).toBe(200);
		expect(started(repeat)).toBe(false);
		expect(routes()).toEqual(['files/list_folder/continue']);
	});

	it('a file gone before its history was read: reported as added, with a warning, not dropped', async () => {
		const { folder, workflow, account } = await activeTrigger({ events: ['fileAdded', 'fileModified'] });
		put(`${folder}/fleeting.txt`);
		dropbox.standIn.injectFault({ route: 'files/list_revisions', kind: 'route_error', error: { '.tag': 'path', path: { '.tag': 'not_found' } } });
		const call = await notify(workflow, userNotification(account));
		expect(call.status).toBe(200);
		const [item] = emitted(call);
		expect(item).toMatchObject({ event: 'fileAdded', name: 'fleeting.txt' });
		expect(String(item.warning)).toMatch(/added or modified could not be read.*not_found/);
	});

	it('a temporary link that cannot be made: the change is reported without it, with a warning', async () => {
		const { folder, workflow, account } = await activeTrigger({ options: { includeLink: true } });
		put(`${folder}/linked.txt`);
		put(`${folder}/unlinkable.txt`);
		const unlinkable = store().lookup(home(), `${folder}/unlinkable.txt`);
		dropbox.standIn.injectFault({ route: 'files/get_temporary_link', kind: 'route_error', match: { path: unlinkable?.id }, error: { '.tag': 'path', path: { '.tag': 'not_found' } } });
		const call = await notify(workflow, userNotification(account));
		expect(call.status).toBe(200);
		const items = emitted(call);
		expect(items.map((item) => [item.name, typeof item.link, item.warning === undefined])).toEqual([
			['linked.txt', 'string', true],
			['unlinkable.txt', 'undefined', false],
		]);
		expect(String(items[1].warning)).toMatch(/^No temporary link \(Dropbox: path\/not_found/);
	});

	it('an expired access token is refreshed by n8n and saved; the notification is handled', async () => {
		const { folder, workflow, account, credential } = await activeTrigger();
		put(`${folder}/after-expiry.txt`);
		dropbox.standIn.expireAccessTokens();
		const call = await notify(workflow, userNotification(account));
		expect(emitted(call).map((item) => item.name)).toEqual(['after-expiry.txt']);
		expect(routes()).toContain('oauth2/token');
		const tokens = workflow.credentials()[credential.id].oauthTokenData as IDataObject;
		expect(tokens.access_token).not.toBe((credential.data.oauthTokenData as IDataObject).access_token);
	});
});

describe('team app', () => {
	const team = () => dropbox.standIn.team;

	async function teamTrigger(members: string[]) {
		const credential = dropbox.credential({ team: true });
		const workflow = webhookWorkflow({ path: '', events: ['fileAdded'], options: { members: members.join(', ') } }, credential);
		await workflow.activate();
		return workflow;
	}

	it('takes one cursor per watched member, each as that member', async () => {
		const [, jonas, lea] = team().members;
		await teamTrigger([jonas.team_member_id, lea.team_member_id]);
		const calls = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		expect(calls.map((call) => call.headers['dropbox-api-select-user'])).toEqual([jonas.team_member_id, lea.team_member_id]);
	});

	it('a notification naming a member drains that member\'s cursor with Dropbox-API-Select-User', async () => {
		const [, jonas, lea] = team().members;
		const workflow = await teamTrigger([jonas.team_member_id, lea.team_member_id]);
		const folder = freshFolder(lea.home_namespace_id);
		put(`${folder}/plan.txt`, 'plan', lea.home_namespace_id);
		dropbox.standIn.clearRequests();

		const call = await notify(workflow, teamNotification(team().team_id, lea.team_member_id));
		expect(call.error).toBeUndefined();
		const items = emitted(call);
		expect(items.map((item) => [item.event, item.path, item.teamMemberId, item.teamId])).toEqual([
			['fileAdded', `${folder}/plan.txt`, lea.team_member_id, team().team_id],
		]);
		const continued = dropbox.requestsTo('files/list_folder/continue');
		expect(continued.map((request) => request.headers['dropbox-api-select-user'])).toEqual([lea.team_member_id]);
		expect(dropbox.standIn.requests.every((request) => request.headers['dropbox-api-select-user'] === lea.team_member_id)).toBe(true);
	});

	it('one member failing does not cost the others their changes; the failed one is read again on the next pass', async () => {
		const [, jonas, lea] = team().members;
		const workflow = await teamTrigger([jonas.team_member_id, lea.team_member_id]);
		const jonasFolder = freshFolder(jonas.home_namespace_id);
		const leaFolder = freshFolder(lea.home_namespace_id);
		put(`${jonasFolder}/jonas.txt`, 'j', jonas.home_namespace_id);
		put(`${leaFolder}/lea.txt`, 'l', lea.home_namespace_id);
		const cursors = workflow.staticData().cursors as Record<string, string>;
		dropbox.standIn.injectFault({ route: 'files/list_folder/continue', kind: 'route_error', match: { cursor: cursors[lea.team_member_id] }, error: { '.tag': 'other' }, times: Infinity });

		const call = await notify(workflow, teamNotification(team().team_id, jonas.team_member_id, lea.team_member_id));
		expect(call.status).toBe(500);
		expect(emitted(call).map((item) => [item.name, item.teamMemberId])).toEqual([['jonas.txt', jonas.team_member_id]]);
		expect(workflow.staticData().failed).toEqual([lea.team_member_id]);

		// The next notification names only Jonas; Léa's changes are read too, once Dropbox answers again.
		dropbox.standIn.clearFaults();
		const next = await notify(workflow, teamNotification(team().team_id, jonas.team_member_id));
		expect(next.status).toBe(200);
		expect(emitted(next).map((item) => [item.name, item.teamMemberId])).toEqual([['lea.txt', lea.team_member_id]]);
		expect(workflow.staticData().failed).toBeUndefined();
	});

	it('a notification naming another member joins the queued pass too, widening it before it starts', async () => {
		const [, jonas, lea] = team().members;
		const workflow = await teamTrigger([jonas.team_member_id, lea.team_member_id]);
		const jonasFolder = freshFolder(jonas.home_namespace_id);
		const leaFolder = freshFolder(lea.home_namespace_id);
		put(`${jonasFolder}/first.txt`, 'j0', jonas.home_namespace_id);
		const hold = holdPass();
		const waitingCalls = countWaitingCalls();
		const first = notify(workflow, teamNotification(team().team_id, jonas.team_member_id));
		await hold.held;
		put(`${jonasFolder}/jonas.txt`, 'j', jonas.home_namespace_id);
		put(`${leaFolder}/lea.txt`, 'l', lea.home_namespace_id);
		dropbox.standIn.clearRequests();
		const burst = [jonas, lea, jonas].map(async (member) => await notify(workflow, teamNotification(team().team_id, member.team_member_id)));
		await waitingCalls.reach(4);
		hold.release();
		const [head, ...rest] = await Promise.all([first, ...burst]);

		expect(emitted(head).map((item) => item.name)).toEqual(['first.txt']);
		expect(rest.map((call) => call.status)).toEqual([200, 200, 200]);
		expect(rest.filter(started)).toHaveLength(1);
		expect(rest.flatMap(emitted).map((item) => [item.name, item.teamMemberId])).toEqual([
			['jonas.txt', jonas.team_member_id],
			['lea.txt', lea.team_member_id],
		]);
		// The queued pass read each member once (the held pass's own continue was made before clearRequests).
		const continued = dropbox.requestsTo('files/list_folder/continue').map((request) => request.headers['dropbox-api-select-user']);
		expect(continued.sort()).toEqual([jonas.team_member_id, lea.team_member_id].sort());
	});

	it('ignores a member who is not watched: no execution, no Dropbox call', async () => {
		const [, jonas, lea] = team().members;
		const workflow = await teamTrigger([jonas.team_member_id]);
		put(`${freshFolder(lea.home_namespace_id)}/private.txt`, 'x', lea.home_namespace_id);
		dropbox.standIn.clearRequests();
		const call = await notify(workflow, teamNotification(team().team_id, lea.team_member_id));
		expect(call.status).toBe(200);
		expect(started(call)).toBe(false);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('watching every member: activation lists the team and takes one cursor per active member', async () => {
		const members = team().members.map((member) => member.team_member_id);
		await teamTrigger([]);
		expect(dropbox.requestsTo('team/members/list_v2')).toHaveLength(1);
		const calls = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		expect(calls.map((call) => call.headers['dropbox-api-select-user'])).toEqual(members);
	});

	// An app's webhook URL hears about every team linked to the app: only this credential's team counts.
	it('ignores the members of another team (watching every member)', async () => {
		const workflow = await teamTrigger([]);
		expect(await workflow.hook('checkExists')).toBe(true);
		dropbox.standIn.clearRequests();

		const call = await notify(workflow, teamNotification('dbtid:AAAnotherTeamXXXXXXXXXXXXXXXXXXXXXXXX', 'dbmid:AAAnotherTeamMemberXXXXXXXXXXXXXXXX'));
		expect(call.error).toBeUndefined();
		expect(call.status).toBe(200);
		expect(started(call)).toBe(false);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});

describe('polling trigger', () => {
	it('activation baselines (nothing emitted); a change shows in the next poll; nothing new is null', async () => {
		const folder = freshFolder();
		put(`${folder}/already-there.txt`);
		const workflow = pollingWorkflow({ path: folder, events: ['fileAdded', 'fileModified'] });

		const activation = await workflow.activate();
		expect(activation.poll?.result).toBeNull();
		expect(routes()).toEqual(['files/list_folder/get_latest_cursor']);
		expect(workflow.savedStaticData()[`node:${workflow.nodeName}`]).toMatchObject({ cursors: { self: expect.any(String) } });

		put(`${folder}/arrived.txt`);
		const poll = await workflow.poll();
		expect(poll.error).toBeUndefined();
		expect(poll.items.map((item) => [item.json.event, item.json.name])).toEqual([['fileAdded', 'arrived.txt']]);
		// Emitting saves the static data: the saved cursor is past the change.
		expect(workflow.savedStaticData()[`node:${workflow.nodeName}`]).toEqual(workflow.staticData());

		dropbox.standIn.clearRequests();
		const quiet = await workflow.poll();
		expect(quiet.result).toBeNull();
		expect(routes()).toEqual(['files/list_folder/continue']);
	});

	it('a first poll without activation baselines too', async () => {
		const folder = freshFolder();
		put(`${folder}/old.txt`);
		const workflow = pollingWorkflow({ path: folder, events: ['fileAdded'] });
		expect((await workflow.poll()).result).toBeNull();
		put(`${folder}/new.txt`);
		expect((await workflow.poll()).items.map((item) => item.json.name)).toEqual(['new.txt']);
	});

	it('manual mode returns sample items of the latest files without moving the cursor', async () => {
		const folder = freshFolder();
		for (const name of ['one.txt', 'two.txt']) put(`${folder}/${name}`);
		const workflow = pollingWorkflow({ path: folder, events: ['fileAdded', 'fileModified'] });
		await workflow.activate();
		put(`${folder}/three.txt`);
		const before = workflow.staticData();
		const saved = workflow.savedStaticData();
		dropbox.standIn.clearRequests();

		const manual = await workflow.poll('manual');
		expect(manual.items.length).toBeGreaterThan(0);
		expect(manual.items.length).toBeLessThanOrEqual(5);
		expect(manual.items.every((item) => item.json.sample === true)).toBe(true);
		expect(manual.items.map((item) => item.json.name).sort()).toEqual(['one.txt', 'three.txt', 'two.txt']);
		expect(manual.staticData).toEqual(before);
		expect(workflow.staticData()).toEqual(before);
		expect(workflow.savedStaticData()).toEqual(saved);
		expect(routes()).not.toContain('files/list_folder/continue');
		expect(routes()).not.toContain('files/list_folder/get_latest_cursor');

		// The change made before the manual run is still reported by the next poll.
		const poll = await workflow.poll();
		expect(poll.items.map((item) => [item.json.event, item.json.name])).toEqual([['fileAdded', 'three.txt']]);
	});

	it('a reset while polling: one warning item, then changes again', async () => {
		const folder = freshFolder();
		const workflow = pollingWorkflow({ path: folder, events: ['fileAdded'] });
		await workflow.activate();
		dropbox.standIn.injectFault({ route: 'files/list_folder/continue', kind: 'reset' });
		const reset = await workflow.poll();
		expect(reset.items.map((item) => item.json.event)).toEqual(['reset']);
		put(`${folder}/later.txt`);
		expect((await workflow.poll()).items.map((item) => item.json.name)).toEqual(['later.txt']);
	});
});

describe('Dropbox calls per notification', () => {
	it('nothing changed: exactly one call, files/list_folder/continue', async () => {
		const { workflow, account } = await activeTrigger();
		await notify(workflow, userNotification(account));
		expect(routes()).toEqual(['files/list_folder/continue']);
	});

	it('changes elsewhere, or none that pass the filters: still exactly one call', async () => {
		const { folder, workflow, account } = await activeTrigger({ options: { extensions: 'pdf' } });
		put(`/Elsewhere ${folderCount}/unrelated.pdf`);
		put(`${folder}/ignored.txt`);
		mkdir(`${folder}/Some Folder`);
		const call = await notify(workflow, userNotification(account));
		expect(started(call)).toBe(false);
		expect(routes()).toEqual(['files/list_folder/continue']);
	});

	it.each([
		['deletions not selected', ['fileAdded', 'fileModified'], {}],
		['dropped by the extension filter', ['fileAdded', 'fileModified', 'fileDeleted'], { extensions: 'pdf' }],
		['dropped by the path pattern', ['fileDeleted', 'folderDeleted'], { glob: 'Invoices/**' }],
	])('a deletion %s: exactly one call, no history read', async (_, events, options) => {
		const folder = freshFolder();
		put(`${folder}/notes.txt`);
		const credential = dropbox.credential();
		const workflow = webhookWorkflow({ path: folder, events, options }, credential);
		await workflow.activate();
		dropbox.standIn.clearRequests();
		rm(`${folder}/notes.txt`);
		const call = await notify(workflow, userNotification(accountOf(credential)));
		expect(started(call)).toBe(false);
		expect(routes()).toEqual(['files/list_folder/continue']);
	});

	// Dropbox waits 10 s for the answer; within that budget the answer waits for the pass, so that it can tell.
	it('answers Dropbox after the pass when the pass ends within the answer budget', async () => {
		const { folder, workflow, account } = await activeTrigger();
		put(`${folder}/quick.txt`);
		const call = await notify(workflow, userNotification(account));
		expect(call.status).toBe(200);
		expect(emitted(call)).toHaveLength(1);
		const last = dropbox.standIn.requests[dropbox.standIn.requests.length - 1];
		expect(call.answeredAt).toBeGreaterThanOrEqual(last.at);
	});
});
