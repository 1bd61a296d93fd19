// The polling trigger in queue mode: n8n polls on the main instance only (its leader), the workers run the
// executions. Over the same changes the webhook trigger saw (made while it was polling every minute), every file
// is reported exactly once.
import { pollingWorkflow } from '../../e2e/workflows';
import type { QueueArea, QueueContext } from '../context';
import { until } from '../context';
import { WATCHED, allExecutions, itemsOf, made, prepareWatched, tally } from '../feed';

const polling = pollingWorkflow('QueuePoll', 'queue: polling a folder every minute', {
	path: WATCHED,
	recursive: true,
	events: ['fileAdded', 'fileModified'],
	options: {},
	pollTimes: { item: [{ mode: 'everyMinute' }] },
});

export const pollingTriggerArea: QueueArea = { workflows: [polling], activate: [polling.id], prepare: prepareWatched, register };

function register(ctx: QueueContext) {
	describe('Dropbox Suite Polling Trigger (polls on the main)', () => {
		test('the same changes, polled every minute: each file exactly once', async () => {
			expect(made.length).toBeGreaterThan(0);
			const started = Date.now();
			let executions = await allExecutions(ctx, polling.id);
			// A poll of n8n's comes at the start of every minute: wait for one after the last change.
			await until(
				async () => {
					executions = await allExecutions(ctx, polling.id);
					const events = executions.flatMap((execution) => itemsOf(execution, 'Dropbox Polling Trigger'));
					const settled = executions.every((execution) => execution.stoppedAt && !['running', 'new'].includes(execution.status));
					return settled && tally(events).lost === 0;
				},
				150_000,
				'a poll that reports every change',
			);
			const events = executions.flatMap((execution) => itemsOf(execution, 'Dropbox Polling Trigger'));
			const counted = tally(events);
			ctx.figures.pollingTrigger = { changes: made.length, executions: executions.length, waitedSeconds: Math.round((Date.now() - started) / 1000), ...counted };
			expect(counted.lost).toBe(0);
			expect(counted.duplicates).toBe(0);
			expect(counted.duplicateKeys).toBe(0);
			expect(counted.events).toBe(made.length);
		});
	});
}
