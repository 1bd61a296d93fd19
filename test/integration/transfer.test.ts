// Upload and Download through n8n's real engine and binary store, against the stand-in: content, hashes,
// sessions, write modes, non-ASCII names, and the faults that must never leave a truncated file behind.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { contentHash } from '../../nodes/shared/contentHash';
import { binaryItem, mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();
const MiB = 1024 * 1024;

const upload = (path: string, extra: Record<string, unknown> = {}) => ({ resource: 'file', operation: 'upload', path, ...extra });
const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const pattern = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + (i >> 12)) % 256));

describe('Upload', () => {
	it('uploads text, with a non-ASCII and emoji name escaped in Dropbox-API-Arg', async () => {
		const result = await dropbox.run(upload('/Notes/Zoë 📁 Ångström.txt', { source: 'text', text: 'Grüße 👋' }));
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({ name: 'Zoë 📁 Ångström.txt', path_display: '/Notes/Zoë 📁 Ångström.txt', size: Buffer.byteLength('Grüße 👋') });
		expect(json.content_hash).toBe(contentHash(Buffer.from('Grüße 👋')));
		expect((await dropbox.read('/Notes/Zoë 📁 Ångström.txt')).toString()).toBe('Grüße 👋');
		const [request] = dropbox.requestsTo('files/upload');
		expect(request.host).toBe('content.dropboxapi.com');
		expect(/^[\x20-\x7e]*$/.test(String(request.headers['dropbox-api-arg']))).toBe(true);
	});

	it('uploads a binary field in one call when it fits in a chunk', async () => {
		const data = pattern(300_000);
		const result = await dropbox.run(upload('/Data/small.bin'), { items: [await binaryItem(data, 'small.bin')] });
		expect(result.items[0].json.size).toBe(data.length);
		expect((await dropbox.read('/Data/small.bin')).equals(data)).toBe(true);
		expect(dropbox.standIn.requests.map((r) => r.route)).toEqual(['files/upload']);
	});

	it('uploads above the chunk size through an upload session, each chunk with its content hash', async () => {
		const data = pattern(9 * MiB + 123);
		const result = await dropbox.run(upload('/Data/large.bin', { options: { chunkSizeMiB: 4 } }), { items: [await binaryItem(data, 'large.bin')] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.content_hash).toBe(contentHash(data));
		expect(dropbox.standIn.requests.map((r) => r.route)).toEqual(['files/upload_session/start', 'files/upload_session/append_v2', 'files/upload_session/finish']);
		expect(dropbox.standIn.requests.every((r) => typeof (r.arg as { content_hash?: string }).content_hash === 'string')).toBe(true);
		expect((await dropbox.read('/Data/large.bin')).equals(data)).toBe(true);
	});

	it('uploads an empty file', async () => {
		const result = await dropbox.run(upload('/Data/empty.txt'), { items: [await binaryItem(Buffer.alloc(0), 'empty.txt')] });
		expect(result.items[0].json.size).toBe(0);
		expect(dropbox.lookup('/Data/empty.txt')).toBeDefined();
	});

	it('names the missing binary field and the fix, before any request', async () => {
		const result = await dropbox.run(upload('/Data/x.bin', { binaryPropertyName: 'file' }), { items: [await binaryItem('x', 'x.bin')] });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Input Binary Field: the item has no binary field "file"');
		expect(result.error?.description).toContain('data');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('refuses a relative path or a trailing slash before any request', async () => {
		const relative = await dropbox.run(upload('Data/x.txt', { source: 'text', text: 'x' }));
		expect(relative.error?.message).toBe('File Path: "Data/x.txt" is a relative path');
		const slash = await dropbox.run(upload('/Data/x/', { source: 'text', text: 'x' }));
		expect(slash.error?.message).toBe('File Path: "/Data/x/" ends with a slash, so it names a folder');
		// Taking the slash off would upload a file named "x": the fix is the file's name.
		expect(slash.error?.description).toContain('add the file\'s name after the last slash, such as "/Data/x/report.pdf"');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('follows the write mode: add conflicts, autorename, overwrite, update to a revision', async () => {
		const first = await dropbox.run(upload('/Modes/a.txt', { source: 'text', text: 'one' }));
		const conflict = await dropbox.run(upload('/Modes/A.TXT', { source: 'text', text: 'two' }));
		expect(conflict.error).toBeInstanceOf(NodeApiError);
		expect(conflict.error?.message).toMatch(/^Dropbox: path\/conflict/);
		expect(conflict.error?.description).toContain('Overwrite');
		const renamed = await dropbox.run(upload('/Modes/a.txt', { source: 'text', text: 'two', options: { autorename: true } }));
		expect(renamed.items[0].json.name).toBe('a (1).txt');
		const badRev = await dropbox.run(upload('/Modes/a.txt', { source: 'text', text: 'three', options: { mode: 'update', updateRev: '0123456789abc' } }));
		expect(badRev.error?.message).toMatch(/^Dropbox: path\/conflict/);
		const updated = await dropbox.run(upload('/Modes/a.txt', { source: 'text', text: 'three', options: { mode: 'update', updateRev: first.items[0].json.rev } }));
		expect(updated.items[0].json.id).toBe(first.items[0].json.id);
		const overwritten = await dropbox.run(upload('/Modes/a.txt', { source: 'text', text: 'four', options: { mode: 'overwrite', mute: true, clientModified: '2026-01-02T03:04:05.678Z' } }));
		expect(overwritten.items[0].json.client_modified).toBe('2026-01-02T03:04:05Z');
		expect((await dropbox.read('/modes/A.txt')).toString()).toBe('four');
	});

	it('refuses a malformed expected revision before any request', async () => {
		const result = await dropbox.run(upload('/Modes/b.txt', { source: 'text', text: 'x', options: { mode: 'update', updateRev: 'xyz' } }));
		expect(result.error?.message).toBe('Expected Revision: "xyz" is not a revision');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});

describe('Upload faults never commit a truncated file', () => {
	const data = pattern(9 * MiB);
	const session = (path: string) => upload(path, { options: { chunkSizeMiB: 4 } });

	it.each([
		['a dropped connection', { kind: 'drop' }],
		['a 503', { kind: 'server_error', status: 503 }],
		['a 429', { kind: 'rate_limit', retryAfter: 2, body: 'json' }],
	])('recovers from %s mid-session', async (_name, fault) => {
		const path = `/Faults/${String(fault.kind)}.bin`;
		dropbox.standIn.injectFault({ route: 'files/upload_session/append_v2', times: 1, ...fault });
		const result = await dropbox.run(session(path), { items: [await binaryItem(data, 'f.bin')] });
		expect(result.error).toBeUndefined();
		expect((await dropbox.read(path)).equals(data)).toBe(true);
		expect(result.sleeps).toHaveLength(1);
	});

	it('recovers from a lost append response through incorrect_offset', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/append_v2', times: 1, kind: 'lose_response' });
		const result = await dropbox.run(session('/Faults/lost.bin'), { items: [await binaryItem(data, 'f.bin')] });
		expect(result.error).toBeUndefined();
		expect((await dropbox.read('/Faults/lost.bin')).equals(data)).toBe(true);
		expect(dropbox.requestsTo('files/upload_session/append_v2').map((r) => r.status)).toEqual([null, 409]);
	});

	it('recovers from an injected incorrect_offset', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/append_v2', times: 1, kind: 'incorrect_offset' });
		const result = await dropbox.run(session('/Faults/offset.bin'), { items: [await binaryItem(data, 'f.bin')] });
		expect(result.error).toBeUndefined();
		expect((await dropbox.read('/Faults/offset.bin')).equals(data)).toBe(true);
		expect(dropbox.requestsTo('files/upload_session/append_v2').map((r) => r.status)).toEqual([409, 200]);
	});

	it('fails clearly and commits nothing when the faults outlast the retries', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/append_v2', times: 10, kind: 'server_error', status: 503 });
		const result = await dropbox.run(upload('/Faults/never.bin', { options: { chunkSizeMiB: 4 }, requestOptions: { maxAttempts: 2 } }), { items: [await binaryItem(data, 'f.bin')] });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.description).toContain('Gave up after 2 attempts');
		expect(dropbox.lookup('/Faults/never.bin')).toBeUndefined();
		expect(dropbox.requestsTo('files/upload_session/finish')).toHaveLength(0);
	});
});

describe('Download', () => {
	it('streams the file into the binary field with its name and type, hash checked', async () => {
		const data = pattern(2 * MiB + 5);
		dropbox.put('/Reports/Q3 Übersicht.pdf', data);
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: byPath('/reports/q3 übersicht.PDF') });
		expect(result.error).toBeUndefined();
		const item = result.items[0];
		expect(item.json).toMatchObject({ name: 'Q3 Übersicht.pdf', path_display: '/Reports/Q3 Übersicht.pdf', size: data.length, content_hash: contentHash(data) });
		expect(item.binary?.data).toMatchObject({ fileName: 'Q3 Übersicht.pdf', mimeType: 'application/pdf' });
		expect((await result.binary(item)).equals(data)).toBe(true);
		expect(dropbox.requestsTo('files/download')[0].host).toBe('content.dropboxapi.com');
	});

	it('downloads an earlier revision', async () => {
		const v1 = dropbox.put('/Reports/rev.txt', 'first');
		dropbox.put('/Reports/rev.txt', 'second');
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: byPath('/Reports/rev.txt'), rev: v1.rev });
		expect((await result.binary(result.items[0])).toString()).toBe('first');
	});

	it('says a folder is not a file', async () => {
		dropbox.put('/Reports/inside.txt', 'x');
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: byPath('/Reports') });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Dropbox: path/not_file');
		expect(result.error?.description).toContain('is a folder');
	});

	it('names the path that does not exist', async () => {
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: byPath('/Nope/missing.txt') });
		expect(result.error?.message).toBe('Dropbox: path/not_found');
		expect(result.error?.description).toContain('"/Nope/missing.txt"');
	});

	it('takes a Dropbox web address', async () => {
		dropbox.put('/Reports/web.txt', 'from the web');
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: { __rl: true, mode: 'url', value: 'https://www.dropbox.com/home/Reports?preview=web.txt' } });
		expect((await result.binary(result.items[0])).toString()).toBe('from the web');
	});
});
