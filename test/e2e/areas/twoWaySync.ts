// Two-way sync without echoes in a real n8n: the example pair (examples/sync-two-way-*.json: Long-Poll Trigger
// with "Ignore Changes Made by Dropbox Suite" → Download → Upload with "Mark as Written by Dropbox Suite", /Sync/Left ⇄ /Sync/Right)
// activated through the public API. A person makes 200 changes through the stand-in's API, one after the other:
// a new file in /Sync/Left (the left-to-right workflow copies it), then an edit of that copy in /Sync/Right, a file
// n8n wrote (the right-to-left workflow copies it back). Exactly one execution per change, none for the copies
// n8n itself wrote, and both folders end up the same.
import { sleep } from 'n8n-workflow';

import { uploadByApi } from '../support.cjs';
import { output, requestsTo } from '../context';
import type { E2eArea, E2eContext, Execution } from '../context';

const LEFT_TO_RIGHT = 'DbxExampleSyncLR';
const RIGHT_TO_LEFT = 'DbxExampleSyncRL';
const LEFT = '/Sync/Left';
const RIGHT = '/Sync/Right';
const PAIRS = 100;
/** No new execution and no Dropbox call for this long: every echo has been read and skipped. */
const QUIET_MS = 3_000;

export const twoWaySyncArea: E2eArea = { register };

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const target = () => ({ port: ctx.standIn.port, caPem: String(ctx.n8n.caPem) });
	let token = '';
	const personWrites = async (path: string, content: string, mode = 'add') => await uploadByApi(target(), token, path, content, mode);

	async function until(ready: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
		const deadline = Date.now() + timeoutMs;
		while (!(await ready())) {
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
			await sleep(50);
		}
	}

	/** Executions of a workflow newer than `afterId` (at most 250, n8n's page size). */
	const executionsAfter = async (workflowId: string, afterId: number) =>
		((await ctx.n8n.executions(workflowId, { limit: 250, includeData: false })) as Execution[]).filter((execution) => Number(execution.id) > afterId);

	describe('two-way sync without echoes (examples/sync-two-way-*.json)', () => {
		test('200 changes by a person give exactly 200 executions; a person editing a file n8n wrote fires once', async () => {
			token = ctx.standIn.issueTokens().access_token;
			const longpolls = () => requestsTo(ctx, 'files/list_folder/longpoll').filter((request) => request.status === null || request.status === undefined);
			ctx.standIn.clearRequests();
			await ctx.n8n.activate(LEFT_TO_RIGHT);
			await ctx.n8n.activate(RIGHT_TO_LEFT);
			const baselines = () => requestsTo(ctx, 'files/list_folder/get_latest_cursor').filter((request) => request.status === 200);
			await until(() => baselines().length === 2, 15_000, 'both baselines');
			for (const request of baselines())
				expect(request.arg).toMatchObject({ include_property_groups: { '.tag': 'filter_some', filter_some: [expect.stringMatching(/^ptid:/)] } });
			await until(() => longpolls().length >= 2, 15_000, 'both long-polls');

			const lrBefore = await ctx.n8n.latestExecutionId(LEFT_TO_RIGHT);
			const rlBefore = await ctx.n8n.latestExecutionId(RIGHT_TO_LEFT);
			ctx.standIn.clearRequests();
			const started = Date.now();
			for (let i = 0; i < PAIRS; i++) {
				const name = `note ${String(i).padStart(3, '0')}.txt`;
				await personWrites(`${LEFT}/${name}`, `written by a person in Left, #${i}`);
				await until(async () => (await executionsAfter(LEFT_TO_RIGHT, lrBefore)).length >= i + 1, 20_000, `the left-to-right run for ${name}`);
				await until(() => Boolean(ctx.standIn.store.lookup(home(), `${RIGHT}/${name}`)), 20_000, `the copy of ${name} in Right`);
				// A person edits the copy n8n wrote: that fires (once), and its copy back into Left does not fire again.
				await personWrites(`${RIGHT}/${name}`, `edited by a person in Right, #${i}`, 'overwrite');
				await until(async () => (await executionsAfter(RIGHT_TO_LEFT, rlBefore)).length >= i + 1, 20_000, `the right-to-left run for ${name}`);
			}
			// Every echo (200 writes by n8n) is read and skipped: wait until nothing moves, then count.
			let seen = -1;
			let quietSince = Date.now();
			await until(
				async () => {
					const now = ctx.standIn.requests.length + (await executionsAfter(LEFT_TO_RIGHT, lrBefore)).length + (await executionsAfter(RIGHT_TO_LEFT, rlBefore)).length;
					if (now !== seen) {
						seen = now;
						quietSince = Date.now();
					}
					return Date.now() - quietSince >= QUIET_MS;
				},
				60_000,
				'the echoes to be read and skipped',
			);
			const elapsedMs = Date.now() - started;
			const lr = await executionsAfter(LEFT_TO_RIGHT, lrBefore);
			const rl = await executionsAfter(RIGHT_TO_LEFT, rlBefore);
			expect([lr.length, rl.length]).toEqual([PAIRS, PAIRS]);
			expect([...lr, ...rl].filter((execution) => execution.status !== 'success')).toEqual([]);

			// One change per execution, the one the person made.
			const sample = (await ctx.n8n.waitForExecutionId(rl[0].id)) as Execution;
			expect(output(sample, `Change in ${RIGHT}`)).toEqual([expect.objectContaining({ event: 'fileModified' })]);
			for (let i = 0; i < PAIRS; i++) {
				const name = `note ${String(i).padStart(3, '0')}.txt`;
				const left = (await ctx.standIn.store.readFile(home(), `${LEFT}/${name}`)).toString();
				const right = (await ctx.standIn.store.readFile(home(), `${RIGHT}/${name}`)).toString();
				expect([left, right]).toEqual([`edited by a person in Right, #${i}`, `edited by a person in Right, #${i}`]);
			}

			// What it cost: the calls n8n made for the 200 changes and the 200 echoes it skipped.
			const byRoute: Record<string, number> = {};
			for (const request of ctx.standIn.requests) byRoute[request.route] = (byRoute[request.route] ?? 0) + 1;
			const person = 2 * PAIRS;
			// eslint-disable-next-line no-console
			console.log(`two-way sync: ${2 * PAIRS} changes in ${elapsedMs} ms; stand-in calls by route: ${JSON.stringify(byRoute)}`);
			// The mark is read from the feed itself: no template or property call while the sync runs.
			expect(Object.keys(byRoute).filter((route) => route.startsWith('file_properties/'))).toEqual([]);
			// n8n's uploads (200) beside the person's (200).
			expect(byRoute['files/upload']).toBe(person + 2 * PAIRS);

			await ctx.n8n.deactivate(LEFT_TO_RIGHT);
			await ctx.n8n.deactivate(RIGHT_TO_LEFT);
		}, 15 * 60_000);
	});
}
