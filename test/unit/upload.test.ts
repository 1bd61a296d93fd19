import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { contentHash } from '../../nodes/shared/contentHash';
import { dropboxApiError } from '../../nodes/shared/errors';
import type { ReleasableSource } from '../../nodes/shared/upload';
import { ChunkBuffers, fixedChunks, normalizeChunkBytes, releaseBuffer, uploadStream } from '../../nodes/shared/upload';

const MiB = 1024 * 1024;
const node = { id: '1', name: 'Dropbox Suite', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

async function* pieces(data: Buffer, size: number) {
	for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

function conflict(route: string, error: IDataObject): NodeApiError {
	return dropboxApiError(node, route, {}, { status: 409, headers: {}, body: { error_summary: String(error['.tag']), error } });
}

/** A small in-memory model of Dropbox's upload routes, with hooks to lose responses. */
function fakeDropbox() {
	const sessions = new Map<string, Buffer>();
	const files = new Map<string, Buffer>();
	const calls: Array<{ route: string; arg: IDataObject; bytes: number }> = [];
	const hooks = { loseResponseOf: new Set<string>(), corrupt: false };
	const meta = (path: string, data: Buffer) => ({ id: 'id:1', name: path.slice(1), path_display: path, size: data.length, rev: '0123456789', content_hash: hooks.corrupt ? contentHash(Buffer.from('x')) : contentHash(data) });
	const upload = async <T>(route: string, arg: IDataObject, data: Buffer): Promise<T> => {
		calls.push({ route, arg, bytes: data.length });
		expect(arg.content_hash).toBe(contentHash(data));
		let result: unknown;
		if (route === 'files/upload') {
			files.set(String(arg.path), data);
			result = meta(String(arg.path), data);
		} else if (route === 'files/upload_session/start') {
			const id = `s${sessions.size + 1}`;
			sessions.set(id, Buffer.from(data));
			result = { session_id: id };
		} else {
			const cursor = arg.cursor as { session_id: string; offset: number };
			const session = sessions.get(cursor.session_id);
			if (!session) throw conflict(route, { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_found' } });
			if (cursor.offset !== session.length) throw conflict(route, { '.tag': 'incorrect_offset', correct_offset: session.length });
			const all = Buffer.concat([session, data]);
			if (route === 'files/upload_session/append_v2') {
				sessions.set(cursor.session_id, all);
				result = {};
			} else {
				const path = String((arg.commit as IDataObject).path);
				sessions.delete(cursor.session_id);
				files.set(path, all);
				result = meta(path, all);
			}
		}
		if (hooks.loseResponseOf.delete(route)) throw new Error('lost');
		return result as T;
	};
	const rpc = async <T>(route: string, arg: IDataObject): Promise<T> => {
		calls.push({ route, arg, bytes: 0 });
		const data = files.get(String(arg.path));
		if (!data) throw conflict(route, { '.tag': 'path', path: { '.tag': 'not_found' } });
		return meta(String(arg.path), data) as T;
	};
	return { upload, rpc, calls, files, hooks };
}

/** Like the client: a lost response is retried once with the same Buffer. */
function retrying(dropbox: ReturnType<typeof fakeDropbox>) {
	return {
		...dropbox,
		upload: async <T>(route: string, arg: IDataObject, data: Buffer): Promise<T> =>
			await dropbox.upload<T>(route, arg, data).catch(async (error: Error) =>
				error.message === 'lost' ? await dropbox.upload<T>(route, arg, data) : await Promise.reject(error),
			),
	};
}

const data = Buffer.from(Array.from({ length: 9 * MiB + 17 }, (_, i) => (i * 13) % 256));

describe('fixedChunks', () => {
	it('regroups pieces into exact chunks and a last remainder', async () => {
		const chunks = [];
		for await (const chunk of fixedChunks(pieces(Buffer.from('abcdefghij'), 3), 4)) chunks.push([chunk.data.toString(), chunk.last]);
		expect(chunks).toEqual([['abcd', false], ['efgh', false], ['ij', true]]);
	});

	it('marks the last full chunk as last when the size divides the data (no empty closing chunk)', async () => {
		const chunks = [];
		for await (const chunk of fixedChunks(pieces(Buffer.from('abcdefgh'), 5), 4)) chunks.push([chunk.data.toString(), chunk.last]);
		expect(chunks).toEqual([['abcd', false], ['efgh', true]]);
	});

	it('gives an empty stream one empty last chunk', async () => {
		const chunks = [];
		for await (const chunk of fixedChunks(pieces(Buffer.alloc(0), 1), 4)) chunks.push([chunk.data.toString(), chunk.last]);
		expect(chunks).toEqual([['', true]]);
	});

	it('hands out one reused Buffer rather than a new one per chunk when each is given back', async () => {
		const pool = new ChunkBuffers(4);
		const buffers = new Set<Buffer>();
		const seen: string[] = [];
		for await (const chunk of fixedChunks(pieces(Buffer.from('abcdefghijklmnopq'), 3), 4, pool)) {
			if (chunk.buffer) buffers.add(chunk.buffer);
			seen.push(chunk.data.toString());
			pool.give(chunk.buffer);
		}
		expect(seen).toEqual(['abcd', 'efgh', 'ijkl', 'mnop', 'q']);
		expect(buffers.size).toBe(1);
	});

	it('never hands out a Buffer that was not given back', async () => {
		const buffers = new Set<Buffer>();
		for await (const chunk of fixedChunks(pieces(Buffer.from('abcdefghijklmnopq'), 3), 4)) if (chunk.buffer) buffers.add(chunk.buffer);
		expect(buffers.size).toBe(5);
		// (four full chunks and the remainder, each in a Buffer of its own)
	});

	it('passes a piece that covers a whole chunk on without copying', async () => {
		const data = Buffer.from('abcdefgh');
		const chunks = [];
		for await (const chunk of fixedChunks(pieces(data, 8), 4)) chunks.push(chunk.data);
		expect(chunks[0].buffer).toBe(data.buffer);
		expect(chunks.map((c) => c.toString())).toEqual(['abcd', 'efgh']);
	});

	it('releases each piece of a releasable source once copied, never one passed on as a chunk', async () => {
		const released: string[] = [];
		const source = (data: Buffer, size: number): ReleasableSource => ({
			[Symbol.asyncIterator]: () => pieces(data, size),
			release: (piece) => released.push(piece.toString()),
		});
		const copied = [];
		for await (const chunk of fixedChunks(source(Buffer.from('abcdefghij'), 3), 4)) copied.push(chunk.data.toString());
		expect(copied).toEqual(['abcd', 'efgh', 'ij']);
		expect(released).toEqual(['abc', 'def', 'ghi', 'j']);
		released.length = 0;
		const passed = [];
		for await (const chunk of fixedChunks(source(Buffer.from('abcdefgh'), 8), 4)) passed.push(chunk.data.toString());
		expect(passed).toEqual(['abcd', 'efgh']);
		expect(released).toEqual([]);
	});

	it('keeps chunk sizes to whole 4 MiB blocks within one request', () => {
		expect(normalizeChunkBytes(1)).toBe(4 * MiB);
		expect(normalizeChunkBytes(10 * MiB)).toBe(8 * MiB);
		expect(normalizeChunkBytes(1024 * MiB)).toBe(148 * MiB);
	});
});

describe('releaseBuffer', () => {
	const canDetach = typeof (new ArrayBuffer(1) as ArrayBuffer & { transfer?: unknown }).transfer === 'function';

	it('leaves a Buffer that shares its memory (a view into a larger one) untouched', () => {
		const whole = Buffer.from('abcdefgh');
		const view = whole.subarray(2, 4);
		releaseBuffer(view);
		expect(view.toString()).toBe('cd');
		expect(whole.toString()).toBe('abcdefgh');
	});

	(canDetach ? it : it.skip)('frees a Buffer that is the only view of its memory (Node 21 and later)', () => {
		const own = Buffer.from(new ArrayBuffer(1024));
		releaseBuffer(own);
		expect(own.buffer.byteLength).toBe(0);
		expect(() => releaseBuffer(own)).not.toThrow();
	});
});

describe('uploadStream', () => {
	const commit = { path: '/big.bin', mode: 'add' as const };

	it('uploads intact from a source whose pieces are freed once copied (as n8n\'s binary store is read)', async () => {
		const dropbox = fakeDropbox();
		const source: ReleasableSource = {
			async *[Symbol.asyncIterator]() {
				// Fresh Buffers of their own, as n8n's store reads them.
				for (let offset = 0; offset < data.length; offset += MiB) yield Buffer.from(data.subarray(offset, offset + MiB));
			},
			release: releaseBuffer,
		};
		const stored = await uploadStream(dropbox, node, commit, source, { chunkBytes: 4 * MiB });
		expect(dropbox.files.get('/big.bin')?.equals(data)).toBe(true);
		expect(stored.content_hash).toBe(contentHash(data));
	});

	it('uses one files/upload call when the data fits in a chunk', async () => {
		const dropbox = fakeDropbox();
		const stored = await uploadStream(dropbox, node, commit, pieces(Buffer.from('hello'), 2), { chunkBytes: 4 * MiB });
		expect(dropbox.calls.map((c) => c.route)).toEqual(['files/upload']);
		expect(stored.content_hash).toBe(contentHash(Buffer.from('hello')));
	});

	it('uses a session above the chunk size: start, append, finish with the rest', async () => {
		const dropbox = fakeDropbox();
		const stored = await uploadStream(dropbox, node, commit, pieces(data, 64 * 1024), { chunkBytes: 4 * MiB });
		expect(dropbox.calls.map((c) => [c.route, c.bytes])).toEqual([
			['files/upload_session/start', 4 * MiB],
			['files/upload_session/append_v2', 4 * MiB],
			['files/upload_session/finish', MiB + 17],
		]);
		expect(dropbox.files.get('/big.bin')?.equals(data)).toBe(true);
		expect(stored.size).toBe(data.length);
	});

	it('continues after a lost append response, recognising incorrect_offset', async () => {
		const dropbox = fakeDropbox();
		dropbox.hooks.loseResponseOf.add('files/upload_session/append_v2');
		await uploadStream(retrying(dropbox), node, commit, pieces(data, MiB), { chunkBytes: 4 * MiB });
		expect(dropbox.files.get('/big.bin')?.equals(data)).toBe(true);
	});

	it('accepts a finish whose response was lost once the stored file matches', async () => {
		const dropbox = fakeDropbox();
		dropbox.hooks.loseResponseOf.add('files/upload_session/finish');
		const stored = await uploadStream(retrying(dropbox), node, commit, pieces(data, MiB), { chunkBytes: 4 * MiB });
		expect(stored.content_hash).toBe(contentHash(data));
		expect(dropbox.calls.map((c) => c.route).slice(-2)).toEqual(['files/upload_session/finish', 'files/get_metadata']);
	});

	it('fails when what Dropbox stored hashes differently', async () => {
		const dropbox = fakeDropbox();
		dropbox.hooks.corrupt = true;
		await expect(uploadStream(dropbox, node, commit, pieces(Buffer.from('hello'), 5))).rejects.toThrow(NodeOperationError);
		await expect(uploadStream(dropbox, node, commit, pieces(Buffer.from('hello'), 5))).rejects.toThrow('differs from the data sent');
	});

	it('uploads an empty file in one call', async () => {
		const dropbox = fakeDropbox();
		const stored = await uploadStream(dropbox, node, { path: '/empty.txt', mode: 'overwrite' }, pieces(Buffer.alloc(0), 1));
		expect(stored.size).toBe(0);
		expect(dropbox.calls).toHaveLength(1);
	});

	it('takes "closed" for the closing piece of a concurrent session as that piece having arrived', async () => {
		const data = Buffer.from(Array.from({ length: 9 * MiB + 3 }, (_, i) => i % 249));
		const received = new Map<number, Buffer>();
		const routes: string[] = [];
		const dropbox = {
			upload: async <T>(route: string, arg: IDataObject, body: Buffer): Promise<T> => {
				routes.push(route);
				if (route === 'files/upload_session/start') return { session_id: 'c1' } as T;
				if (route === 'files/upload_session/append_v2') {
					const { cursor, close } = arg as { cursor: { offset: number }; close: boolean };
					received.set(cursor.offset, Buffer.from(body));
					// As Dropbox may answer the resend of a closing piece whose first answer was lost.
					if (close) throw conflict(route, { '.tag': 'closed' });
					return null as T;
				}
				const all = Buffer.concat([...received.entries()].sort((a, b) => a[0] - b[0]).map(([, piece]) => piece));
				return { id: 'id:c', name: 'c.bin', path_display: '/c.bin', size: all.length, rev: '0123456789', content_hash: contentHash(all) } as T;
			},
			rpc: async <T>(): Promise<T> => {
				throw new Error('not called');
			},
		};
		const stored = await uploadStream(dropbox, node, { path: '/c.bin', mode: 'overwrite' }, pieces(data, MiB), { chunkBytes: 4 * MiB, parallelChunks: 2 });
		expect(stored.content_hash).toBe(contentHash(data));
		expect(routes.filter((r) => r === 'files/upload_session/finish')).toHaveLength(1);
	});
});
