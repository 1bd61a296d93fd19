// The webhook trigger in queue mode: Dropbox's notifications go to both webhook processors (round robin, the same
// notification to both at once, and concurrent copies) while CHANGES files are being added; the workers run the
// executions. Lost and duplicated events are counted per file and per key, in the trigger's output and after a
// Remove Duplicates node on `key` (n8n's deduplication store, shared through Postgres).
import { sleep } from 'n8n-workflow';

import { groupMemory } from '../../../scripts/n8n.cjs';
import { triggerWorkflow, webhookIdOf } from '../../e2e/workflows';
import type { QueueArea, QueueContext } from '../context';
import { CHANGES, PACE_MS, until } from '../context';
import { WATCHED, allExecutions, itemsOf, made, prepareWatched, tally } from '../feed';

const watch = triggerWorkflow(
	'QueueTrigWatch',
	'queue: webhooks for a folder, duplicates removed by key',
	{ path: WATCHED, recursive: true, events: ['fileAdded', 'fileModified'], options: {} },
	[
		{
			name: 'Remove Duplicates',
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			parameters: { operation: 'removeItemsSeenInPreviousExecutions', logic: 'removeItemsWithAlreadySeenKeyValues', dedupeValue: '={{ $json.key }}', options: { historySize: 100000 } },
		},
	],
);

export const webhookTriggerArea: QueueArea = { workflows: [watch], activate: [watch.id], prepare: prepareWatched, register };

function register(ctx: QueueContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const urls = () => ctx.cluster.webhookProcessors.map((processor) => `${processor.url}/webhook/${webhookIdOf(watch)}/dropbox`);

	describe('Dropbox Suite Trigger (webhooks) with two webhook processors', () => {
		test(`${CHANGES} changes, notifications round robin, to both at once and concurrent: nothing lost; duplicates counted and removed by key`, async () => {
			const hooks = ctx.standIn.webhooks;
			// Dropbox's URL check, at each processor: both serve the trigger's webhook.
			for (const url of urls()) expect((await hooks.verify(url)).problems).toEqual([]);
			const config = { delayMs: 50, retries: 6, backoffMs: 200 };
			hooks.clearDeliveries();
			const started = Date.now();
			const requestsBefore = ctx.standIn.requests.length;
			// A third round robin, a third to both processors at once, a third round robin with concurrent copies;
			// five changes at a time, QUEUE_PACE_MS apart (300 ms: about three notifications a second; the notifications
			// that arrive while a pass is queued share it, see the figures).
			for (let i = 0; i < CHANGES; i++) {
				const phase = Math.floor((3 * i) / CHANGES);
				if (i === 0 || Math.floor((3 * (i - 1)) / CHANGES) !== phase) hooks.configure({ urls: urls(), fanout: phase === 1 ? 'all' : 'roundRobin', ...config });
				if (phase === 2) hooks.sendConcurrent(2);
				const path = `${WATCHED}/change ${String(i).padStart(4, '0')}.txt`;
				ctx.standIn.store.putFile(home(), path, Buffer.from(`change ${i}`));
				const entry = ctx.standIn.store.lookup(home(), path) as { id: string; rev: string };
				made.push({ path, id: entry.id, rev: entry.rev });
				if (i % 5 === 4) await sleep(PACE_MS);
			}
			await hooks.idle();
			const deliveries = [...hooks.deliveries];
			hooks.disable();
			// Until every execution the notifications started has finished and no more come.
			let seen = -1;
			let stableSince = Date.now();
			let executions = await allExecutions(ctx, watch.id);
			await until(
				async () => {
					executions = await allExecutions(ctx, watch.id);
					const settled = executions.every((execution) => execution.stoppedAt && !['running', 'new', 'waiting'].includes(execution.status));
					if (executions.length !== seen || !settled) {
						seen = executions.length;
						stableSince = Date.now();
					}
					const covered = tally(executions.flatMap((execution) => itemsOf(execution, 'Dropbox Trigger'))).lost === 0;
					return settled && (covered ? Date.now() - stableSince > 5000 : Date.now() - stableSince > 60_000);
				},
				400_000,
				'the trigger\'s executions to finish',
			);
			// What the passes cost: one files/list_folder/continue per member and pass, one list_revisions per file read.
			const calls = ctx.standIn.requests.slice(requestsBefore);
			const events = executions.flatMap((execution) => itemsOf(execution, 'Dropbox Trigger'));
			const kept = executions.flatMap((execution) => itemsOf(execution, 'Remove Duplicates'));
			const raw = tally(events);
			const deduplicated = tally(kept);
			const perProcessor = Object.fromEntries(
				urls().map((url, index) => [ctx.cluster.webhookProcessors[index].name, deliveries.filter((delivery) => delivery.url === url).length]),
			);
			ctx.figures.webhookTrigger = {
				changes: CHANGES,
				seconds: Math.round((Date.now() - started) / 1000),
				deliveries: deliveries.length,
				deliveriesPerProcessor: perProcessor,
				// Dropbox waits 10 s for an answer: a delivery still unanswered then is late (Dropbox repeats it).
				late: deliveries.filter((delivery) => delivery.error?.startsWith('no answer within')).length,
				answerMs: percentiles(deliveries.filter((delivery) => delivery.status !== null).map((delivery) => delivery.ms ?? 0)),
				answers: deliveries.reduce<Record<string, number>>((count, delivery) => ({ ...count, [String(delivery.status ?? delivery.error)]: (count[String(delivery.status ?? delivery.error)] ?? 0) + 1 }), {}),
				dropboxCalls: {
					'files/list_folder/continue': calls.filter((call) => call.route === 'files/list_folder/continue').length,
					'files/list_revisions': calls.filter((call) => call.route === 'files/list_revisions').length,
				},
				executions: executions.length,
				processorPeakRssMiB: Object.fromEntries(ctx.cluster.webhookProcessors.map((processor) => [processor.name, Math.round(groupMemory(processor.child).peak / 1024 / 1024)])),
				failedExecutions: executions.filter((execution) => execution.status !== 'success').length,
				trigger: raw,
				afterRemoveDuplicates: deduplicated,
			};
			expect(Object.values(perProcessor).every((count) => count > 0)).toBe(true);
			// The guarantee: nothing lost, before and after Remove Duplicates.
			expect(raw.lost).toBe(0);
			expect(deduplicated.lost).toBe(0);
			// Every repeat carries the key the change had, so Remove Duplicates can drop it; what it lets through
			// (two workers checking the same key at the same moment) is measured, and never more than came in.
			expect(events.every((event) => typeof event.key === 'string')).toBe(true);
			expect(raw.filesWithSeveralKeys).toBe(0);
			expect(deduplicated.duplicates).toBeLessThanOrEqual(raw.duplicates);
		});
	});
}

/** The median, 95th percentile and maximum of some durations (ms). */
function percentiles(values: number[]): { median: number; p95: number; max: number } {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
	return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}
