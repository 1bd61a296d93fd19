// The webhook trigger when n8n dies (SIGKILL to its process group, as a crash or an OOM kill does) at each point
// of a pass over new files: before the first Dropbox call is answered, mid-pass, after the last call (200 files),
// and the moment webhook() has answered Dropbox (n8n then saves the cursor and starts the workflow, in that order;
// 50 files, so that the pass ends within the trigger's 8-second answer budget and the answer is the 200 that comes
// with the return). After the restart, Dropbox's next notification must bring every file in a successful
// execution: at least once, and exactly once after dropping repeats by `key` (what Remove Duplicates does).
import { sleep } from 'n8n-workflow';

import { crashServer, startServer } from '../support.cjs';
import { output } from '../context';
import type { E2eArea, E2eContext, Execution } from '../context';
import { triggerWorkflow, webhookIdOf } from '../workflows';

const FILES = 200;
/** Few enough for one pass within the answer budget in a real n8n (200 take longer: answered 503, still running). */
const FILES_WITHIN_BUDGET = 50;

const crashWatch = triggerWorkflow('E2eTrigCrash', 'e2e trigger: crash safety', {
	path: '/E2E Crash',
	recursive: true,
	events: ['fileAdded', 'fileModified'],
	options: {},
});

export const triggerCrashArea: E2eArea = { workflows: [crashWatch], register };

type RequestRecord = E2eContext['standIn']['requests'][number];

/** Where n8n is killed: a request of the pass arriving or answered, or Dropbox's delivery being answered. */
type KillPoint = { label: string; files: number } & (
	| { request: (record: RequestRecord, moment: 'received' | 'answered', count: number) => boolean }
	| { delivery: true }
);

const KILL_POINTS: KillPoint[] = [
	{ label: 'before the first Dropbox call is answered', files: FILES, request: (record, moment) => moment === 'received' && record.route === 'files/list_folder/continue' },
	{ label: 'mid-pass (the 100th history look-up)', files: FILES, request: (record, moment, count) => moment === 'received' && record.route === 'files/list_revisions' && count === 100 },
	{ label: 'after the last Dropbox call was answered', files: FILES, request: (record, moment, count) => moment === 'answered' && record.route === 'files/list_revisions' && count === FILES },
	{ label: 'when webhook() has answered Dropbox (cursor saved, workflow not yet run)', files: FILES_WITHIN_BUDGET, delivery: true },
];

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const hooks = () => ctx.standIn.webhooks;
	const deliver = () => hooks().configure({ url: `${ctx.n8n.url}/webhook/${webhookIdOf(crashWatch)}/dropbox`, delayMs: 50, retries: 0, backoffMs: 50 });

	async function until(ready: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
		const deadline = Date.now() + timeoutMs;
		while (!(await ready())) {
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
			await sleep(100);
		}
	}

	/** The files of `names` in every successful execution of the crash workflow newer than `after`. */
	async function delivered(after: number, names: Set<string>) {
		const executions = ((await ctx.n8n.executions(crashWatch.id, { limit: 50, includeData: false })) as Execution[]).filter((execution) => Number(execution.id) > after);
		const finished = await Promise.all(executions.map(async (execution) => (await ctx.n8n.waitForExecutionId(execution.id)) as Execution));
		return finished
			.filter((execution) => execution.status === 'success')
			.flatMap((execution) => output(execution, 'Dropbox Trigger'))
			.filter((change) => names.has(String(change.name)));
	}

	describe('Dropbox Suite Trigger: n8n killed during a pass', () => {
		beforeAll(async () => {
			ctx.standIn.store.ensureFolder(home(), '/E2E Crash');
			const baselines = () => ctx.standIn.requests.filter((request) => request.route === 'files/list_folder/get_latest_cursor' && (request.arg as { path?: string } | null)?.path === '/E2E Crash' && request.status === 200);
			const before = baselines().length;
			// n8n answers the activation first and registers the webhook (create: the baseline cursor) right after.
			await ctx.n8n.activate(crashWatch.id);
			await until(() => baselines().length > before, 15_000, 'the baseline cursor');
		});
		afterAll(async () => {
			hooks().disable();
			hooks().onAnswered = undefined;
			await ctx.n8n.deactivate(crashWatch.id).catch(() => undefined);
		});

		for (const [round, point] of KILL_POINTS.entries()) {
			test(`killed ${point.label}: all ${point.files} files come after the restart, each key once`, async () => {
				const before = await ctx.n8n.latestExecutionId(crashWatch.id);
				const names = new Set(Array.from({ length: point.files }, (_, i) => `round ${round} file ${String(i).padStart(3, '0')}.txt`));
				hooks().disable();
				for (const name of names) ctx.standIn.store.putFile(home(), `/E2E Crash/${name}`, Buffer.from(name));

				let killing: Promise<void> | undefined;
				const kill = () => {
					killing ??= crashServer(ctx.n8n);
				};
				const counts = new Map<string, number>();
				const unwatch = ctx.standIn.watchRequests((record, moment) => {
					if (!('request' in point) || killing) return;
					const count = (counts.get(`${record.route}/${moment}`) ?? 0) + 1;
					counts.set(`${record.route}/${moment}`, count);
					if (point.request(record, moment, count)) kill();
				});
				let answeredWith: number | null = null;
				hooks().onAnswered = (delivery) => {
					if (!('delivery' in point) || killing) return;
					answeredWith = delivery.status;
					kill();
				};
				try {
					deliver();
					await hooks().notify();
					await until(() => killing !== undefined, 60_000, `the kill point "${point.label}"`);
					await killing;
				} finally {
					unwatch();
					hooks().onAnswered = undefined;
					hooks().disable();
				}

				// The pass ended within the answer budget: n8n had everything to save the cursor and start the run.
				if ('delivery' in point) expect(answeredWith).toBe(200);
				await startServer(ctx.n8n);
				// Dropbox's next notification (its retry, or any later change).
				deliver();
				await hooks().notify();
				await hooks().idle();
				let changes: Array<Record<string, unknown>> = [];
				await until(
					async () => {
						changes = await delivered(before, names);
						return new Set(changes.map((change) => change.name)).size === point.files;
					},
					60_000,
					`all ${point.files} files in successful executions`,
				);
				const keys = new Set(changes.map((change) => change.key));
				expect(keys.size).toBe(point.files);
				// A repeat is the same change with the same key: at most the one pass that was cut off comes twice.
				for (const change of changes) expect(change.key).toEqual(expect.stringMatching(/^fileAdded:id:/));
				expect(changes.length).toBeLessThanOrEqual(2 * point.files);
			}, 240_000);
		}
	});
}
