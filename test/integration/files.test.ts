// Every File operation but upload and download (see transfer.test.ts), through n8n's engine against the stand-in.
import { NodeApiError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const file = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'file', operation, ...extra });
/** The operations that were File's until they were grouped into resources of their own (File Lock, Tag, ...). */
const on = (resource: string, operation: string, extra: Record<string, unknown> = {}) => ({ resource, operation, ...extra });
const ok = async (parameters: Record<string, unknown>) => {
	const result = await dropbox.run(parameters);
	if (result.error) throw result.error;
	return result;
};

describe('File', () => {
	it('Get Metadata returns the file, and refuses a folder', async () => {
		const entry = dropbox.put('/Meta/Résumé.docx', 'cv');
		const { items } = await ok(file('getMetadata', { file: byPath('/meta/RÉSUMÉ.docx') }));
		expect(items[0].json).toMatchObject({ '.tag': 'file', id: entry.id, name: 'Résumé.docx', path_display: '/Meta/Résumé.docx', rev: entry.rev, size: 2 });
		const folder = await dropbox.run(file('getMetadata', { file: byPath('/Meta') }));
		expect(folder.error?.message).toBe('File: "/Meta" is a folder, not a file');
	});

	it('Copy and Move, with the destination checked before any request', async () => {
		dropbox.put('/Ops/a.txt', 'a');
		const copied = await ok(file('copy', { from: byPath('/Ops/a.txt'), toPath: '/Ops/Copies/a.txt' }));
		expect(copied.items[0].json.path_display).toBe('/Ops/Copies/a.txt');
		const moved = await ok(file('move', { from: byPath('/Ops/Copies/a.txt'), toPath: '/Ops/Moved/a.txt' }));
		expect(moved.items[0].json.path_display).toBe('/Ops/Moved/a.txt');
		expect(dropbox.lookup('/Ops/Copies/a.txt')).toBeUndefined();
		expect((await dropbox.read('/Ops/Moved/a.txt')).toString()).toBe('a');
		dropbox.standIn.clearRequests();
		const inside = await dropbox.run({ resource: 'folder', operation: 'move', from: byPath('/Ops'), toPath: '/Ops/Sub/Ops' });
		expect(inside.error?.message).toBe('Destination Path: "/Ops/Sub/Ops" is inside the source');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('Rename keeps the folder, also when given an ID', async () => {
		const entry = dropbox.put('/Ops/old name.txt', 'x');
		const renamed = await ok(file('rename', { file: byId(entry.id), newName: 'new name.txt' }));
		expect(renamed.items[0].json).toMatchObject({ id: entry.id, path_display: '/Ops/new name.txt' });
		const bad = await dropbox.run(file('rename', { file: byPath('/Ops/new name.txt'), newName: 'a/b.txt' }));
		expect(bad.error?.message).toBe('New Name: "a/b.txt" is not a plain name');
	});

	it('Delete, List Revisions and Restore Revision bring a deleted file back', async () => {
		const v1 = dropbox.put('/Rev/doc.txt', 'one');
		dropbox.put('/Rev/doc.txt', 'two');
		const revisions = await ok(on('fileRevision', 'listRevisions', { file: byPath('/Rev/doc.txt') }));
		expect(revisions.items.map((item) => item.json.rev)).toHaveLength(2);
		expect(revisions.items[1].json.rev).toBe(v1.rev);
		const deleted = await ok(file('delete', { file: byPath('/Rev/doc.txt') }));
		expect(deleted.items[0].json).toMatchObject({ '.tag': 'file', path_display: '/Rev/doc.txt' });
		expect(dropbox.lookup('/Rev/doc.txt')).toBeUndefined();
		const restored = await ok(on('fileRevision', 'restore', { path: '/Rev/doc.txt', rev: v1.rev }));
		expect(restored.items[0].json.path_display).toBe('/Rev/doc.txt');
		expect((await dropbox.read('/Rev/doc.txt')).toString()).toBe('one');
	});

	it('Permanently Delete', async () => {
		dropbox.put('/Gone/x.txt', 'x');
		const result = await dropbox.run(file('permanentlyDelete', { file: byPath('/Gone/x.txt') }));
		if (result.error) {
			// Dropbox allows permanent deletion to business accounts only; the error must say so clearly.
			expect(result.error).toBeInstanceOf(NodeApiError);
		} else {
			expect(result.items[0].json).toEqual({ path: '/Gone/x.txt', permanentlyDeleted: true });
			expect(dropbox.lookup('/Gone/x.txt')).toBeUndefined();
		}
		expect(dropbox.requestsTo('files/permanently_delete')).toHaveLength(1);
	});

	it('Get Temporary Link and Get Temporary Upload Link', async () => {
		dropbox.put('/Links/a.txt', 'linked');
		const link = await ok(on('temporaryLink', 'getTemporaryLink', { file: byPath('/Links/a.txt') }));
		expect(String(link.items[0].json.link)).toMatch(/^https:\/\//);
		expect((link.items[0].json.metadata as { name: string }).name).toBe('a.txt');
		const up = await ok(on('temporaryLink', 'getTemporaryUploadLink', { path: '/Links/incoming.pdf', durationMinutes: 30 }));
		expect(String(up.items[0].json.link)).toMatch(/^https:\/\//);
		expect(dropbox.requestsTo('files/get_temporary_upload_link')[0].arg).toMatchObject({ duration: 1800, commit_info: { path: '/Links/incoming.pdf', mode: 'add' } });
	});

	it('Get Thumbnail and Get Many Thumbnails return images', async () => {
		dropbox.put('/Pics/a.jpg', Buffer.from('jpeg-bytes'));
		dropbox.put('/Pics/b.png', Buffer.from('png-bytes'));
		const one = await ok(on('preview', 'getThumbnail', { file: byPath('/Pics/a.jpg'), format: 'png', size: 'w64h64', mode: 'strict' }));
		expect(one.items[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'a.jpg.png' });
		expect((await one.binary(one.items[0])).subarray(1, 4).toString()).toBe('PNG');
		const many = await ok(on('preview', 'getThumbnails', { paths: '/Pics/a.jpg, /Pics/b.png, /Pics/missing.jpg' }));
		expect(many.items.map((item) => item.json.success)).toEqual([true, true, false]);
		expect(many.items[0].binary?.data.mimeType).toBe('image/jpeg');
		expect(dropbox.requestsTo('files/get_thumbnail_batch')[0].host).toBe('content.dropboxapi.com');
		const tooMany = await dropbox.run(on('preview', 'getThumbnails', { paths: Array.from({ length: 26 }, (_, i) => `/p${i}.jpg`).join(',') }));
		expect(tooMany.error?.message).toBe('File Paths: has 26 paths');
	});

	it('Get Preview returns a PDF', async () => {
		dropbox.put('/Docs/letter.docx', 'doc');
		const result = await ok(on('preview', 'getPreview', { file: byPath('/Docs/letter.docx') }));
		expect(result.items[0].binary?.data.fileName).toBe('letter.docx.pdf');
		expect((await result.binary(result.items[0])).subarray(0, 5).toString()).toBe('%PDF-');
	});

	it('Export a Paper doc as markdown', async () => {
		dropbox.put('/Docs/Plan.paper', '# Plan\n\nShip it.');
		const result = await ok(on('preview', 'export', { file: byPath('/Docs/Plan.paper'), exportFormat: 'markdown' }));
		expect(result.items[0].binary?.data.fileName).toMatch(/\.md$/);
		expect((await result.binary(result.items[0])).toString()).toContain('Plan');
	});

	it('Lock, Get Lock State and Unlock', async () => {
		dropbox.put('/Locks/contract.docx', 'c');
		const locked = await ok(on('fileLock', 'lock', { paths: '/Locks/contract.docx' }));
		expect(locked.items[0].json).toMatchObject({ success: true, path: '/Locks/contract.docx' });
		const state = await ok(on('fileLock', 'getLockState', { paths: '/Locks/contract.docx' }));
		expect(state.items[0].json.lock).toBeTruthy();
		const unlocked = await ok(on('fileLock', 'unlock', { paths: '/Locks/contract.docx, /Locks/missing.docx' }));
		expect(unlocked.items.map((item) => item.json.success)).toEqual([true, false]);
	});

	it('Save From URL waits for the job, or returns its ID', async () => {
		const waited = await ok(file('saveFromUrl', { url: 'https://example.com/report.pdf', path: '/Saved/report.pdf' }));
		expect(waited.items[0].json).toMatchObject({ name: 'report.pdf', path_display: '/Saved/report.pdf' });
		expect(waited.items[0].json['.tag']).toBeUndefined();
		expect(dropbox.requestsTo('files/save_url/check_job_status').length).toBeGreaterThanOrEqual(1);
		const launched = await ok(file('saveFromUrl', { url: 'https://example.com/other.pdf', path: '/Saved/other.pdf', wait: false }));
		expect(launched.items[0].json).toMatchObject({ '.tag': 'async_job_id', path: '/Saved/other.pdf' });
		const bad = await dropbox.run(file('saveFromUrl', { url: 'ftp://x', path: '/Saved/x' }));
		expect(bad.error?.message).toBe('URL: "ftp://x" is not a web address');
	});

	it('Get Copy Reference and Save Copy Reference', async () => {
		dropbox.put('/Refs/shared.txt', 'ref');
		const reference = await ok(on('copyReference', 'getCopyReference', { file: byPath('/Refs/shared.txt') }));
		const copyReference = String(reference.items[0].json.copy_reference);
		expect(copyReference.length).toBeGreaterThan(5);
		const saved = await ok(on('copyReference', 'saveCopyReference', { copyReference, path: '/Refs/copy.txt' }));
		expect((saved.items[0].json.metadata as { path_display: string }).path_display).toBe('/Refs/copy.txt');
		expect((await dropbox.read('/Refs/copy.txt')).toString()).toBe('ref');
	});

	it('Add Tags, Get Tags and Remove Tags', async () => {
		dropbox.put('/Tags/invoice.pdf', 'i');
		await ok(on('tag', 'addTags', { file: byPath('/Tags/invoice.pdf'), tags: 'invoice, #2026' }));
		expect(dropbox.requestsTo('files/tags/add').map((r) => (r.arg as { tag_text: string }).tag_text)).toEqual(['invoice', '2026']);
		const tags = await ok(on('tag', 'getTags', { file: byPath('/Tags/invoice.pdf') }));
		expect(tags.items[0].json.tags).toEqual(expect.arrayContaining(['invoice', '2026']));
		await ok(on('tag', 'removeTags', { file: byPath('/Tags/invoice.pdf'), tags: 'invoice' }));
		const after = await ok(on('tag', 'getTags', { file: byPath('/Tags/invoice.pdf') }));
		expect(after.items[0].json.tags).toEqual(['2026']);
		const bad = await dropbox.run(on('tag', 'addTags', { file: byPath('/Tags/invoice.pdf'), tags: 'two words' }));
		expect(bad.error?.message).toBe('Tags: "two words" is not a valid tag');
	});

	it('Search with filters, Limit and Return All across pages', async () => {
		for (let i = 0; i < 30; i++) dropbox.put(`/Search/report ${i}.${i % 2 ? 'pdf' : 'txt'}`, `r${i}`);
		const limited = await ok(file('search', { query: 'report', limit: 5 }));
		expect(limited.items).toHaveLength(5);
		expect(limited.items[0].json.name).toMatch(/^report/);
		const pdfs = await ok(file('search', { query: 'report', returnAll: true, filters: { extensions: 'pdf', path: '/Search' } }));
		expect(pdfs.items).toHaveLength(15);
		expect(pdfs.items.every((item) => String(item.json.name).endsWith('.pdf'))).toBe(true);
		expect(dropbox.requestsTo('files/search_v2')[1].arg).toMatchObject({ options: { path: '/Search', file_extensions: ['pdf'] } });
		const raw = await ok(file('search', { query: 'report 7', limit: 1, simplify: false }));
		expect(raw.items[0].json.metadata).toBeDefined();
	});
});
