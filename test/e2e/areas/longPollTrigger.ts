// The Dropbox Suite Long-Poll Trigger in a real n8n: activated through the public API (a baseline cursor, then a
// long-poll held open on the notify host), one execution per change made through the stand-in, and across an n8n
// restart (SIGTERM: n8n closes its triggers; start: 'init' activation from the database) the change made while
// n8n was down comes once, from the cursor saved before the last execution, after the last hand-over again (with
// its key: n8n saves the cursor before it runs the execution, so a new process reads that hand-over again).
import { sleep } from 'n8n-workflow';

import { STAND_IN } from '../../../scripts/n8n.cjs';
import { startServer, stopServer } from '../support.cjs';
import { output, requestsTo } from '../context';
import type { E2eArea, E2eContext, Execution } from '../context';
import type { Workflow } from '../workflows';

const WATCHED = '/E2E Long-polled';
const WORKFLOW_ID = 'E2eLongPollTrig';
const NODE_NAME = 'Dropbox Long-Poll Trigger';
const LONGPOLL = 'files/list_folder/longpoll';

const workflow: Workflow = {
	id: WORKFLOW_ID,
	name: 'e2e trigger: long-poll on a folder',
	nodes: [
		{
			id: '3f1d6c2a-8b4e-4f7a-9c1d-2e5b7a9c0d13',
			name: NODE_NAME,
			type: 'n8n-nodes-dropbox-suite.dropboxSuiteLongPollTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { path: WATCHED, recursive: true, events: ['fileAdded', 'fileModified'], options: {} },
			credentials: { [STAND_IN.credentialType]: { id: STAND_IN.credentialId, name: STAND_IN.credentialName } },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	active: false,
};

export const longPollTriggerArea: E2eArea = { workflows: [workflow], register };

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const put = (name: string) => ctx.standIn.store.putFile(home(), `${WATCHED}/${name}`, Buffer.from(name));
	/** Long-polls that arrived at the stand-in and are not answered yet. */
	const open = () => requestsTo(ctx, LONGPOLL).filter((request) => request.status === undefined || request.status === null);

	async function until(ready: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
		const deadline = Date.now() + timeoutMs;
		while (!(await ready())) {
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
			await sleep(50);
		}
	}

	/** Every finished execution of the workflow after `afterId`, oldest first, once no new one came for 1.5 s. */
	async function executionsAfter(afterId: number): Promise<Execution[]> {
		const list = async () =>
			((await ctx.n8n.executions(WORKFLOW_ID, { limit: 20, includeData: false })) as Execution[]).filter((execution) => Number(execution.id) > afterId);
		let count = -1;
		let stableSince = Date.now();
		await until(
			async () => {
				const now = (await list()).length;
				if (now !== count) {
					count = now;
					stableSince = Date.now();
				}
				return Date.now() - stableSince >= 1_500;
			},
			20_000,
			'the executions to settle',
		);
		const found = (await list()).sort((a, b) => Number(a.id) - Number(b.id));
		return await Promise.all(found.map(async (execution) => (await ctx.n8n.waitForExecutionId(execution.id)) as Execution));
	}

	const paths = (execution: Execution) => output(execution, NODE_NAME).map((change) => [change.event, change.path]);

	describe('Dropbox Suite Long-Poll Trigger', () => {
		test('activated: a long-poll waits on the notify host; a change starts one execution within a second', async () => {
			ctx.standIn.store.ensureFolder(home(), WATCHED);
			ctx.standIn.clearRequests();
			await ctx.n8n.activate(WORKFLOW_ID);
			await until(() => open().length === 1, 10_000, 'the long-poll');
			const [poll] = requestsTo(ctx, LONGPOLL);
			expect(poll.host).toBe('notify.dropboxapi.com');
			expect(poll.headers.authorization).toBeUndefined();
			expect(requestsTo(ctx, 'files/list_folder/get_latest_cursor').map((request) => request.arg)).toEqual([expect.objectContaining({ path: WATCHED })]);

			const before = await ctx.n8n.latestExecutionId(WORKFLOW_ID);
			const t0 = Date.now();
			const file = put('first.txt');
			const execution = (await ctx.n8n.waitForExecution(WORKFLOW_ID, before, 15_000)) as Execution;
			expect(Date.parse(String(execution.startedAt)) - t0).toBeLessThan(1_000);
			expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
			expect(output(execution, NODE_NAME)).toEqual([
				expect.objectContaining({ event: 'fileAdded', path: `${WATCHED}/first.txt`, id: file.id, accountId: ctx.standIn.store.personal().account_id }),
			]);
			expect(await executionsAfter(before)).toHaveLength(1);
		});

		test('n8n restarted: the change made while it was down comes in one execution, after the last hand-over again', async () => {
			const before = await ctx.n8n.latestExecutionId(WORKFLOW_ID);
			const [last] = (await ctx.n8n.executions(WORKFLOW_ID, { limit: 1 })) as Execution[];
			const [handedOver] = output(last, NODE_NAME);
			await stopServer(ctx.n8n);
			try {
				put('while n8n was down.txt');
				ctx.standIn.clearRequests();
			} finally {
				await startServer(ctx.n8n);
			}
			const runs = await executionsAfter(before);
			expect(runs.map(paths)).toEqual([
				[
					['fileAdded', `${WATCHED}/first.txt`],
					['fileAdded', `${WATCHED}/while n8n was down.txt`],
				],
			]);
			expect(output(runs[0], NODE_NAME)[0].key).toBe(handedOver.key);
			// Activated from the stored cursor: no new baseline.
			expect(requestsTo(ctx, 'files/list_folder/get_latest_cursor')).toHaveLength(0);
			await until(() => open().length === 1, 10_000, 'the long-poll after the restart');

			const next = await ctx.n8n.latestExecutionId(WORKFLOW_ID);
			put('after the restart.txt');
			const after = await executionsAfter(next);
			expect(after.map(paths)).toEqual([[['fileAdded', `${WATCHED}/after the restart.txt`]]]);
		});

		test('deactivated through the API: nothing more is asked of Dropbox, a change starts nothing', async () => {
			const before = await ctx.n8n.latestExecutionId(WORKFLOW_ID);
			await ctx.n8n.deactivate(WORKFLOW_ID);
			await sleep(500);
			const seen = ctx.standIn.requests.length;
			// Had the long-poll stayed open, it would answer now and the trigger would read the change.
			put('after deactivation.txt');
			await sleep(1_500);
			expect(ctx.standIn.requests.slice(seen).map((request) => request.route)).toEqual([]);
			expect(await ctx.n8n.latestExecutionId(WORKFLOW_ID)).toBe(before);
		});
	});
}
