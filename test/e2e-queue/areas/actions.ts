// The action node in queue mode, run by the workers, with binary data in n8n's database store (queue mode's
// default): a 250 MiB file down into the store and up again (hash-checked against the stand-in, the worker's peak
// memory recorded); a 300 MiB file, which the store takes but cannot read back from Postgres (n8n 2.41.1 reads
// bytea as hex text; above 256 MiB that is longer than a V8 string, the driver throws and the run never ends), so
// the upload refuses it before reading; a file above the store's cap (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE)
// refused by n8n when the download stores it; File → Delete Many of 1,000 entries; and a token refresh made by one
// worker that the other then uses.
import { randomBytes } from 'node:crypto';

import { groupMemory } from '../../../scripts/n8n.cjs';
import { errorText, output } from '../../e2e/context';
import type { Execution } from '../../e2e/context';
import { byPath, webhookWorkflow } from '../../e2e/workflows';
import type { QueueArea, QueueContext } from '../context';
import { runOnProcessor, workerOf } from '../context';

const MiB = 1024 * 1024;
/** The largest round trip the database store allows with Postgres (see DATABASE_READ_LIMIT_BYTES). */
const BIG = 250 * MiB;
/** Stored, but not readable back from Postgres. */
const UNREADABLE = 300 * MiB;
/** Above the cap the suite sets (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE=320). */
const TOO_BIG = 330 * MiB;
const ENTRIES = 1000;

const hook = (name: string) => `queue-${name}`;
const field = (name: string) => `{{ $('Webhook').item.json.body.${name} }}`;
const body = (name: string) => `=${field(name)}`;

const workflows = [
	webhookWorkflow('QueueBig', 'queue: a large file down into the database store and up again', hook('big'), [
		{ name: 'Download', parameters: { resource: 'file', operation: 'download', file: byPath(body('from')), binaryPropertyName: 'data' } },
		{ name: 'Upload', parameters: { resource: 'file', operation: 'upload', path: body('to'), source: 'binary', binaryPropertyName: 'data', options: {} } },
	]),
	webhookWorkflow('QueueBatchDel', 'queue: batch delete what a folder holds', hook('batch-delete'), [
		{ name: 'List', parameters: { resource: 'folder', operation: 'list', folder: byPath(body('folder')), returnAll: true, options: {} } },
		{ name: 'Batch delete', parameters: { resource: 'file', operation: 'deleteMany', path: byPath('={{ $json.path_display }}') } },
	]),
	webhookWorkflow('QueueWhoAmI', 'queue: the current account', hook('who'), [{ name: 'Get current', parameters: { resource: 'account', operation: 'getCurrent' } }]),
];

export const actionsArea: QueueArea = { workflows, activate: workflows.map((workflow) => workflow.id), register };

function binaryOf(execution: Execution, nodeName: string): Record<string, unknown> {
	const item = execution.data.resultData.runData[nodeName]?.[0]?.data?.main[0]?.[0] as { binary?: Record<string, Record<string, unknown>> } | undefined;
	if (!item?.binary?.data) throw new Error(`Node "${nodeName}" put out no binary field "data" in execution ${execution.id}`);
	return item.binary.data;
}

function register(ctx: QueueContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const stored = (path: string) => ctx.standIn.store.lookup(home(), path);
	const routes = () => ctx.standIn.requests.map((request) => `${request.route} ${request.status}`);

	describe('Action node, executed by the workers', () => {
		test('a 250 MiB file: downloaded into the database binary store and uploaded again, bytes unchanged', async () => {
			ctx.standIn.store.putFile(home(), '/Queue/Big/recording.mp4', randomBytes(BIG));
			const source = stored('/Queue/Big/recording.mp4');
			ctx.standIn.clearRequests();
			const before = ctx.cluster.workers.map((worker) => groupMemory(worker.child));
			const started = Date.now();
			const run = await runOnProcessor(ctx, 0, 'QueueBig', hook('big'), { from: '/Queue/Big/recording.mp4', to: '/Queue/Big/copy.mp4' }, 300_000);
			const seconds = (Date.now() - started) / 1000;
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const copy = stored('/Queue/Big/copy.mp4');
			expect(copy?.size).toBe(BIG);
			expect(copy?.content_hash).toBe(source?.content_hash);
			const binary = binaryOf(run.execution, 'Download');
			expect(binary).toMatchObject({ fileName: 'recording.mp4', bytes: BIG });
			// In the database store, not the filesystem.
			expect(String(binary.id)).toMatch(/^database:/);
			expect(output(run.execution, 'Upload')[0]).toMatchObject({ size: BIG, content_hash: source?.content_hash });
			const worker = workerOf(ctx, run.execution.id);
			expect(worker).toBeDefined();
			const index = ctx.cluster.workers.findIndex((w) => w.name === worker);
			const after = groupMemory(ctx.cluster.workers[index].child);
			ctx.figures.bigFile = {
				MiB: BIG / MiB,
				seconds,
				worker,
				workerPeakRssMiB: Math.round(after.peak / MiB),
				workerPeakRssBeforeMiB: Math.round(before[index].peak / MiB),
				workerRssNowMiB: Math.round(after.rss / MiB),
			};
		});

		test('a 300 MiB file: stored in the database store, the upload refuses to read it back, naming the settings', async () => {
			ctx.standIn.store.putFile(home(), '/Queue/Big/unreadable.mp4', randomBytes(UNREADABLE));
			ctx.standIn.clearRequests();
			const run = await runOnProcessor(ctx, 1, 'QueueBig', hook('big'), { from: '/Queue/Big/unreadable.mp4', to: '/Queue/Big/unreadable copy.mp4' }, 300_000);
			expect(run.execution.status).toBe('error');
			expect(run.execution.data.resultData.lastNodeExecuted).toBe('Upload');
			expect(binaryOf(run.execution, 'Download')).toMatchObject({ bytes: UNREADABLE });
			const text = errorText(run.execution);
			ctx.figures.unreadable = { MiB: UNREADABLE / MiB, message: text };
			expect(text).toMatch(/database binary store, which cannot read a file above 256 MiB back from Postgres/);
			expect(text).toMatch(/N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE=255/);
			expect(stored('/Queue/Big/unreadable copy.mp4')).toBeUndefined();
			expect(routes().filter((route) => route.startsWith('files/upload'))).toEqual([]);
		});

		test('a file above the database store\'s cap: refused by n8n as the download stores it, naming N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE', async () => {
			ctx.standIn.store.putFile(home(), '/Queue/Big/too big.mp4', randomBytes(TOO_BIG));
			ctx.standIn.clearRequests();
			const run = await runOnProcessor(ctx, 1, 'QueueBig', hook('big'), { from: '/Queue/Big/too big.mp4', to: '/Queue/Big/too big copy.mp4' }, 300_000);
			expect(run.execution.status).toBe('error');
			expect(run.execution.data.resultData.lastNodeExecuted).toBe('Download');
			const text = errorText(run.execution);
			ctx.figures.tooBig = { MiB: TOO_BIG / MiB, message: text, failedNode: run.execution.data.resultData.lastNodeExecuted };
			expect(text).toMatch(/N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE/);
			expect(stored('/Queue/Big/too big copy.mp4')).toBeUndefined();
			expect(routes().filter((route) => route.startsWith('files/upload'))).toEqual([]);
		});

		test('File → Delete Many of 1,000 entries in one delete_batch call', async () => {
			const folder = '/Queue/Batch';
			for (let i = 0; i < ENTRIES; i++) ctx.standIn.store.putFile(home(), `${folder}/file ${String(i).padStart(4, '0')}.txt`, Buffer.from(`entry ${i}`));
			const polls = ctx.standIn.filesOptions.asyncJobPolls;
			ctx.standIn.filesOptions.asyncJobPolls = 0;
			ctx.standIn.clearRequests();
			let run;
			try {
				run = await runOnProcessor(ctx, 0, 'QueueBatchDel', hook('batch-delete'), { folder });
			} finally {
				ctx.standIn.filesOptions.asyncJobPolls = polls;
			}
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const launches = ctx.standIn.requests.filter((request) => request.route === 'files/delete_batch');
			expect(launches).toHaveLength(1);
			expect((launches[0].arg as { entries: unknown[] }).entries).toHaveLength(ENTRIES);
			const outcomes = output(run.execution, 'Batch delete');
			expect(outcomes).toHaveLength(ENTRIES);
			expect(outcomes.every((outcome) => outcome.success === true)).toBe(true);
			expect(ctx.standIn.store.children(home(), folder)).toEqual([]);
			ctx.figures.batchDelete = { entries: ENTRIES, worker: workerOf(ctx, run.execution.id) };
		});

		test('a token refresh made by one worker is used by the other: one refresh in all', async () => {
			ctx.standIn.expireAccessTokens();
			ctx.standIn.clearRequests();
			const first = await runOnProcessor(ctx, 0, 'QueueWhoAmI', hook('who'));
			expect(first.execution.status).toBe('success');
			const refresher = workerOf(ctx, first.execution.id);
			expect(refresher).toBeDefined();
			const tokenCalls = () => ctx.standIn.requests.filter((request) => request.route === 'oauth2/token');
			expect(tokenCalls()).toHaveLength(1);
			expect(tokenCalls()[0].status).toBe(200);
			// Runs until the other worker has run one (the queue decides who takes a job).
			const seen: string[] = [];
			for (let i = 0; i < 30; i++) {
				const run = await runOnProcessor(ctx, i % 2, 'QueueWhoAmI', hook('who'));
				expect(run.execution.status).toBe('success');
				const worker = workerOf(ctx, run.execution.id) ?? '?';
				seen.push(worker);
				if (worker !== refresher && worker !== '?') break;
			}
			expect(seen.some((worker) => worker !== refresher)).toBe(true);
			expect(tokenCalls()).toHaveLength(1);
			expect(routes().filter((route) => route === 'users/get_current_account 401')).toHaveLength(1);
			ctx.figures.tokenRefresh = { refresher, laterRuns: seen, refreshes: tokenCalls().length };
		});
	});
}
