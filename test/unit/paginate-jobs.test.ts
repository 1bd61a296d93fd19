import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { JOB_KINDS, awaitJob, checkJob } from '../../nodes/shared/jobs';
import { paginate } from '../../nodes/shared/paginate';

jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: jest.fn(async () => undefined) }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sleep } = require('n8n-workflow') as { sleep: jest.Mock };

/** A client whose rpc() answers from a script of pages, recording the calls. */
function scripted(pages: IDataObject[]) {
	const calls: Array<[string, unknown]> = [];
	return {
		calls,
		rpc: async <T>(route: string, arg?: unknown) => {
			calls.push([route, arg]);
			const page = pages.shift();
			if (!page) throw new Error(`unexpected call ${route}`);
			return page as T;
		},
	};
}

const node = { id: '1', name: 'Dropbox Suite', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

describe('paginate', () => {
	const pages = () => [
		{ entries: [1, 2], cursor: 'c1', has_more: true },
		{ entries: [3, 4], cursor: 'c2', has_more: true },
		{ entries: [5], cursor: 'c3', has_more: false },
	];

	it('follows the cursor until has_more is false', async () => {
		const client = scripted(pages());
		const page = await paginate(client, { route: 'files/list_folder', arg: { path: '' }, continueRoute: 'files/list_folder/continue', itemsKey: 'entries' });
		expect(page).toEqual({ items: [1, 2, 3, 4, 5], cursor: 'c3', hasMore: false });
		expect(client.calls).toEqual([
			['files/list_folder', { path: '' }],
			['files/list_folder/continue', { cursor: 'c1' }],
			['files/list_folder/continue', { cursor: 'c2' }],
		]);
	});

	it('stops at the limit, trims, says there is more, and gives no cursor that would skip the trimmed items', async () => {
		const client = scripted(pages());
		const page = await paginate(client, { route: 'files/list_folder', arg: {}, continueRoute: 'files/list_folder/continue', itemsKey: 'entries', limit: 3 });
		expect(page).toEqual({ items: [1, 2, 3], hasMore: true });
		expect(client.calls).toHaveLength(2);
	});

	it('keeps the last page whole when asked, so its cursor continues exactly after the last item', async () => {
		const client = scripted(pages());
		const page = await paginate(client, { route: 'files/list_folder', arg: {}, continueRoute: 'files/list_folder/continue', itemsKey: 'entries', limit: 3, atLimit: 'wholePage' });
		expect(page).toEqual({ items: [1, 2, 3, 4], cursor: 'c2', hasMore: true });
	});

	it('gives the cursor when the limit falls on a page boundary', async () => {
		const client = scripted(pages());
		const page = await paginate(client, { route: 'files/list_folder', arg: {}, continueRoute: 'files/list_folder/continue', itemsKey: 'entries', limit: 2 });
		expect(page).toEqual({ items: [1, 2], cursor: 'c1', hasMore: true });
	});
});

describe('awaitJob: waiting', () => {
	beforeEach(() => sleep.mockClear());
	const kind = JOB_KINDS.deleteBatch;

	it('returns a result that completed at once without polling', async () => {
		const client = scripted([]);
		const done = await awaitJob(client, node, kind, { '.tag': 'complete', entries: [] });
		expect(done).toEqual({ status: 'complete', entries: [] });
		expect(sleep).not.toHaveBeenCalled();
	});

	it('polls the check route soon, then with growing pauses, until complete', async () => {
		const client = scripted([{ '.tag': 'in_progress' }, { '.tag': 'in_progress' }, { '.tag': 'complete', entries: [{ '.tag': 'success', metadata: { name: 'a' } }] }]);
		const done = await awaitJob(client, node, kind, { '.tag': 'async_job_id', async_job_id: 'job-1' });
		expect(done).toEqual({ status: 'complete', entries: [{ ok: true, metadata: { name: 'a' } }] });
		expect(client.calls).toEqual(Array(3).fill(['files/delete_batch/check', { async_job_id: 'job-1' }]));
		expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 150, 225]);
	});

	it('turns a failed job into a NodeApiError with the reason', async () => {
		const failed = () => scripted([{ '.tag': 'failed', failed: { '.tag': 'too_many_files' } }]);
		await expect(awaitJob(failed(), node, kind, { '.tag': 'async_job_id', async_job_id: 'job-2' }, { itemIndex: 1 })).rejects.toBeInstanceOf(NodeApiError);
		await expect(awaitJob(failed(), node, kind, { '.tag': 'async_job_id', async_job_id: 'j' })).rejects.toThrow('Dropbox: failed/too_many_files');
	});

	it('hands back the job ID, not an error, when waiting runs out', async () => {
		const client = scripted(Array(10).fill({ '.tag': 'in_progress' }));
		await expect(awaitJob(client, node, kind, { '.tag': 'async_job_id', async_job_id: 'job-3' }, { timeoutMs: 3000 })).resolves.toEqual({ status: 'in_progress', asyncJobId: 'job-3' });
	});
});

describe('awaitJob and checkJob', () => {
	beforeEach(() => sleep.mockClear());
	const launched = { '.tag': 'async_job_id', async_job_id: 'job-9' };

	it('decodes a batch job into per-entry outcomes, whichever key carries the metadata', async () => {
		const client = scripted([{ '.tag': 'complete', entries: [{ '.tag': 'success', success: { name: 'a' } }, { '.tag': 'failure', failure: { '.tag': 'too_many_files' } }] }]);
		const state = await awaitJob(client, node, JOB_KINDS.copyBatch, launched);
		expect(state).toEqual({ status: 'complete', entries: [{ ok: true, metadata: { name: 'a' } }, { ok: false, failure: { '.tag': 'too_many_files' } }] });
		expect(client.calls).toEqual([['files/copy_batch/check_v2', { async_job_id: 'job-9' }]]);
	});

	it('hands back the job ID when waiting runs out, without failing, and never waits past the timeout', async () => {
		const client = scripted(Array(10).fill({ '.tag': 'in_progress' }));
		const state = await awaitJob(client, node, JOB_KINDS.deleteBatch, launched, { timeoutMs: 1000 });
		expect(state).toEqual({ status: 'in_progress', asyncJobId: 'job-9' });
		expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 150, 225, 338, 187]);
	});

	it('does not poll at all with a timeout of 0', async () => {
		const client = scripted([]);
		expect(await awaitJob(client, node, JOB_KINDS.deleteBatch, launched, { timeoutMs: 0 })).toEqual({ status: 'in_progress', asyncJobId: 'job-9' });
		expect(client.calls).toHaveLength(0);
	});

	it('checks a job once by its ID; Save From URL is one entry with the file', async () => {
		const running = await checkJob(scripted([{ '.tag': 'in_progress' }]), node, JOB_KINDS.saveUrl, 'job-1');
		expect(running).toEqual({ status: 'in_progress', asyncJobId: 'job-1' });
		const done = await checkJob(scripted([{ '.tag': 'complete', name: 'r.pdf', size: 3 }]), node, JOB_KINDS.saveUrl, 'job-1');
		expect(done).toEqual({ status: 'complete', entries: [{ ok: true, metadata: { name: 'r.pdf', size: 3 } }] });
		expect(sleep).not.toHaveBeenCalled();
	});
});
