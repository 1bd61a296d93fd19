// The Dropbox Suite Long-Poll Trigger as n8n runs a trigger() node (test/harness: n8n-core's TriggerContext
// through TriggersAndPollers, static data saved on emit as n8n's TriggerExecutionContextFactory saves it), every
// Dropbox call made through n8n's HTTP stack to the stand-in (TLS, CONNECT proxy), long-polls on the notify host.
// Waits are real (no mocked sleep), so the times asserted are what the trigger does.
import * as n8nWorkflow from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { TriggerWorkflow } from '../harness';
import { createTriggerWorkflow, requireFresh } from '../harness';
import { startDropbox } from './dropbox';
import { DropboxSuiteOAuth2Api } from '../../credentials/DropboxSuiteOAuth2Api.credentials';
import { DropboxSuiteLongPollTrigger } from '../../nodes/DropboxSuiteLongPollTrigger/DropboxSuiteLongPollTrigger.node';
import { LONGPOLL_TIMEOUT_S, retryWaitMs } from '../../nodes/shared/longpoll';

const TYPE = 'n8n-nodes-dropbox-suite.dropboxSuiteLongPollTrigger';
const LONGPOLL = 'files/list_folder/longpoll';

type Dropbox = Awaited<ReturnType<typeof startDropbox>>;
type Credential = ReturnType<Dropbox['credential']>;
let dropbox: Dropbox;
/** Every workflow a test activated, deactivated after it (also when it failed). */
let active: TriggerWorkflow[] = [];

beforeAll(async () => {
	dropbox = await startDropbox();
});
afterAll(async () => await dropbox.stop());
beforeEach(() => {
	dropbox.standIn.clearRequests();
	dropbox.standIn.clearFaults();
	delete dropbox.standIn.filesOptions.longpollWaitMs;
	delete dropbox.standIn.filesOptions.longpollBackoff;
});
afterEach(async () => {
	for (const workflow of active) await workflow.deactivate();
	active = [];
});

const store = () => dropbox.standIn.store;
const home = () => store().personal().home_namespace_id;
const put = (path: string, content = `content of ${path}`, ns = home()) => store().putFile(ns, path, Buffer.from(content));
const mkdir = (path: string, ns = home()) => store().ensureFolder(ns, path);
let folderCount = 0;
const freshFolder = (ns = home()) => {
	const path = `/Long-polled ${++folderCount}`;
	mkdir(path, ns);
	return path;
};

const longPolls = () => dropbox.requestsTo(LONGPOLL);
const routes = () => dropbox.standIn.requests.map((request) => request.route);
/** n8n's real sleep, taken before any test spies on it. */
const pause = n8nWorkflow.sleep;

/** Waits until `ready()` holds (every 10 ms) or fails after `timeoutMs`. */
async function until(ready: () => boolean, timeoutMs: number, what: string) {
	const deadline = Date.now() + timeoutMs;
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await pause(10);
	}
}

/** Long-polls in flight: arrived at the stand-in and not answered yet. */
const openLongPolls = () => longPolls().filter((request) => request.status === undefined || request.status === null);

function longPollWorkflow(parameters: INodeParameters, credential: Credential = dropbox.credential(), nodeType = new DropboxSuiteLongPollTrigger()) {
	return createTriggerWorkflow({
		nodeType,
		nodeTypeName: TYPE,
		parameters,
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		credentials: { [credential.id]: { type: credential.type, data: credential.data } },
	});
}

/** An activated long-poll trigger on a new folder of the personal account, once its first long-poll is open. */
async function activeTrigger(parameters: INodeParameters = {}, openPolls = 1) {
	const folder = freshFolder();
	const credential = dropbox.credential();
	const workflow = longPollWorkflow({ path: folder, events: ['fileAdded', 'fileModified'], ...parameters }, credential);
	await workflow.activate();
	active.push(workflow);
	await until(() => openLongPolls().length >= openPolls, 5_000, 'the first long-poll');
	return { folder, credential, workflow };
}

const names = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.name);

describe('activation', () => {
	it('takes a baseline cursor and holds a long-poll on it at the notify host, with no token', async () => {
		const folder = freshFolder();
		put(`${folder}/already there.txt`);
		const workflow = longPollWorkflow({ path: folder, events: ['fileAdded'] });
		expect(await workflow.activate()).toEqual({ webhooks: {} });
		active.push(workflow);
		await until(() => openLongPolls().length === 1, 5_000, 'the long-poll');

		const [cursorCall] = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		expect(cursorCall.arg).toMatchObject({ path: folder, recursive: true, include_deleted: true });
		const saved = workflow.savedStaticData()[`node:${workflow.nodeName}`] as IDataObject;
		expect(Object.keys(saved.cursors as IDataObject)).toEqual(['self']);

		const [poll] = longPolls();
		expect(poll.host).toBe('notify.dropboxapi.com');
		expect(poll.headers.authorization).toBeUndefined();
		expect(poll.arg).toEqual({ cursor: (saved.cursors as IDataObject).self, timeout: LONGPOLL_TIMEOUT_S });
		expect(routes()).toEqual(['files/list_folder/get_latest_cursor', LONGPOLL]);
		expect(workflow.emissions()).toEqual([]);
	});

	it('a watched folder that does not exist fails activation naming Watched Folder and the fix', async () => {
		const workflow = longPollWorkflow({ path: '/Not There', events: ['fileAdded'] });
		const failure = await workflow.activate().then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure?.message).toBe('Watched Folder: "/Not There" does not exist in Dropbox');
		expect(workflow.isTriggerActive()).toBe(false);
		expect(longPolls()).toHaveLength(0);
	});
});

describe('changes', () => {
	it('a new file is emitted well within a second, with its metadata', async () => {
		const { folder, workflow, credential } = await activeTrigger();
		const next = workflow.nextEmission();
		const t0 = Date.now();
		const entry = put(`${folder}/arrived.txt`, 'hello');
		const emission = await next;
		const latency = emission.at - t0;
		expect(latency).toBeLessThan(1_000);
		expect(emission.items.map((item) => item.json)).toEqual([
			{
				event: 'fileAdded',
				path: `${folder}/arrived.txt`,
				name: 'arrived.txt',
				id: entry.id,
				metadata: expect.objectContaining({ '.tag': 'file', rev: entry.rev, size: 5 }),
				accountId: (credential.data.oauthTokenData as IDataObject).account_id,
				key: expect.stringMatching(/^fileAdded:id:/),
			},
		]);
		// The emit saved the cursor past the change.
		const saved = emission.savedStaticData[`node:${workflow.nodeName}`] as IDataObject;
		expect(saved).toEqual(workflow.staticData());
		// The first long-poll answered `changes`, the pass read them, and a new long-poll waits on the new cursor.
		await until(() => openLongPolls().length === 1 && longPolls().length === 2, 5_000, 'the next long-poll');
		expect(longPolls()[0].status).toBe(200);
		// On the cursor after the pass: kept as pending (handed over, not yet known to have run; see watch.ts).
		expect(longPolls()[1].arg).toEqual({ cursor: ((saved.pending as IDataObject).cursors as IDataObject).self, timeout: LONGPOLL_TIMEOUT_S });
		expect(routes()).toEqual(['files/list_folder/get_latest_cursor', LONGPOLL, 'files/list_folder/continue', 'files/list_revisions', LONGPOLL]);
	});

	it('a modified file is fileModified; changes elsewhere start nothing', async () => {
		const { folder, workflow } = await activeTrigger();
		put(`${folder}/draft.md`, 'v1');
		expect((await workflow.nextEmission()).items.map((item) => [item.json.event, item.json.name])).toEqual([['fileAdded', 'draft.md']]);
		put(`/Elsewhere ${folderCount}/unrelated.md`);
		put(`${folder}/draft.md`, 'v2');
		expect((await workflow.nextEmission()).items.map((item) => [item.json.event, item.json.name])).toEqual([['fileModified', 'draft.md']]);
		expect(workflow.emissions()).toHaveLength(2);
	});

	it('filters as the other triggers: events, extensions, path pattern; nothing is looked up for what they drop', async () => {
		const { folder, workflow } = await activeTrigger({ events: ['fileAdded', 'fileDeleted'], options: { extensions: 'pdf', glob: 'Invoices/**' } });
		put(`${folder}/Invoices/ignored.txt`);
		put(`${folder}/Other/ignored.pdf`);
		mkdir(`${folder}/Invoices/A Folder`);
		await until(() => dropbox.requestsTo('files/list_folder/continue').length >= 1 && openLongPolls().length === 1, 5_000, 'a pass');
		await pause(200);
		expect(workflow.emissions()).toEqual([]);
		expect(dropbox.requestsTo('files/list_revisions')).toHaveLength(0);

		put(`${folder}/Invoices/2026/march.pdf`);
		const emission = await workflow.nextEmission();
		expect(emission.items.map((item) => [item.json.event, item.json.path])).toEqual([['fileAdded', `${folder}/Invoices/2026/march.pdf`]]);
	});

	it('50 changes in a burst: each emitted exactly once, in order', async () => {
		const { folder, workflow } = await activeTrigger();
		const expected: string[] = [];
		for (let i = 0; i < 50; i++) {
			const name = `burst ${String(i).padStart(2, '0')}.txt`;
			expected.push(name);
			put(`${folder}/${name}`);
		}
		const seen = () => workflow.emissions().flatMap((emission) => names(emission.items));
		await until(() => seen().length >= 50, 10_000, '50 changes');
		// Whatever arrives late would be a repeat.
		await until(() => openLongPolls().length === 1, 5_000, 'the next long-poll');
		await pause(300);
		expect(seen()).toEqual(expected);
	});
});

describe("Dropbox's backoff", () => {
	it('after a change: no long-poll is sent before the backoff has passed', async () => {
		dropbox.standIn.filesOptions.longpollBackoff = 1;
		const { folder, workflow } = await activeTrigger();
		put(`${folder}/one.txt`);
		await workflow.nextEmission();
		await until(() => longPolls().length === 2, 5_000, 'the next long-poll');
		const [pass] = dropbox.requestsTo('files/list_folder/continue');
		expect(longPolls()[1].at - pass.at).toBeGreaterThanOrEqual(1_000);
	});

	it('after a quiet long-poll: the same, each time', async () => {
		dropbox.standIn.filesOptions.longpollWaitMs = 100;
		dropbox.standIn.filesOptions.longpollBackoff = 1;
		await activeTrigger();
		await until(() => longPolls().length >= 3, 5_000, 'three long-polls');
		const [first, second, third] = longPolls();
		expect(second.at - first.at).toBeGreaterThanOrEqual(1_100);
		expect(third.at - second.at).toBeGreaterThanOrEqual(1_100);
		expect(routes().filter((route) => route !== LONGPOLL)).toEqual(['files/list_folder/get_latest_cursor']);
	});
});

describe('cursor reset', () => {
	it('a reset long-poll leads to the pass, which reports the reset, takes a new cursor, and goes on', async () => {
		dropbox.standIn.filesOptions.longpollWaitMs = 200;
		const { folder, workflow } = await activeTrigger();
		// Dropbox answers reset to the long-poll, and so to list_folder/continue on the same cursor.
		dropbox.standIn.injectFault({ route: LONGPOLL, kind: 'reset' });
		dropbox.standIn.injectFault({ route: 'files/list_folder/continue', kind: 'reset' });
		const emission = await workflow.nextEmission();
		expect(emission.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ event: 'reset', warning: expect.stringContaining('reset') }),
		]);
		expect(longPolls().some((request) => request.status === 409)).toBe(true);
		expect(dropbox.requestsTo('files/list_folder/continue').map((request) => request.status)).toEqual([409]);
		expect(dropbox.requestsTo('files/list_folder/get_latest_cursor')).toHaveLength(2);

		put(`${folder}/after the reset.txt`);
		expect(names((await workflow.nextEmission()).items)).toEqual(['after the reset.txt']);
	});

	it('a reset long-poll whose cursor still reads: the pass reads the changes, nothing is reported as reset', async () => {
		const { folder, workflow } = await activeTrigger();
		put(`${folder}/before.txt`);
		expect(names((await workflow.nextEmission()).items)).toEqual(['before.txt']);
		await until(() => openLongPolls().length === 1, 5_000, 'the long-poll');
		dropbox.standIn.filesOptions.longpollWaitMs = 100;
		dropbox.standIn.injectFault({ route: LONGPOLL, kind: 'reset' });
		put(`${folder}/meanwhile.txt`);
		expect(names((await workflow.nextEmission()).items)).toEqual(['meanwhile.txt']);
		await pause(300);
		expect(workflow.emissions().flatMap((emission) => names(emission.items))).toEqual(['before.txt', 'meanwhile.txt']);
	});
});

describe('failures', () => {
	it('a failing Dropbox: reported once as a failed execution, retried after growing waits, then changes flow', async () => {
		// Waits recorded and shortened, so the retries fit in a test.
		const asked: number[] = [];
		const realSleep = n8nWorkflow.sleep;
		const spy = jest.spyOn(n8nWorkflow, 'sleep').mockImplementation(async (ms: number, signal?: AbortSignal) => {
			asked.push(ms);
			await realSleep(Math.min(ms, 20), signal);
		});
		try {
			dropbox.standIn.filesOptions.longpollWaitMs = 100;
			const { folder, workflow } = await activeTrigger();
			// The client tries each call 5 times: two long-poll rounds fail, the third gets through.
			dropbox.standIn.injectFault({ route: LONGPOLL, kind: 'server_error', status: 500, times: 10 });
			await until(() => longPolls().filter((request) => request.status === 500).length === 10, 10_000, 'ten failed long-polls');
			put(`${folder}/after the outage.txt`);
			expect(names((await workflow.nextEmission()).items)).toEqual(['after the outage.txt']);

			const failures = workflow.failures();
			expect(failures.map((failure) => failure.kind)).toEqual(['saveFailedExecution']);
			expect(failures[0].error).toBeInstanceOf(NodeApiError);
			expect(asked).toEqual(expect.arrayContaining([retryWaitMs(1), retryWaitMs(2)]));
			expect(retryWaitMs(1)).toBeGreaterThanOrEqual(5_000);
			expect(workflow.isTriggerActive()).toBe(true);
		} finally {
			spy.mockRestore();
		}
	});

	it('a failing pass keeps the cursor: the change comes with the next try', async () => {
		const asked: number[] = [];
		const realSleep = n8nWorkflow.sleep;
		const spy = jest.spyOn(n8nWorkflow, 'sleep').mockImplementation(async (ms: number, signal?: AbortSignal) => {
			asked.push(ms);
			await realSleep(Math.min(ms, 20), signal);
		});
		try {
			const { folder, workflow } = await activeTrigger();
			dropbox.standIn.injectFault({ route: 'files/list_revisions', kind: 'server_error', status: 500, times: 5 });
			put(`${folder}/retry me.txt`);
			expect(names((await workflow.nextEmission()).items)).toEqual(['retry me.txt']);
			expect(workflow.failures()).toHaveLength(1);
			expect(asked).toContain(retryWaitMs(1));
			expect(workflow.emissions()).toHaveLength(1);
		} finally {
			spy.mockRestore();
		}
	});
});

describe('deactivation', () => {
	it('stops at once: the open long-poll is aborted, and no further request is sent', async () => {
		const { folder, workflow } = await activeTrigger();
		const t0 = Date.now();
		await workflow.deactivate();
		active = active.filter((other) => other !== workflow);
		expect(Date.now() - t0).toBeLessThan(1_000);
		expect(workflow.isTriggerActive()).toBe(false);
		const seen = dropbox.standIn.requests.length;
		put(`${folder}/after deactivation.txt`);
		await pause(1_000);
		expect(dropbox.standIn.requests).toHaveLength(seen);
		expect(workflow.emissions()).toEqual([]);
	});

	it('while Dropbox asks for a backoff: stops at once too', async () => {
		dropbox.standIn.filesOptions.longpollBackoff = 300;
		const { folder, workflow } = await activeTrigger();
		put(`${folder}/one.txt`);
		await workflow.nextEmission();
		await pause(100);
		const seen = dropbox.standIn.requests.length;
		const t0 = Date.now();
		await workflow.deactivate();
		active = active.filter((other) => other !== workflow);
		expect(Date.now() - t0).toBeLessThan(1_000);
		await pause(300);
		expect(dropbox.standIn.requests).toHaveLength(seen);
	});
});

describe('n8n restart', () => {
	it('goes on from the saved cursor: a change made while n8n was down comes once; the last hand-over again, same key', async () => {
		const { folder, workflow, credential } = await activeTrigger();
		put(`${folder}/before.txt`);
		const before = (await workflow.nextEmission()).items.map((item) => item.json);
		expect(before.map((item) => item.name)).toEqual(['before.txt']);
		// n8n shuts down: its triggers are closed, the static data stays as last saved (at the emit, before the run).
		await workflow.deactivate();
		active = active.filter((other) => other !== workflow);
		put(`${folder}/while down.txt`);

		// A new process: the node's module state is gone; only the saved row remains. It cannot tell whether the
		// execution of the last emit ran, so that change comes again, with its key (watch.ts, FeedState).
		const fresh = requireFresh<{ DropboxSuiteLongPollTrigger: typeof DropboxSuiteLongPollTrigger }>(
			'nodes/DropboxSuiteLongPollTrigger/DropboxSuiteLongPollTrigger.node',
		);
		const restarted = workflow.restart({ nodeType: new fresh.DropboxSuiteLongPollTrigger() });
		dropbox.standIn.clearRequests();
		const next = restarted.nextEmission();
		await restarted.activate('init');
		active.push(restarted);
		const first = (await next).items.map((item) => item.json);
		expect(first.map((item) => item.name)).toEqual(['before.txt', 'while down.txt']);
		expect(first[0].key).toBe(before[0].key);
		expect(dropbox.requestsTo('files/list_folder/get_latest_cursor')).toHaveLength(0);

		put(`${folder}/after.txt`);
		expect(names((await restarted.nextEmission()).items)).toEqual(['after.txt']);
		await pause(300);
		expect(restarted.emissions().flatMap((emission) => names(emission.items))).toEqual(['before.txt', 'while down.txt', 'after.txt']);
		expect(credential.id).toBeDefined();
	});

	it('changed settings start from now', async () => {
		const { folder, workflow } = await activeTrigger();
		await workflow.deactivate();
		active = active.filter((other) => other !== workflow);
		put(`${folder}/before the change.txt`);
		const other = freshFolder();
		workflow.setParameters({ path: other, events: ['fileAdded'] });
		dropbox.standIn.clearRequests();
		await workflow.activate('update');
		active.push(workflow);
		expect(dropbox.requestsTo('files/list_folder/get_latest_cursor').map((request) => (request.arg as IDataObject).path)).toEqual([other]);
		put(`${other}/new.txt`);
		expect(names((await workflow.nextEmission()).items)).toEqual(['new.txt']);
	});
});

describe('team app', () => {
	it('one long-poll per watched member; each member\'s changes are read as that member', async () => {
		const [, jonas, lea] = dropbox.standIn.team.members;
		const credential = dropbox.credential({ team: true });
		const workflow = longPollWorkflow({ path: '', events: ['fileAdded'], options: { members: `${jonas.team_member_id}, ${lea.team_member_id}` } }, credential);
		await workflow.activate();
		active.push(workflow);
		await until(() => openLongPolls().length === 2, 5_000, 'two long-polls');
		const cursors = (workflow.staticData().cursors ?? {}) as IDataObject;
		expect(Object.keys(cursors).sort()).toEqual([jonas.team_member_id, lea.team_member_id].sort());
		expect(longPolls().map((request) => (request.arg as IDataObject).cursor).sort()).toEqual(Object.values(cursors).sort());
		expect(longPolls().every((request) => request.headers['dropbox-api-select-user'] === undefined && request.headers.authorization === undefined)).toBe(true);

		const leaFolder = freshFolder(lea.home_namespace_id);
		put(`${leaFolder}/plan.txt`, 'plan', lea.home_namespace_id);
		const first = await workflow.nextEmission();
		expect(first.items.map((item) => [item.json.name, item.json.teamMemberId])).toEqual([['plan.txt', lea.team_member_id]]);
		expect(dropbox.requestsTo('files/list_folder/continue').map((request) => request.headers['dropbox-api-select-user'])).toEqual([lea.team_member_id]);

		const jonasFolder = freshFolder(jonas.home_namespace_id);
		put(`${jonasFolder}/notes.txt`, 'notes', jonas.home_namespace_id);
		const second = await workflow.nextEmission();
		expect(second.items.map((item) => [item.json.name, item.json.teamMemberId])).toEqual([['notes.txt', jonas.team_member_id]]);
		await until(() => openLongPolls().length === 2, 5_000, 'both long-polls again');
	});
});

describe('manual run (the editor listening for an event)', () => {
	it('waits for the next change and returns it; the active workflow\'s cursor is untouched', async () => {
		const { folder, workflow } = await activeTrigger();
		const saved = workflow.savedStaticData();
		const listening = workflow.manualTrigger();
		await until(() => openLongPolls().length === 2, 5_000, 'the manual run\'s long-poll');
		const activeNext = workflow.nextEmission();
		put(`${folder}/sample.txt`);
		const { items } = await listening;
		expect(items.map((item) => [item.json.event, item.json.name])).toEqual([['fileAdded', 'sample.txt']]);
		// The active trigger reports the same change itself, from its own cursor.
		expect(names((await activeNext).items)).toEqual(['sample.txt']);
		expect(workflow.savedStaticData()).not.toEqual(saved);
		await until(() => openLongPolls().length === 1, 5_000, 'the manual run to close its long-poll');
	});
});
