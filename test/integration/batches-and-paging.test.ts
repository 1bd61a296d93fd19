// Listing that never drops entries, batches whose every item gets an honest outcome, and async jobs that a
// later run can pick up: through n8n's engine against the stand-in, with its faults where a fault is involved.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const items = (values: IDataObject[]) => values.map((json) => ({ json }));
const ok = async (parameters: INodeParameters, options: Parameters<typeof dropbox.run>[1] = {}) => {
	const result = await dropbox.run(parameters, options);
	if (result.error) throw result.error;
	return result;
};

describe('Listing with a Limit', () => {
	afterEach(() => {
		dropbox.standIn.filesOptions.listLimitOvershoot = 0;
	});

	it('hands out a cursor that continues exactly after the last entry, also when Dropbox pages past the limit', async () => {
		const names = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}.txt`);
		for (const name of names) dropbox.put(`/Over/${name}`, name);
		// Dropbox's limit is approximate: every page here holds 3 entries more than asked.
		dropbox.standIn.filesOptions.listLimitOvershoot = 3;
		const first = await ok({ resource: 'folder', operation: 'list', folder: byPath('/Over'), limit: 5, options: { output: 'page' } });
		const page = first.items[0].json as { entries: Array<{ name: string }>; cursor: string; has_more: boolean };
		expect(page.has_more).toBe(true);
		expect(page.entries.length).toBeGreaterThanOrEqual(5);
		const rest = await ok({ resource: 'folder', operation: 'list', returnAll: true, options: { cursor: page.cursor } });
		const seen = [...page.entries.map((entry) => entry.name), ...rest.items.map((item) => item.json.name as string)];
		expect(seen.sort()).toEqual(names);
	});

	it('one item per entry stops at the limit exactly', async () => {
		for (let i = 0; i < 9; i++) dropbox.put(`/Trim/f${i}.txt`, `${i}`);
		dropbox.standIn.filesOptions.listLimitOvershoot = 2;
		const limited = await ok({ resource: 'folder', operation: 'list', folder: byPath('/Trim'), limit: 4 });
		expect(limited.items).toHaveLength(4);
	});
});

/** The many-item operations (every input item one entry of a Dropbox batch call), under File; Create Many is Folder's. */
const many = (resource: string, operation: string, extra: INodeParameters = {}): INodeParameters => ({ resource, operation, ...extra });

describe('Batch: every item checked first', () => {
	it('one invalid item launches nothing and names the item and the parameter', async () => {
		dropbox.put('/V/one.txt', '1');
		dropbox.put('/V/two.txt', '2');
		const result = await dropbox.run(many('file', 'deleteMany', { path: byPath('={{ $json.path }}') }), {
			items: items([{ path: '/V/one.txt' }, { path: 'relative.txt' }, { path: '/V/two.txt' }]),
		});
		expect(result.error?.message).toBe('File or Folder: "relative.txt" is a relative path');
		expect((result.error as unknown as { context: { itemIndex?: number } }).context.itemIndex).toBe(1);
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(0);
		expect(dropbox.lookup('/V/one.txt')).toBeDefined();
		expect(dropbox.lookup('/V/two.txt')).toBeDefined();
	});

	it('with Continue On Fail, launches the valid items and reports each', async () => {
		dropbox.put('/V2/one.txt', '1');
		const result = await dropbox.run(many('file', 'deleteMany', { path: byPath('={{ $json.path }}') }), {
			continueOnFail: true,
			items: items([{ path: '/V2/one.txt' }, { path: 'relative.txt' }]),
		});
		expect(result.items.map((item) => item.json.status ?? item.json.error)).toEqual(['success', 'File or Folder: "relative.txt" is a relative path']);
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(1);
	});
});

describe('Batch: per-item settings', () => {
	it('Autorename is honoured per item (separate calls), not taken from the first item', async () => {
		dropbox.put('/AR/a.txt', 'a');
		dropbox.put('/AR/b.txt', 'b');
		dropbox.put('/AR2/a.txt', 'taken');
		dropbox.put('/AR2/b.txt', 'taken');
		const result = await ok(many('file', 'copyMany', { from: byPath('={{ "/AR/" + $json.name }}'), toPath: '={{ "/AR2/" + $json.name }}', autorename: '={{ $json.autorename }}' }), {
			items: items([
				{ name: 'a.txt', autorename: true },
				{ name: 'b.txt', autorename: false },
			]),
		});
		expect(result.items.map((item) => [item.json.status, item.json.path_display ?? null])).toEqual([
			['success', '/AR2/a (1).txt'],
			['failed', null],
		]);
		expect(String(result.items[1].json.error)).toMatch(/conflict/);
		expect((await dropbox.read('/AR2/b.txt')).toString()).toBe('taken');
		expect(dropbox.requestsTo('files/copy_batch_v2').map((call) => (call.arg as { autorename: boolean }).autorename)).toEqual([true, false]);
	});
});

describe('Batch: a lost launch answer', () => {
	const names = (n: number) => Array.from({ length: n }, (_, i) => `f${String(i).padStart(2, '0')}.txt`);

	it('Delete of 20: every entry reported deleted, one launch', async () => {
		for (const name of names(20)) dropbox.put(`/LD/${name}`, name);
		dropbox.standIn.injectFault({ route: 'files/delete_batch', kind: 'lose_response' });
		const result = await ok(many('file', 'deleteMany', { path: byPath('={{ "/LD/" + $json.name }}') }), { items: items(names(20).map((name) => ({ name }))) });
		expect(result.items.map((item) => item.json.status)).toEqual(Array(20).fill('success'));
		expect(result.items.every((item) => item.json.reconciled === true)).toBe(true);
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(1);
		for (const name of names(20)) expect(dropbox.lookup(`/LD/${name}`)).toBeUndefined();
	});

	it('Copy of 10: every entry reported copied once, one launch', async () => {
		for (const name of names(10)) dropbox.put(`/LC/${name}`, `content of ${name}`);
		dropbox.standIn.injectFault({ route: 'files/copy_batch_v2', kind: 'lose_response' });
		const result = await ok(many('file', 'copyMany', { from: byPath('={{ "/LC/" + $json.name }}'), toPath: '={{ "/LC2/" + $json.name }}' }), {
			items: items(names(10).map((name) => ({ name }))),
		});
		expect(result.items.map((item) => [item.json.status, item.json.path_display])).toEqual(names(10).map((name) => ['success', `/LC2/${name}`]));
		expect(dropbox.requestsTo('files/copy_batch_v2')).toHaveLength(1);
		const listed = await ok({ resource: 'folder', operation: 'list', folder: byPath('/LC2'), returnAll: true });
		expect(listed.items.map((item) => item.json.name).sort()).toEqual(names(10));
	});

	it('Move and Create Folder: each entry found done is a success', async () => {
		for (const name of names(3)) dropbox.put(`/LM/${name}`, name);
		dropbox.standIn.injectFault({ route: 'files/move_batch_v2', kind: 'lose_response' });
		const moved = await ok(many('file', 'moveMany', { from: byPath('={{ "/LM/" + $json.name }}'), toPath: '={{ "/LM2/" + $json.name }}' }), { items: items(names(3).map((name) => ({ name }))) });
		expect(moved.items.map((item) => [item.json.status, item.json.path_display])).toEqual(names(3).map((name) => ['success', `/LM2/${name}`]));
		dropbox.standIn.injectFault({ route: 'files/create_folder_batch', kind: 'lose_response' });
		const created = await ok(many('folder', 'createFolderMany', { path: '={{ "/LF/" + $json.name }}' }), { items: items([{ name: 'x' }, { name: 'y' }]) });
		expect(created.items.map((item) => [item.json.status, item.json.path_display])).toEqual([
			['success', '/LF/x'],
			['success', '/LF/y'],
		]);
		expect(dropbox.requestsTo('files/move_batch_v2')).toHaveLength(1);
		expect(dropbox.requestsTo('files/create_folder_batch')).toHaveLength(1);
	});

	it('what cannot be told is "unknown" with what to check, never a failure, and never launched twice', async () => {
		dropbox.put('/LU/a.txt', 'a');
		// A 500 that Dropbox did not act on looks, from here, just like a lost answer.
		dropbox.standIn.injectFault({ route: 'files/copy_batch_v2', kind: 'server_error', status: 500 });
		const result = await ok(many('file', 'copyMany', { from: byPath('/LU/a.txt'), toPath: '/LU2/a.txt' }));
		expect(result.items[0].json).toMatchObject({ status: 'unknown', from_path: '/LU/a.txt', to_path: '/LU2/a.txt' });
		expect(result.items[0].json.success).toBeUndefined();
		expect(String(result.items[0].json.description)).toContain('whether "/LU2/a.txt" is a full copy of "/LU/a.txt"');
		expect(dropbox.requestsTo('files/copy_batch_v2')).toHaveLength(1);
	});
});

describe('Batch: jobs', () => {
	afterEach(() => {
		dropbox.standIn.filesOptions.asyncJobPolls = 1;
	});

	it('checks soon and backs off', async () => {
		for (const name of ['a', 'b']) dropbox.put(`/Soon/${name}.txt`, name);
		const result = await ok(many('file', 'deleteMany', { path: byPath('={{ "/Soon/" + $json.name + ".txt" }}') }), { items: items([{ name: 'a' }, { name: 'b' }]) });
		expect(result.items.map((item) => item.json.status)).toEqual(['success', 'success']);
		// One in_progress answer (asyncJobPolls 1), so two checks.
		expect(result.sleeps[0]).toBeLessThanOrEqual(200);
		expect(result.sleeps[1]).toBeGreaterThan(result.sleeps[0]);
	});

	it('a job that outlasts the wait gives its ID per item; Get Job Status picks it up', async () => {
		for (const name of ['a', 'b', 'c']) dropbox.put(`/Slow/${name}.txt`, name);
		dropbox.standIn.filesOptions.asyncJobPolls = 1000;
		const launched = await ok(many('file', 'deleteMany', { path: byPath('={{ "/Slow/" + $json.name + ".txt" }}'), options: { waitSeconds: 2 } }), {
			items: items([{ name: 'a' }, { name: 'b' }, { name: 'c' }]),
		});
		expect(launched.items.map((item) => [item.json.status, item.json.job_index])).toEqual([
			['in_progress', 0],
			['in_progress', 1],
			['in_progress', 2],
		]);
		const jobId = String(launched.items[0].json.async_job_id);
		expect(jobId).toMatch(/^dbjid:/);
		expect(launched.sleeps.reduce((a, b) => a + b, 0)).toBe(2000);
		const stillRunning = await ok(many('file', 'getJobStatus', { jobId, jobKind: 'deleteBatch' }));
		expect(stillRunning.items.map((item) => item.json)).toEqual([{ async_job_id: jobId, status: 'in_progress' }]);
		dropbox.standIn.filesOptions.asyncJobPolls = 0;
		const done = await ok(many('file', 'getJobStatus', { jobId, jobKind: 'deleteBatch' }));
		expect(done.items.map((item) => [item.json.status, item.json.job_index, item.json.name])).toEqual([
			['success', 0, 'a.txt'],
			['success', 1, 'b.txt'],
			['success', 2, 'c.txt'],
		]);
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(1);
	});

	it('Get Job Status reads a Save From URL job', async () => {
		const started = await ok({ resource: 'file', operation: 'saveFromUrl', url: 'https://example.com/report.txt', path: '/Saved/report.txt', wait: false });
		const jobId = String(started.items[0].json.async_job_id);
		const first = await ok(many('file', 'getJobStatus', { jobId, jobKind: 'saveUrl' }));
		expect(first.items[0].json.status).toBe('in_progress');
		const second = await ok(many('file', 'getJobStatus', { jobId, jobKind: 'saveUrl' }));
		expect(second.items[0].json).toMatchObject({ status: 'success', success: true, path_display: '/Saved/report.txt', async_job_id: jobId });
	});
});

describe('Batch: after the launch', () => {
	it('a check that keeps failing leaves the launched job to Get Job Status: unknown with its ID, nothing thrown, one launch', async () => {
		dropbox.put('/CF/a.txt', 'a');
		dropbox.standIn.injectFault({ route: 'files/delete_batch/check', kind: 'server_error', status: 503, times: 1 });
		const result = await ok(many('file', 'deleteMany', { path: byPath('/CF/a.txt'), requestOptions: { maxAttempts: 1 } }));
		expect(result.items[0].json).toMatchObject({ status: 'unknown', path: '/CF/a.txt', job_index: 0 });
		const jobId = String(result.items[0].json.async_job_id);
		expect(String(result.items[0].json.description)).toContain(`File → Get Job Status (Job ID ${jobId})`);
		// The stand-in answers in_progress once before the outcome.
		const running = await ok(many('file', 'getJobStatus', { jobId, jobKind: 'deleteBatch' }));
		expect(running.items[0].json.status).toBe('in_progress');
		const done = await ok(many('file', 'getJobStatus', { jobId, jobKind: 'deleteBatch' }));
		expect(done.items[0].json).toMatchObject({ status: 'success', name: 'a.txt' });
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(1);
	});

});
