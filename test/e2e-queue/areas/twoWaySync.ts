// Two-way sync in queue mode: "Mark as Written by Dropbox Suite" on the writes, which run on the workers, and
// "Ignore Changes Made by Dropbox Suite" on the triggers, which run on the webhook processors (webhook trigger) or
// on the main (polling trigger). Two workflows per trigger, Left → Right and Right → Left, each writing back every
// change it is handed. A person makes the changes through the stand-in's API: a new file in Left (synced to Right),
// then an edit of that copy in Right, a file n8n wrote (synced back to Left). 200 changes in all (QUEUE_CHANGES
// below 200 makes a local run shorter), then a quiet spell in which nothing may move.
//
// What is asserted, in both variants:
// - no echo (echo: a trigger item caused by n8n's own write): no trigger item, before any deduplication, names a
//   version n8n wrote, and none names anything but a version the person wrote;
// - nothing lost, and each change reaches Dropbox exactly once: every version the person made gets past the
//   trigger (and Remove Duplicates), and Dropbox sees exactly 200 writes of n8n's beside the person's 200, giving
//   200 distinct versions;
// - no endless series: once the person stops and everything has settled, a further quiet spell brings no new
//   execution and no write to Dropbox at all;
// - both folders end up the same, each file as the person last wrote it.
// With the webhook trigger, n8n's static data is last-save-wins across the webhook processors: a pass on one
// processor re-reads the hand-over of the other (at least once, same `key`; see webhookTrigger.ts and the README's
// Queue mode). Those repeats are real executions, so the sync workflows put Remove Duplicates on `key` after the
// trigger, as the README tells users to; the repeats are counted (figures). Remove Duplicates itself is not
// exact across workers: n8n 2.41 reads the keys seen from one database row and writes the row back without a
// lock, so two executions checking the same key at the same moment both pass (and one may drop the other's key).
// Such a change is written twice with the same bytes, which Dropbox keeps as one version (no new revision, no
// notification): so the webhook variant asserts one key per change and exactly one write per change in Dropbox,
// and records how many executions wrote (200 plus what Remove Duplicates let through). The polling trigger runs
// on the main only: there the raw trigger output is asserted to be exactly the person's changes, each once, with
// no Remove Duplicates, and exactly 200 Upload runs.
import { sleep } from 'n8n-workflow';

import { uploadByApi } from '../../e2e/support.cjs';
import type { Execution } from '../../e2e/context';
import { Webhooks } from '../../emulator/webhooks';
import { byId, pollingWorkflow, triggerWorkflow, webhookIdOf } from '../../e2e/workflows';
import type { DropboxStep, Workflow } from '../../e2e/workflows';
import type { QueueArea, QueueContext } from '../context';
import { CHANGES, until } from '../context';
import { allExecutions, itemsOf } from '../feed';

/** The issue's figure: 200 changes by a person, i.e. 100 new files and 100 edits of the copies n8n wrote. */
const PAIRS = Math.max(1, Math.floor(Math.min(CHANGES, 200) / 2));
/** Nothing moved for this long: every echo has been read and skipped. */
const QUIET_MS = 5_000;
/** Then, with notifications still on, this long without a new execution or write (webhook variant). */
const AFTER_QUIET_MS = 15_000;
/** A full poll cycle of both polling workflows (every minute), plus the time a poll takes. */
const POLL_CYCLE_MS = 70_000;

const HOOK = { left: '/QSync/Hook/Left', right: '/QSync/Hook/Right' };
const POLL = { left: '/QSync/Poll/Left', right: '/QSync/Poll/Right' };

const TRIGGER = 'Dropbox Trigger';
const POLLER = 'Dropbox Polling Trigger';
const DEDUP = 'Remove Duplicates';

const removeDuplicates: DropboxStep = {
	name: DEDUP,
	type: 'n8n-nodes-base.removeDuplicates',
	typeVersion: 2,
	parameters: { operation: 'removeItemsSeenInPreviousExecutions', logic: 'removeItemsWithAlreadySeenKeyValues', dedupeValue: '={{ $json.key }}', options: { historySize: 100000 } },
};

/** Download the changed file and write it to the same place under `to`, marked as written by n8n. */
function syncSteps(from: string, to: string, source: string): DropboxStep[] {
	return [
		{ name: 'Download', parameters: { resource: 'file', operation: 'download', file: byId('={{ $json.id }}'), binaryPropertyName: 'data' } },
		{
			name: 'Upload',
			parameters: {
				resource: 'file',
				operation: 'upload',
				path: `={{ '${to}' + $('${source}').item.json.path.slice(${from.length}) }}`,
				source: 'binary',
				binaryPropertyName: 'data',
				options: { mode: 'overwrite', markWritten: true },
			},
		},
	];
}

const watchOf = (path: string) => ({ path, recursive: true, events: ['fileAdded', 'fileModified'], options: { ignoreOwn: true } });
const everyMinute = { pollTimes: { item: [{ mode: 'everyMinute' }] } };

const hookLR = triggerWorkflow('QueueSyncHookLR', 'queue: two-way sync (webhooks), Left → Right', watchOf(HOOK.left), [removeDuplicates, ...syncSteps(HOOK.left, HOOK.right, DEDUP)]);
const hookRL = triggerWorkflow('QueueSyncHookRL', 'queue: two-way sync (webhooks), Right → Left', watchOf(HOOK.right), [removeDuplicates, ...syncSteps(HOOK.right, HOOK.left, DEDUP)]);
const pollLR = pollingWorkflow('QueueSyncPollLR', 'queue: two-way sync (polling), Left → Right', { ...watchOf(POLL.left), ...everyMinute }, syncSteps(POLL.left, POLL.right, POLLER));
const pollRL = pollingWorkflow('QueueSyncPollRL', 'queue: two-way sync (polling), Right → Left', { ...watchOf(POLL.right), ...everyMinute }, syncSteps(POLL.right, POLL.left, POLLER));
const workflows: Workflow[] = [hookLR, hookRL, pollLR, pollRL];

export const twoWaySyncArea: QueueArea = {
	workflows,
	activate: workflows.map((workflow) => workflow.id),
	// The watched folders must exist when the triggers are activated.
	prepare: (ctx) => {
		const home = ctx.standIn.store.personal().home_namespace_id;
		for (const folder of [HOOK.left, HOOK.right, POLL.left, POLL.right]) ctx.standIn.store.ensureFolder(home, folder);
	},
	register,
};

const name = (i: number) => `note ${String(i).padStart(3, '0')}.txt`;
const rev = (item: Record<string, unknown>) => String((item.metadata as { rev?: unknown } | undefined)?.rev ?? item.rev ?? '');
const sorted = (values: string[]) => [...values].sort();

/** What one sync workflow did: its executions, the trigger's items, what got past deduplication, its writes. */
function summary(executions: Execution[], trigger: string, kept: string) {
	const events = executions.flatMap((execution) => itemsOf(execution, trigger));
	const passed = executions.flatMap((execution) => itemsOf(execution, kept));
	const writes = executions.flatMap((execution) => itemsOf(execution, 'Upload'));
	return {
		executions,
		events,
		passed,
		writes,
		/** Executions in which Upload ran: the ones that synced something. */
		writing: executions.filter((execution) => itemsOf(execution, 'Upload').length > 0).length,
		failed: executions.filter((execution) => execution.status !== 'success').length,
	};
}

function register(ctx: QueueContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const target = () => ({ port: ctx.standIn.port, caPem: String(ctx.n8n.caPem) });
	let token = '';
	const personWrites = async (path: string, content: string, mode: 'add' | 'overwrite') =>
		(await uploadByApi(target(), token, path, content, mode)) as { rev: string };
	const contentOf = async (path: string) => (ctx.standIn.store.lookup(home(), path) ? (await ctx.standIn.store.readFile(home(), path)).toString() : undefined);

	/** Executions of a workflow without their data, and whether all have finished (cheap enough to ask often). */
	async function progressOf(workflowId: string) {
		let count = 0;
		let settled = true;
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ workflowId, includeData: 'false', limit: '250', ...(cursor ? { cursor } : {}) });
			const page = (await ctx.n8n.api('GET', `/executions?${query}`)) as { data: Execution[]; nextCursor?: string | null };
			count += page.data.length;
			settled &&= page.data.every((execution) => execution.stoppedAt && !['running', 'new', 'waiting'].includes(execution.status));
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return { count, settled };
	}

	/** Every write to Dropbox (store change) below `folder` while it runs. */
	function watchStore(folder: string) {
		const writes: string[] = [];
		const prefix = `${folder.toLowerCase()}/`;
		const stop = ctx.standIn.store.onChange((change) => {
			if (change.path_lower.startsWith(prefix)) writes.push(change.path_lower);
		});
		return { writes, stop };
	}

	/**
	 * Waits until, for `quietMs`, the counts `fingerprint()` gives stay the same, every execution has finished and
	 * `busy()` (a notification pending or being delivered, retries included) is false.
	 */
	async function settle(workflowIds: string[], fingerprint: () => number, busy: () => boolean, quietMs: number, timeoutMs: number, what: string) {
		let seen = '';
		let since = Date.now();
		await until(
			async () => {
				const progress = await Promise.all(workflowIds.map(progressOf));
				const now = JSON.stringify([fingerprint(), progress]);
				if (now !== seen || busy() || !progress.every((each) => each.settled)) {
					seen = now;
					since = Date.now();
				}
				return Date.now() - since >= quietMs;
			},
			timeoutMs,
			what,
		);
		return (await Promise.all(workflowIds.map(progressOf))).map((each) => each.count);
	}

	describe('two-way sync with "Ignore Changes Made by Dropbox Suite": writes on the workers', () => {
		beforeAll(() => {
			token = ctx.standIn.issueTokens().access_token;
		});

		test(`webhook trigger on two webhook processors: ${2 * PAIRS} changes by a person, each synced once (Remove Duplicates on key), no echo, then nothing`, async () => {
			const urlsOf = (workflow: Workflow) => ctx.cluster.webhookProcessors.map((processor) => `${processor.url}/webhook/${webhookIdOf(workflow)}/dropbox`);
			// Dropbox notifies every webhook URI of the app on each change; behind a load balancer each notification
			// reaches one processor, in turn. One delivery channel per workflow, each round robin over both processors.
			const channels = [hookLR, hookRL].map((workflow, index) => {
				const hooks = new Webhooks(ctx.standIn.store, ctx.standIn.webhooks.app);
				const urls = urlsOf(workflow);
				hooks.configure({ urls: index === 0 ? urls : [...urls].reverse(), fanout: 'roundRobin', delayMs: 50, retries: 6, backoffMs: 200 });
				return { workflow, hooks, urls };
			});
			const store = watchStore('/QSync/Hook');
			try {
				for (const channel of channels) for (const url of channel.urls) expect((await channel.hooks.verify(url)).problems).toEqual([]);
				const before = await Promise.all([hookLR.id, hookRL.id].map(progressOf));
				expect(before.map((each) => each.count)).toEqual([0, 0]);
				ctx.standIn.clearRequests();
				const person = { left: [] as string[], right: [] as string[] };
				const started = Date.now();
				for (let i = 0; i < PAIRS; i++) {
					const added = `written by a person in Left, #${i}`;
					person.left.push((await personWrites(`${HOOK.left}/${name(i)}`, added, 'add')).rev);
					await until(async () => (await contentOf(`${HOOK.right}/${name(i)}`)) === added, 60_000, `the copy of ${name(i)} in Right`);
					// A person edits the copy n8n wrote: that fires once, and its copy back into Left does not fire.
					const edited = `edited by a person in Right, #${i}`;
					person.right.push((await personWrites(`${HOOK.right}/${name(i)}`, edited, 'overwrite')).rev);
					await until(async () => (await contentOf(`${HOOK.left}/${name(i)}`)) === edited, 60_000, `the copy of the edit of ${name(i)} in Left`);
				}
				const deliveries = () => channels.reduce((sum, channel) => sum + channel.hooks.deliveries.length, 0);
				await Promise.all(channels.map((channel) => channel.hooks.idle()));
				// Every echo read and skipped, every repeat handed over and dropped: nothing moves any more.
				const busy = () => channels.some((channel) => channel.hooks.bursts.size > 0 || channel.hooks.inFlight.size > 0);
				const settled = await settle([hookLR.id, hookRL.id], () => deliveries() + store.writes.length, busy, QUIET_MS, 180_000, 'the sync to settle');
				const seconds = Math.round((Date.now() - started) / 1000);
				// No endless series: notifications stay on, and still nothing is written and nothing runs.
				const writesBefore = store.writes.length;
				const deliveriesBefore = deliveries();
				await sleep(AFTER_QUIET_MS);
				const after = await Promise.all([hookLR.id, hookRL.id].map(progressOf));
				expect(after.map((each) => each.count)).toEqual(settled);
				expect(store.writes.length).toBe(writesBefore);
				expect(deliveries()).toBe(deliveriesBefore);

				const lr = summary(await allExecutions(ctx, hookLR.id), TRIGGER, DEDUP);
				const rl = summary(await allExecutions(ctx, hookRL.id), TRIGGER, DEDUP);
				const n8nRevs = new Set([...lr.writes, ...rl.writes].map(rev));
				const personRevs = new Set([...person.left, ...person.right]);
				const echoes = [...lr.events, ...rl.events].filter((event) => n8nRevs.has(rev(event)));
				const unexplained = [...lr.events, ...rl.events].filter((event) => !personRevs.has(rev(event)));
				const requests: Record<string, number> = {};
				for (const request of ctx.standIn.requests) requests[request.route] = (requests[request.route] ?? 0) + 1;
				// Changes that got past Remove Duplicates more than once, with the executions that let them through and
				// whether those ran at the same time.
				const throughAgain = [lr, rl].flatMap((each) => {
					const by = new Map<string, Execution[]>();
					for (const execution of each.executions) for (const item of itemsOf(execution, DEDUP)) by.set(rev(item), [...(by.get(rev(item)) ?? []), execution]);
					return [...by].filter(([, executions]) => executions.length > 1).map(([version, executions]) => ({
						rev: version,
						executions: executions.map((execution) => execution.id),
						overlapped: executions.some((a, i) => executions.some((b, j) => i !== j && Date.parse(String(a.startedAt)) <= Date.parse(String(b.stoppedAt)) && Date.parse(String(b.startedAt)) <= Date.parse(String(a.stoppedAt)))),
					}));
				});
				ctx.figures.twoWaySyncWebhook = {
					changesByPerson: 2 * PAIRS,
					seconds,
					executions: { leftToRight: lr.executions.length, rightToLeft: rl.executions.length },
					executionsThatWrote: { leftToRight: lr.writing, rightToLeft: rl.writing },
					triggerItems: { leftToRight: lr.events.length, rightToLeft: rl.events.length },
					afterRemoveDuplicates: { leftToRight: lr.passed.length, rightToLeft: rl.passed.length },
					repeatsDroppedByRemoveDuplicates: lr.events.length + rl.events.length - lr.passed.length - rl.passed.length,
					writesByN8n: lr.writes.length + rl.writes.length,
					echoes: echoes.length,
					writesSeenByDropbox: store.writes.length,
					throughRemoveDuplicatesAgain: throughAgain,
					failedExecutions: lr.failed + rl.failed,
					deliveriesPerProcessor: Object.fromEntries(
						channels.map((channel) => [
							channel.workflow.id,
							Object.fromEntries(channel.urls.map((url, index) => [ctx.cluster.webhookProcessors[index].name, channel.hooks.deliveries.filter((d) => d.url === url).length])),
						]),
					),
					standInCalls: requests,
				};
				// Every upload of n8n's carries a revision, so the echo check below can find one.
				expect([...lr.writes, ...rl.writes].every((write) => typeof write.rev === 'string' && write.rev !== '')).toBe(true);
				expect(n8nRevs.size).toBe(2 * PAIRS);
				// No echo: no trigger item, repeats included, names a version n8n wrote; and none names anything but
				// a version the person wrote.
				expect(echoes.map((event) => event.path)).toEqual([]);
				expect(unexplained.map((event) => `${String(event.event)} ${String(event.path)}`)).toEqual([]);
				// Nothing lost: every change got past Remove Duplicates. Left → Right got the person's new files, Right →
				// Left the person's edits of the copies n8n had written (a person's edit of an n8n-written file fires).
				expect(sorted([...new Set(lr.passed.map(rev))])).toEqual(sorted(person.left));
				expect(sorted([...new Set(rl.passed.map(rev))])).toEqual(sorted(person.right));
				expect(lr.passed.every((event) => event.event === 'fileAdded')).toBe(true);
				expect(rl.passed.every((event) => event.event === 'fileModified')).toBe(true);
				// One key per change: every repeat (another processor re-reading a hand-over) carries the key the change
				// had, so Remove Duplicates can recognise each of them.
				for (const summaryOf of [lr, rl]) {
					const keysPerRev = new Map<string, Set<string>>();
					for (const event of summaryOf.events) keysPerRev.set(rev(event), (keysPerRev.get(rev(event)) ?? new Set()).add(String(event.key)));
					expect([...keysPerRev].filter(([, keys]) => keys.size > 1)).toEqual([]);
				}
				// Each change reached Dropbox exactly once: n8n's writes are 200 distinct versions, and Dropbox saw
				// exactly 200 writes of n8n's beside the person's 200 (a change let through twice rewrote the same
				// bytes, which Dropbox does not store again).
				expect(store.writes.length).toBe(4 * PAIRS);
				// Everything Remove Duplicates let through was downloaded and written (none stuck on the way).
				expect([lr.writes.length, rl.writes.length]).toEqual([lr.passed.length, rl.passed.length]);
				expect(lr.failed + rl.failed).toBe(0);
				// The mark travels in the upload's commit and the triggers read it from the feed: no property call,
				// and the template is looked up at most once per process that had not yet (never created again).
				expect(Object.keys(requests).filter((route) => route.startsWith('file_properties/properties/'))).toEqual([]);
				expect(requests['file_properties/templates/add_for_user'] ?? 0).toBe(0);
				expect(requests['file_properties/templates/list_for_user'] ?? 0).toBeLessThanOrEqual(ctx.cluster.workers.length + ctx.cluster.webhookProcessors.length);
				for (let i = 0; i < PAIRS; i++) {
					const both = [await contentOf(`${HOOK.left}/${name(i)}`), await contentOf(`${HOOK.right}/${name(i)}`)];
					expect(both).toEqual([`edited by a person in Right, #${i}`, `edited by a person in Right, #${i}`]);
				}
			} finally {
				store.stop();
				for (const channel of channels) channel.hooks.dispose();
			}
		}, 30 * 60_000);

		test(`polling trigger on the main: ${2 * PAIRS} changes by a person, each handed over exactly once, no echo, then nothing for a full poll cycle`, async () => {
			const store = watchStore('/QSync/Poll');
			try {
				const person = { left: [] as string[], right: [] as string[] };
				const started = Date.now();
				// The person's changes in two rounds (the polls come once a minute): new files in Left, then, once
				// n8n has copied them to Right, an edit of each copy.
				for (let i = 0; i < PAIRS; i++) person.left.push((await personWrites(`${POLL.left}/${name(i)}`, `written by a person in Left, #${i}`, 'add')).rev);
				await until(
					async () => (await Promise.all(Array.from({ length: PAIRS }, async (_, i) => (await contentOf(`${POLL.right}/${name(i)}`)) === `written by a person in Left, #${i}`))).every(Boolean),
					3 * POLL_CYCLE_MS,
					'the copies in Right',
				);
				for (let i = 0; i < PAIRS; i++) person.right.push((await personWrites(`${POLL.right}/${name(i)}`, `edited by a person in Right, #${i}`, 'overwrite')).rev);
				await until(
					async () => (await Promise.all(Array.from({ length: PAIRS }, async (_, i) => (await contentOf(`${POLL.left}/${name(i)}`)) === `edited by a person in Right, #${i}`))).every(Boolean),
					3 * POLL_CYCLE_MS,
					'the copies of the edits in Left',
				);
				const settled = await settle([pollLR.id, pollRL.id], () => store.writes.length, () => false, QUIET_MS, 120_000, 'the last executions to finish');
				const seconds = Math.round((Date.now() - started) / 1000);
				// Both workflows poll again (every minute) over n8n's last writes: nothing runs, nothing is written.
				const writesBefore = store.writes.length;
				const continues = () => ctx.standIn.requests.filter((request) => request.route === 'files/list_folder/continue').length;
				const continuesBefore = continues();
				await sleep(POLL_CYCLE_MS);
				const after = await Promise.all([pollLR.id, pollRL.id].map(progressOf));
				expect(continues() - continuesBefore).toBeGreaterThanOrEqual(2);
				expect(after.map((each) => each.count)).toEqual(settled);
				expect(store.writes.length).toBe(writesBefore);

				const lr = summary(await allExecutions(ctx, pollLR.id), POLLER, POLLER);
				const rl = summary(await allExecutions(ctx, pollRL.id), POLLER, POLLER);
				const n8nRevs = new Set([...lr.writes, ...rl.writes].map(rev));
				const echoes = [...lr.events, ...rl.events].filter((event) => n8nRevs.has(rev(event)));
				ctx.figures.twoWaySyncPolling = {
					changesByPerson: 2 * PAIRS,
					seconds,
					executions: { leftToRight: lr.executions.length, rightToLeft: rl.executions.length },
					triggerItems: { leftToRight: lr.events.length, rightToLeft: rl.events.length },
					writesByN8n: lr.writes.length + rl.writes.length,
					echoes: echoes.length,
					writesSeenByDropbox: store.writes.length,
					failedExecutions: lr.failed + rl.failed,
				};
				expect([...lr.writes, ...rl.writes].every((write) => typeof write.rev === 'string' && write.rev !== '')).toBe(true);
				expect(n8nRevs.size).toBe(2 * PAIRS);
				expect(echoes.map((event) => event.path)).toEqual([]);
				// No Remove Duplicates here: the trigger's own output is exactly the person's changes, each once.
				expect(sorted(lr.events.map(rev))).toEqual(sorted(person.left));
				expect(sorted(rl.events.map(rev))).toEqual(sorted(person.right));
				expect([lr.writes.length, rl.writes.length]).toEqual([PAIRS, PAIRS]);
				// Dropbox saw exactly 200 writes of n8n's beside the person's 200.
				expect(store.writes.length).toBe(4 * PAIRS);
				expect(lr.failed + rl.failed).toBe(0);
				for (let i = 0; i < PAIRS; i++) {
					const both = [await contentOf(`${POLL.left}/${name(i)}`), await contentOf(`${POLL.right}/${name(i)}`)];
					expect(both).toEqual([`edited by a person in Right, #${i}`, `edited by a person in Right, #${i}`]);
				}
			} finally {
				store.stop();
			}
		}, 15 * 60_000);
	});
}
