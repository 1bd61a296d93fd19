// File → Upload Many through n8n's engine against the stand-in: many files in one start_batch, as few
// append_batch requests as the bytes need and one finish_batch_v2 commit; per-item outcomes paired with their
// items; the commit as a job; a lost commit answer reconciled by content hash; bad input refused before any call;
// and the stand-in's namespace write contention, which single uploads meet and Upload Many does not.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { contentHash } from '../emulator';
import { binaryItem, mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();
const MiB = 1024 * 1024;

const uploadMany = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'file',
	operation: 'uploadMany',
	path: '={{ $json.path }}',
	...extra,
});
const pattern = (size: number, seed: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed + (i >> 10)) % 256));

/** Items with a binary field `data` and the path each should go to. */
async function files(folder: string, contents: Buffer[]): Promise<INodeExecutionData[]> {
	return await Promise.all(
		contents.map(async (content, i) => {
			const item = await binaryItem(content, `f${i}.bin`);
			return { ...item, json: { path: `${folder}/f${String(i).padStart(2, '0')}.bin` } };
		}),
	);
}

const count = (route: string) => dropbox.requestsTo(route).length;
const appendEntries = () =>
	dropbox.requestsTo('files/upload_session/append_batch').map((request) => (request.arg as { entries: Array<{ cursor: { offset: number }; length: number; close: boolean }> }).entries);
const anyRequest = () => dropbox.standIn.requests.filter((request) => request.route.startsWith('files/'));

afterEach(() => {
	Object.assign(dropbox.standIn.filesOptions, { asyncJobPolls: 1, finishBatchJobOver: undefined, writeContention: false, finishBatchContendedEntries: 0 });
});

describe('Upload Many', () => {
	it('uploads 25 files with 1 start_batch, 1 append_batch and 1 finish_batch_v2, one output item per input item', async () => {
		const contents = Array.from({ length: 25 }, (_, i) => pattern(100 + i * 37, i));
		const result = await dropbox.run(uploadMany(), { items: await files('/Many', contents) });
		expect(result.error).toBeUndefined();
		expect(count('files/upload_session/start_batch')).toBe(1);
		expect(count('files/upload_session/append_batch')).toBe(1);
		expect(count('files/upload_session/finish_batch_v2')).toBe(1);
		expect(anyRequest()).toHaveLength(3);
		expect((dropbox.requestsTo('files/upload_session/start_batch')[0].arg as IDataObject).num_sessions).toBe(25);
		// Every entry of the one append request is a whole file, closed, at offset 0.
		const [entries] = appendEntries();
		expect(entries.map((e) => [e.cursor.offset, e.length, e.close])).toEqual(contents.map((c) => [0, c.length, true]));
		expect(result.items).toHaveLength(25);
		for (const [i, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ success: true, status: 'success', path_display: `/Many/f${String(i).padStart(2, '0')}.bin`, content_hash: contentHash(contents[i]) });
			expect(await dropbox.read(`/Many/f${String(i).padStart(2, '0')}.bin`)).toEqual(contents[i]);
		}
	});

	it('spreads a 20 MiB file among small ones over two append requests, at the right offsets', async () => {
		const big = pattern(20 * MiB, 7);
		const contents = [pattern(1000, 1), pattern(2000, 2), big, pattern(3000, 3), Buffer.alloc(0)];
		const result = await dropbox.run(uploadMany(), { items: await files('/Chunked', contents) });
		expect(result.error).toBeUndefined();
		const requests = appendEntries();
		expect(requests).toHaveLength(2);
		const [first, second] = requests;
		// The first request is full (16 MiB): two small files, then the big one's start, left open.
		const bigFirst = 16 * MiB - 3000;
		expect(first.map((e) => [e.cursor.offset, e.length, e.close])).toEqual([
			[0, 1000, true],
			[0, 2000, true],
			[0, bigFirst, false],
		]);
		// The second carries the rest of the big file from where the first stopped, then the small and the empty file.
		expect(second.map((e) => [e.cursor.offset, e.length, e.close])).toEqual([
			[bigFirst, 20 * MiB - bigFirst, true],
			[0, 3000, true],
			[0, 0, true],
		]);
		expect(count('files/upload_session/finish_batch_v2')).toBe(1);
		expect(result.items.map((item) => item.json.size)).toEqual(contents.map((c) => c.length));
		expect(result.items[2].json.content_hash).toBe(contentHash(big));
		expect((await dropbox.read('/Chunked/f02.bin')).equals(big)).toBe(true);
	});

	it('sends more than 1,000 files in several commits', async () => {
		const contents = Array.from({ length: 1003 }, (_, i) => Buffer.from(`file ${i}`));
		const items = contents.map((content, i) => ({ json: { path: `/Thousand/${i}.txt`, text: content.toString() } }));
		const result = await dropbox.run(uploadMany({ source: 'text', text: '={{ $json.text }}' }), { items });
		expect(result.error).toBeUndefined();
		expect(count('files/upload_session/start_batch')).toBe(2);
		// Each request's argument (one entry per file, in a header) stays under 48 KiB: 1,000 entries take three.
		const appends = dropbox.requestsTo('files/upload_session/append_batch');
		const perRequest = appends.map((r) => (r.arg as { entries: unknown[] }).entries.length);
		expect(perRequest).toHaveLength(4);
		expect(perRequest[0] + perRequest[1] + perRequest[2]).toBe(1000);
		expect(perRequest[3]).toBe(3);
		for (const request of appends) expect(String(request.headers['dropbox-api-arg']).length).toBeLessThan(48 * 1024);
		expect(count('files/upload_session/finish_batch_v2')).toBe(2);
		expect(dropbox.requestsTo('files/upload_session/finish_batch_v2').map((r) => (r.arg as { entries: unknown[] }).entries.length)).toEqual([1000, 3]);
		expect(result.items.filter((item) => item.json.status === 'success')).toHaveLength(1003);
		expect((await dropbox.read('/Thousand/1002.txt')).toString()).toBe('file 1002');
	});

	it('waits for the commit when Dropbox runs it as a job, through several polls of finish_batch/check', async () => {
		Object.assign(dropbox.standIn.filesOptions, { finishBatchJobOver: 2, asyncJobPolls: 3 });
		const contents = [pattern(10, 1), pattern(20, 2), pattern(30, 3)];
		const result = await dropbox.run(uploadMany(), { items: await files('/Job', contents) });
		expect(result.error).toBeUndefined();
		expect(count('files/upload_session/finish_batch_v2')).toBe(1);
		expect(count('files/upload_session/finish_batch/check')).toBe(4);
		expect(result.items.map((item) => item.json.content_hash)).toEqual(contents.map((c) => contentHash(c)));
	});

	it('hands out the job ID when waiting runs out, for File → Get Job Status', async () => {
		Object.assign(dropbox.standIn.filesOptions, { finishBatchJobOver: 0, asyncJobPolls: 0 });
		const result = await dropbox.run(uploadMany({ options: { waitSeconds: 0 } }), { items: await files('/JobLater', [pattern(5, 5)]) });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({ status: 'in_progress', job_index: 0 });
		const later = await dropbox.run({ resource: 'file', operation: 'getJobStatus', jobKind: 'uploadFinishBatch', jobId: item.json.async_job_id as string });
		expect(later.error).toBeUndefined();
		expect(JSON.stringify(later.items.map((i) => i.json))).toContain(contentHash(pattern(5, 5)));
	});

	it('reports a path conflict on its own item while the others are stored', async () => {
		dropbox.put('/Conflict/f01.bin', 'already here');
		const contents = [pattern(10, 1), pattern(11, 2), pattern(12, 3)];
		const result = await dropbox.run(uploadMany(), { items: await files('/Conflict', contents) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['success', 'failed', 'success']);
		const failed = result.items[1];
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json).toMatchObject({ success: false, path: '/Conflict/f01.bin', failure: { '.tag': 'path', path: { '.tag': 'conflict' } } });
		expect(String(failed.json.error)).toContain('path/conflict/file');
		expect(String(failed.json.description)).toContain('Something already exists at "/Conflict/f01.bin"');
		expect((await dropbox.read('/Conflict/f01.bin')).toString()).toBe('already here');
		expect(await dropbox.read('/Conflict/f02.bin')).toEqual(contents[2]);
	});

	it('with Continue On Fail, a bad item gets its error and the others go up in the same calls', async () => {
		const items = await files('/Cof', [pattern(10, 1), pattern(11, 2)]);
		items.splice(1, 0, { json: { path: '/Cof/no-file.bin' } });
		const result = await dropbox.run(uploadMany(), { items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toBe('Input Binary Field: the item has no binary field "data"');
		expect(result.items.map((item) => item.json.status)).toEqual(['success', undefined, 'success']);
		expect(count('files/upload_session/finish_batch_v2')).toBe(1);
	});

	it('with Continue On Fail too, the conflict is its item\'s outcome and the node does not fail', async () => {
		dropbox.put('/ConflictCof/f00.bin', 'already here');
		const result = await dropbox.run(uploadMany(), { items: await files('/ConflictCof', [pattern(10, 1), pattern(11, 2)]), continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.pairedItem, item.json.status])).toEqual([
			[{ item: 0 }, 'failed'],
			[{ item: 1 }, 'success'],
		]);
	});

	it('when no session can be opened (rate limited past the retries), the node fails and sends nothing else', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/start_batch', kind: 'rate_limit', times: 10 });
		const result = await dropbox.run(uploadMany(), { items: await files('/NoStart', [pattern(10, 1)]) });
		expect(result.error?.message).toContain('too_many_requests');
		expect(count('files/upload_session/append_batch')).toBe(0);
		expect(count('files/upload_session/finish_batch_v2')).toBe(0);
	});

	it('with Continue On Fail, an unopened batch gives every item its error instead', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/start_batch', kind: 'rate_limit', times: 10 });
		const result = await dropbox.run(uploadMany(), { items: await files('/NoStartCof', [pattern(10, 1), pattern(10, 2)]), continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['failed', 'failed']);
		expect(String(result.items[0].json.error)).toContain('too_many_requests');
	});

	it('commits again the entries Dropbox refused for write contention, and only those', async () => {
		dropbox.standIn.filesOptions.finishBatchContendedEntries = 2;
		const contents = [pattern(10, 1), pattern(11, 2), pattern(12, 3)];
		const result = await dropbox.run(uploadMany(), { items: await files('/Contended', contents) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['success', 'success', 'success']);
		const commits = dropbox.requestsTo('files/upload_session/finish_batch_v2').map((r) => (r.arg as { entries: Array<{ commit: { path: string } }> }).entries.map((e) => e.commit.path));
		expect(commits).toEqual([['/Contended/f00.bin', '/Contended/f01.bin', '/Contended/f02.bin'], ['/Contended/f01.bin', '/Contended/f02.bin']]);
		expect(result.sleeps).toEqual([1000]);
	});

	it('gives up after four commits that all meet write contention, with Dropbox\'s reason on the item', async () => {
		dropbox.standIn.filesOptions.finishBatchContendedEntries = 7;
		const result = await dropbox.run(uploadMany(), { items: await files('/ContendedLong', [pattern(10, 1), pattern(11, 2)]) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['success', 'failed']);
		expect(String(result.items[1].json.error)).toContain('too_many_write_operations');
		expect(count('files/upload_session/finish_batch_v2')).toBe(4);
		expect(result.sleeps).toEqual([1000, 2000, 3000]);
	});

	it('after a lost commit answer, looks the paths up and does not commit again', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/finish_batch_v2', kind: 'lose_response' });
		const contents = [pattern(100, 1), pattern(200, 2)];
		const result = await dropbox.run(uploadMany(), { items: await files('/Lost', contents) });
		expect(result.error).toBeUndefined();
		expect(count('files/upload_session/finish_batch_v2')).toBe(1);
		expect(count('files/get_metadata')).toBe(2);
		expect(result.items.map((item) => [item.json.status, item.json.reconciled, item.json.content_hash])).toEqual(
			contents.map((c) => ['success', true, contentHash(c)]),
		);
	});

	it('after a 500 that committed nothing, finds nothing at the paths and commits once more', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/finish_batch_v2', kind: 'server_error', status: 500 });
		const contents = [pattern(100, 3), pattern(200, 4)];
		const result = await dropbox.run(uploadMany(), { items: await files('/Again', contents) });
		expect(result.error).toBeUndefined();
		expect(count('files/upload_session/finish_batch_v2')).toBe(2);
		expect(result.items.map((item) => item.json.status)).toEqual(['success', 'success']);
		expect(await dropbox.read('/Again/f01.bin')).toEqual(contents[1]);
	});

	it('after a lost commit answer where a different file sits at a path, says the outcome is unknown for that one only', async () => {
		dropbox.put('/Unknown/f01.bin', 'someone else');
		dropbox.standIn.injectFault({ route: 'files/upload_session/finish_batch_v2', kind: 'lose_response' });
		const result = await dropbox.run(uploadMany(), { items: await files('/Unknown', [pattern(10, 1), pattern(10, 2)]) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['success', 'unknown']);
		expect(String(result.items[1].json.description)).toContain('Check whether "/Unknown/f01.bin" holds the file before running this item again');
		// Not committed a second time.
		expect(count('files/upload_session/finish_batch_v2')).toBe(1);
	});

	it('an append request whose answer was lost is sent again and its entries count as taken', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/append_batch', kind: 'lose_response' });
		const contents = [pattern(100, 5), pattern(200, 6)];
		const result = await dropbox.run(uploadMany(), { items: await files('/AppendLost', contents) });
		expect(result.error).toBeUndefined();
		expect(count('files/upload_session/append_batch')).toBe(2);
		expect(result.items.map((item) => item.json.content_hash)).toEqual(contents.map((c) => contentHash(c)));
	});
});

describe('Upload Many: bad input before any call', () => {
	const refuses = async (items: INodeExecutionData[], message: string, parameters: INodeParameters = uploadMany()) => {
		const result = await dropbox.run(parameters, { items });
		expect(result.error?.message).toBe(message);
		expect(anyRequest()).toHaveLength(0);
		return result;
	};

	it('an item without the named binary field', async () => {
		const items = await files('/Bad', [pattern(10, 1)]);
		items.push({ json: { path: '/Bad/two.bin' } });
		const result = await refuses(items, 'Input Binary Field: the item has no binary field "data"');
		expect((result.error as unknown as { context: { itemIndex?: number } }).context.itemIndex).toBe(1);
	});

	it('a binary field under another name, listing the fields there are', async () => {
		const result = await refuses(await files('/Bad', [pattern(10, 1)]), 'Input Binary Field: the item has no binary field "file"', uploadMany({ binaryPropertyName: 'file' }));
		expect((result.error as unknown as { description: string }).description).toContain('one of the item\'s binary fields: data');
	});

	it('an empty path', async () => {
		const items = await files('/Bad', [pattern(10, 1), pattern(10, 2)]);
		items[1].json.path = '';
		await refuses(items, 'File Path: is empty');
	});

	it('two items with the same path (letter case aside)', async () => {
		const items = await files('/Bad', [pattern(10, 1), pattern(10, 2)]);
		items[1].json.path = '/BAD/F00.bin';
		await refuses(items, 'File Path: "/BAD/F00.bin" is also the path of item 0');
	});

	it('a request size out of range', async () => {
		await refuses(await files('/Bad', [pattern(10, 1)]), 'Request Size (MiB): "200" is out of range', uploadMany({ options: { requestSizeMiB: 200 } }));
	});
});

describe('Namespace write contention (stand-in option)', () => {
	it('single uploads meet too_many_write_operations; Upload Many commits the same files in one write and meets none', async () => {
		// Counted per namespace for a minute: deterministic whatever the machine's speed (the client's waits are mocked).
		dropbox.standIn.filesOptions.writeContention = { limit: 1, windowMs: 60_000 };
		const many = await dropbox.run(uploadMany(), { items: await files('/Contention/many', Array.from({ length: 25 }, (_, i) => pattern(50, i))) });
		expect(many.error).toBeUndefined();
		expect(many.items.every((item) => item.json.status === 'success')).toBe(true);
		expect(dropbox.standIn.requests.filter((r) => r.status === 429)).toHaveLength(0);

		// Three commits a minute: the one above and two single uploads; the third single upload is refused every time.
		dropbox.standIn.filesOptions.writeContention = { limit: 3, windowMs: 60_000 };
		const single = await dropbox.run({ resource: 'file', operation: 'upload', path: '={{ $json.path }}' }, { items: await files('/Contention/single', Array.from({ length: 5 }, (_, i) => pattern(50, i))) });
		expect(single.error?.message).toContain('too_many_write_operations');
		expect(dropbox.requestsTo('files/upload').map((r) => r.status)).toEqual([200, 200, 429, 429, 429, 429, 429]);
	});
});
