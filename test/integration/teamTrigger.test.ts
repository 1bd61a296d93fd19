// The triggers with a team-linked app: members who join are watched from their first change, removed members
// are dropped, a team space or team folder can be watched (Path Root), and activation over a large team takes
// at most ACTIVATION_CONCURRENCY cursors at once and goes on from where a failed attempt stopped. The long-poll
// trigger follows the team as it changes, too.
import { createHmac } from 'crypto';
import * as n8nWorkflow from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { TriggerWorkflow, WebhookCallResult } from '../harness';
import { createTriggerWorkflow, mockSleep } from '../harness';
import { accountId, teamMemberId } from '../emulator/ids';
import { startDropbox } from './dropbox';
import { slowRoute } from './slowRoute';
import { DropboxSuiteOAuth2Api } from '../../credentials/DropboxSuiteOAuth2Api.credentials';
import { DropboxSuiteLongPollTrigger } from '../../nodes/DropboxSuiteLongPollTrigger/DropboxSuiteLongPollTrigger.node';
import { DropboxSuitePollingTrigger } from '../../nodes/DropboxSuitePollingTrigger/DropboxSuitePollingTrigger.node';
import { ANSWER_WITHIN_MS, DropboxSuiteTrigger } from '../../nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node';
import { ACTIVATION_CONCURRENCY, MEMBER_REFRESH_MS } from '../../nodes/shared/watch';

/** n8n's real sleep, taken before it is mocked below. */
const pause = n8nWorkflow.sleep;
/** The long-poll trigger's waits before it lists the team again, held until a test calls listTeamAgain(). */
let rosterWaits: Array<() => void> = [];
/** Ends the long-poll trigger's wait of MEMBER_REFRESH_MS; returns how many were waiting. */
const listTeamAgain = () => {
	const waiting = rosterWaits;
	rosterWaits = [];
	for (const go of waiting) go();
	return waiting.length;
};
// Waits are instant, but for the webhook's answer budget, which never runs out here, and the long-poll
// trigger's wait before it lists the team again, which ends when a test says so (or the trigger stops).
mockSleep().mockImplementation(async (ms: number, signal?: AbortSignal) => {
	if (ms === ANSWER_WITHIN_MS) await new Promise<void>(() => {});
	if (ms === MEMBER_REFRESH_MS)
		await new Promise<void>((resolve, reject) => {
			rosterWaits.push(resolve);
			signal?.addEventListener(
				'abort',
				() => {
					rosterWaits = rosterWaits.filter((go) => go !== resolve);
					reject(new Error('The trigger stopped'));
				},
				{ once: true },
			);
		});
});

type Dropbox = Awaited<ReturnType<typeof startDropbox>>;
let dropbox: Dropbox;

// A fresh stand-in per test: the tests change the team.
beforeEach(async () => {
	dropbox = await startDropbox();
});
let clock: jest.SpyInstance | undefined;
afterEach(async () => {
	clock?.mockRestore();
	clock = undefined;
	await dropbox.stop();
});

const store = () => dropbox.standIn.store;
const team = () => store().team!;
const member = (id: string) => store().members.get(id)!;
const [JONAS, LEA] = [teamMemberId('member-1'), teamMemberId('member-2')];
const routes = () => dropbox.standIn.requests.map((request) => request.route);
const locator = (mode: string, value: string) => ({ __rl: true, mode, value });
const teamFolderId = () => String([...(team().teamFolders ?? new Map()).keys()][0]);

let joined = 0;
/** A member who joins the team now, with an empty home folder in the team space (as world.js seeds them). */
function join(given = `Neu${++joined}`) {
	const seed = `joined-${given}`;
	const display = `${given} Mitglied`;
	const home = store().createNamespace('team_member_folder', display);
	store().mount(team().root_namespace_id, `/${display}`, home.id);
	const added = store().addAccount({
		account_id: accountId(seed),
		name: { given_name: given, surname: 'Mitglied', familiar_name: given, display_name: display, abbreviated_name: `${given[0]}M` },
		email: `${given.toLowerCase()}@nordlicht.example`,
		email_verified: true,
		disabled: false,
		country: 'DE',
		locale: 'de',
		referral_link: 'https://www.dropbox.com/referrals/AAx?src=global9',
		account_type: 'business',
		is_paired: false,
		home_namespace_id: home.id,
		root_namespace_id: team().root_namespace_id,
		home_path: `/${display}`,
		allocated: 0,
		team_member_id: teamMemberId(seed),
		role: 'member_only',
		roles: [],
		status: 'active',
		joined_on: '2026-12-01T08:00:00Z',
	} as never);
	team().memberIds.push(String(added.team_member_id));
	return { id: String(added.team_member_id), home: String(added.home_namespace_id) };
}
const put = (ns: string, path: string) => store().putFile(ns, path, Buffer.from(`content of ${path}`));
const homeOf = (id: string) => String(member(id).home_namespace_id);

const triggers = {
	webhook: { nodeType: () => new DropboxSuiteTrigger(), name: 'dropboxSuiteTrigger' },
	polling: { nodeType: () => new DropboxSuitePollingTrigger(), name: 'dropboxSuitePollingTrigger' },
	longPoll: { nodeType: () => new DropboxSuiteLongPollTrigger(), name: 'dropboxSuiteLongPollTrigger' },
};
function trigger(kind: keyof typeof triggers, parameters: INodeParameters) {
	const credential = dropbox.credential({ team: true });
	return createTriggerWorkflow({
		nodeType: triggers[kind].nodeType(),
		nodeTypeName: `n8n-nodes-dropbox-suite.${triggers[kind].name}`,
		parameters: { path: '', events: ['fileAdded'], ...parameters },
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		credentials: { [credential.id]: { type: credential.type, data: credential.data } },
	});
}

const notify = async (workflow: TriggerWorkflow, ...members: string[]) => {
	const body = Buffer.from(JSON.stringify({ list_folder: { teams: { [team().team_id]: members } }, delta: { teams: { [team().team_id]: members } } }));
	return await workflow.webhook({
		name: 'default',
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-dropbox-signature': createHmac('sha256', 'test-app-secret').update(body).digest('hex') },
		rawBody: body,
	});
};
const emitted = (call: WebhookCallResult) => (call.result?.workflowData?.[0] ?? []).map((item) => item.json);
const polled = (items: Array<{ json: IDataObject }>) => items.map((item) => [item.json.name, item.json.teamMemberId]);
/** The cursors after the last pass: those handed over with its changes (pending) over the confirmed ones. */
const cursorsOf = (workflow: TriggerWorkflow) => {
	const state = workflow.staticData();
	return { ...(state.cursors as IDataObject), ...((state.pending as IDataObject | undefined)?.cursors as IDataObject | undefined) };
};
/** The clock MEMBER_REFRESH_MS on, so that the next poll lists the team again. */
const later = () => {
	const now = Date.now();
	clock = jest.spyOn(Date, 'now').mockReturnValue(now + MEMBER_REFRESH_MS + 1000);
};

describe('members who join', () => {
	it('polling, every member: the team is listed again at most every MEMBER_REFRESH_MS; a new member\'s first change is reported', async () => {
		const workflow = trigger('polling', {});
		await workflow.activate();
		const newcomer = join();
		put(newcomer.home, '/first.txt');
		dropbox.standIn.clearRequests();

		// Within the refresh interval: the members known are read, the team is not listed.
		expect((await workflow.poll()).result).toBeNull();
		expect(routes()).not.toContain('team/members/list_v2');

		later();
		const poll = await workflow.poll();
		expect(poll.error).toBeUndefined();
		expect(polled(poll.items)).toEqual([['first.txt', newcomer.id]]);
		expect(dropbox.requestsTo('team/members/list_v2')).toHaveLength(1);
		expect(Object.keys(cursorsOf(workflow))).toContain(newcomer.id);

		// From then on, like every other member.
		put(newcomer.home, '/second.txt');
		expect(polled((await workflow.poll()).items)).toEqual([['second.txt', newcomer.id]]);
	});

	it('webhook, every member: a notification naming a member seen for the first time reports their change', async () => {
		const workflow = trigger('webhook', {});
		await workflow.activate();
		const newcomer = join();
		put(newcomer.home, '/hello.txt');

		const call = await notify(workflow, newcomer.id);
		expect(call.status).toBe(200);
		expect(emitted(call).map((item) => [item.event, item.path, item.teamMemberId])).toEqual([['fileAdded', '/hello.txt', newcomer.id]]);
		expect(cursorsOf(workflow)[newcomer.id]).toEqual(expect.any(String));

		put(newcomer.home, '/again.txt');
		expect(emitted(await notify(workflow, newcomer.id)).map((item) => item.name)).toEqual(['again.txt']);
	});
});

/** Waits (real time, 10 ms steps) until `ready()` holds, or fails naming `what` after 5 s. */
async function until(ready: () => boolean, what: string) {
	const deadline = Date.now() + 5_000;
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await pause(10);
	}
}
/** The cursors of the long-polls held open at the stand-in now (not answered, not given up by the trigger). */
const heldCursors = () =>
	dropbox
		.requestsTo('files/list_folder/longpoll')
		.filter((request) => (request.status === undefined || request.status === null) && !request.abandoned)
		.map((request) => String((request.arg as IDataObject).cursor));

describe('long-poll, every member: the team is listed again every MEMBER_REFRESH_MS', () => {
	it('a member who joined is followed from their first change; a removed member\'s long-poll ends and they are dropped', async () => {
		const workflow = trigger('longPoll', {});
		await workflow.activate();
		try {
			const watched = Object.keys(workflow.staticData().cursors as IDataObject);
			expect(watched).toEqual(expect.arrayContaining([JONAS, LEA]));
			await until(() => heldCursors().length === watched.length, 'a long-poll per member');
			const leasCursor = String((workflow.staticData().cursors as IDataObject)[LEA]);
			expect(heldCursors()).toContain(leasCursor);

			const newcomer = join();
			put(newcomer.home, '/first.txt');
			member(LEA).status = 'removed';
			// Listed once at activation; not again before the wait has passed.
			const listings = () => dropbox.requestsTo('team/members/list_v2').length;
			const activation = dropbox.standIn.requests.length;
			expect(listings()).toBe(1);
			expect(listTeamAgain()).toBe(1);

			const first = await workflow.nextEmission();
			expect(polled(first.items)).toEqual([['first.txt', newcomer.id]]);
			expect(listings()).toBe(2);
			await until(() => !(LEA in (cursorsOf(workflow) as IDataObject)), 'Lea dropped from the cursors');
			// Lea was asked for in one pass, which Dropbox refused and which dropped her (n8n's OAuth2 layer sends a
			// refused call once more after refreshing the token: two requests), and no long-poll waits on her cursor.
			const asLea = () => dropbox.standIn.requests.slice(activation).filter((request) => request.headers['dropbox-api-select-user'] === LEA);
			expect(asLea().map((request) => [request.route, request.status])).toEqual([
				['files/list_folder/continue', 401],
				['files/list_folder/continue', 401],
			]);
			await until(() => heldCursors().length === watched.length, 'a long-poll per member, the newcomer in, Lea out');
			expect(heldCursors()).not.toContain(leasCursor);
			expect(heldCursors()).toContain(String(cursorsOf(workflow)[newcomer.id]));

			// From then on, like every other member; listing the team again adds nothing.
			put(newcomer.home, '/second.txt');
			expect(polled((await workflow.nextEmission()).items)).toEqual([['second.txt', newcomer.id]]);
			await until(() => rosterWaits.length === 1, 'the next wait before listing the team');
			expect(listTeamAgain()).toBe(1);
			await until(() => listings() === 3, 'the next listing');
			await until(() => rosterWaits.length === 1, 'the wait after it');
			expect(heldCursors()).toHaveLength(watched.length);
			put(homeOf(JONAS), '/jonas.txt');
			expect(polled((await workflow.nextEmission()).items)).toEqual([['jonas.txt', JONAS]]);
			expect(asLea()).toHaveLength(2);
		} finally {
			await workflow.deactivate();
		}
	});

	it('chosen members: the team is not listed again', async () => {
		const workflow = trigger('longPoll', { options: { members: `${JONAS}, ${LEA}` } });
		await workflow.activate();
		try {
			await until(() => heldCursors().length === 2, 'two long-polls');
			expect(rosterWaits).toHaveLength(0);
		} finally {
			await workflow.deactivate();
		}
	});
});

describe('members who are removed', () => {
	it('a chosen member who was removed is dropped with a log line; the others keep working', async () => {
		const workflow = trigger('polling', { options: { watchedMembers: { member: [{ member: locator('list', JONAS) }, { member: locator('email', 'lea@nordlicht.example') }] } } });
		await workflow.activate();
		expect(Object.keys(workflow.staticData().cursors as IDataObject).sort()).toEqual([JONAS, LEA].sort());
		member(LEA).status = 'removed';
		put(homeOf(JONAS), '/still-here.txt');

		const poll = await workflow.poll();
		expect(poll.error).toBeUndefined();
		expect(polled(poll.items)).toEqual([['still-here.txt', JONAS]]);
		expect(Object.keys(workflow.staticData().cursors as IDataObject)).toEqual([JONAS]);
		expect(workflow.staticData().failed).toBeUndefined();

		// Not asked again: the next pass reads only Jonas.
		dropbox.standIn.clearRequests();
		put(homeOf(JONAS), '/next.txt');
		expect(polled((await workflow.poll()).items)).toEqual([['next.txt', JONAS]]);
		expect(dropbox.requestsTo('files/list_folder/continue').map((request) => request.headers['dropbox-api-select-user'])).toEqual([JONAS]);
	});

	it('every member: the refreshed team list drops a removed member without acting as them', async () => {
		const workflow = trigger('polling', {});
		await workflow.activate();
		member(LEA).status = 'removed';
		later();
		dropbox.standIn.clearRequests();
		const poll = await workflow.poll();
		expect(poll.error).toBeUndefined();
		expect(Object.keys(workflow.staticData().cursors as IDataObject)).not.toContain(LEA);
		expect(dropbox.standIn.requests.some((request) => request.headers['dropbox-api-select-user'] === LEA)).toBe(false);
	});

	it('webhook: a removed member named in a notification is dropped, the pass answers 200', async () => {
		const workflow = trigger('webhook', { options: { members: `${JONAS}, ${LEA}` } });
		await workflow.activate();
		member(LEA).status = 'removed';
		put(homeOf(JONAS), '/j.txt');
		const call = await notify(workflow, JONAS, LEA);
		expect(call.status).toBe(200);
		expect(emitted(call).map((item) => [item.name, item.teamMemberId])).toEqual([['j.txt', JONAS]]);
		expect(Object.keys(workflow.staticData().cursors as IDataObject)).toEqual([JONAS]);
	});
});

describe('Path Root on the feed', () => {
	it('watches the team space as the chosen member: team folders by their team-space path', async () => {
		const workflow = trigger('polling', { path: '/Projekte', options: { pathRoot: 'teamSpace', watchedMembers: { member: [{ member: locator('email', 'jonas@nordlicht.example') }] } } });
		await workflow.activate();
		const [cursorCall] = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		expect(cursorCall.headers['dropbox-api-select-user']).toBe(JONAS);
		expect(JSON.parse(String(cursorCall.headers['dropbox-api-path-root']))).toEqual({ '.tag': 'root', root: team().root_namespace_id });

		put(teamFolderId(), '/Angebot.pdf');
		const poll = await workflow.poll();
		expect(poll.error).toBeUndefined();
		expect(poll.items.map((item) => [item.json.path, item.json.teamMemberId])).toEqual([['/Projekte/Angebot.pdf', JONAS]]);
	});

	it('watches a team folder (Path Root "Namespace"); the path root is part of the watch key', async () => {
		const parameters = { options: { pathRoot: 'namespace', namespaceId: locator('list', teamFolderId()), members: LEA } };
		const workflow = trigger('webhook', parameters);
		await workflow.activate();
		put(teamFolderId(), '/plan.txt');
		const call = await notify(workflow, LEA);
		expect(emitted(call).map((item) => [item.path, item.teamMemberId])).toEqual([['/plan.txt', LEA]]);
		expect(JSON.parse(String(dropbox.requestsTo('files/list_folder/continue')[0].headers['dropbox-api-path-root']))).toEqual({ '.tag': 'namespace_id', namespace_id: teamFolderId() });

		workflow.setParameters({ path: '', events: ['fileAdded'], options: { members: LEA } });
		expect(await workflow.hook('checkExists')).toBe(false);
	});

	it('a team space without chosen members fails naming Team Members, before any call', async () => {
		const workflow = trigger('webhook', { options: { pathRoot: 'teamSpace' } });
		await expect(workflow.activate()).rejects.toThrow('Team Members: is empty, but Path Root is "Team Space"');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});

describe('activation over a large team', () => {
	const growTo = (size: number) => {
		while (team().memberIds.length < size) join();
	};

	it(`takes 40 members' cursors at most ${ACTIVATION_CONCURRENCY} at a time`, async () => {
		growTo(40);
		// Each answer takes a moment, so that the requests a pool lets out at once are in flight together.
		const restore = slowRoute('files/list_folder/get_latest_cursor', 25);
		let inFlight = 0;
		let most = 0;
		const stop = dropbox.standIn.watchRequests((record, moment) => {
			if (record.route !== 'files/list_folder/get_latest_cursor') return;
			inFlight += moment === 'received' ? 1 : -1;
			most = Math.max(most, inFlight);
		});
		try {
			await trigger('webhook', {}).activate();
		} finally {
			stop();
			restore();
		}
		const calls = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		expect(new Set(calls.map((call) => call.headers['dropbox-api-select-user'])).size).toBe(40);
		expect(calls).toHaveLength(40);
		expect(most).toBeLessThanOrEqual(ACTIVATION_CONCURRENCY);
		expect(most).toBeGreaterThan(1);
	});

	it('an activation that failed goes on from the cursors it took when n8n tries again', async () => {
		growTo(40);
		const workflow = trigger('webhook', {});
		dropbox.standIn.injectFault({ route: 'files/list_folder/get_latest_cursor', kind: 'route_error', error: { '.tag': 'other' }, times: 1 });
		await expect(workflow.activate()).rejects.toThrow();
		// The members in flight when one failed were let finish; no more were started.
		const first = dropbox.requestsTo('files/list_folder/get_latest_cursor').length;
		expect(first).toBeLessThanOrEqual(ACTIVATION_CONCURRENCY);

		dropbox.standIn.clearRequests();
		await workflow.activate();
		const second = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		// Only the members still missing (the failed one among them) are started again.
		expect(second.length).toBe(40 - (first - 1));
		expect(Object.keys(workflow.staticData().cursors as IDataObject)).toHaveLength(40);
		expect(workflow.staticData().activation).toBeUndefined();
	});
});
