// File → Upload with Parallel Chunks, through n8n's real engine against the stand-in: a concurrent upload session
// (start without data, appends at 4 MiB multiples in parallel, the last one closing it, a finish without data),
// each piece's content hash, the bound on pieces in flight, and the faults: a failed piece retried, a lost answer
// to a piece or to the closing piece, a lost finish, faults that outlast the retries.
import { NodeApiError } from 'n8n-workflow';

import { contentHash } from '../../nodes/shared/contentHash';
import { binaryItem, mockSleep } from '../harness';
import { useDropbox } from './dropbox';
import { slowRoute } from './slowRoute';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const handlers = require('../emulator/routes') as Record<string, (ctx: unknown) => Promise<unknown>>;

mockSleep();

const dropbox = useDropbox();
const MiB = 1024 * 1024;
const APPEND = 'files/upload_session/append_v2';

const pattern = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 13 + (i >> 14)) % 253));
const parallelUpload = (path: string, parallelChunks: number, extra: Record<string, unknown> = {}) => ({
	resource: 'file',
	operation: 'upload',
	path,
	options: { chunkSizeMiB: 4, parallelChunks },
	...extra,
});

interface AppendArg {
	cursor: { session_id: string; offset: number };
	close: boolean;
	content_hash?: string;
}
const appendArgs = () =>
	dropbox
		.requestsTo(APPEND)
		.filter((r) => r.status === 200)
		.map((r) => r.arg as AppendArg)
		.sort((a, b) => a.cursor.offset - b.cursor.offset);

/** Counts the appends the stand-in is handling at once. */
function countInFlight(): { max: () => number; restore: () => void } {
	const inner = handlers[APPEND];
	let now = 0;
	let max = 0;
	handlers[APPEND] = async (ctx) => {
		now++;
		max = Math.max(max, now);
		try {
			return await inner(ctx);
		} finally {
			now--;
		}
	};
	return { max: () => max, restore: () => (handlers[APPEND] = inner) };
}

describe('Upload with Parallel Chunks', () => {
	it('sends a concurrent session: start without data, pieces at 4 MiB multiples with their hashes, the last closing, a finish without data', async () => {
		const data = pattern(17 * MiB + 5);
		const result = await dropbox.run(parallelUpload('/Parallel/big.bin', 3), { items: [await binaryItem(data, 'big.bin')] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.content_hash).toBe(contentHash(data));
		expect((await dropbox.read('/Parallel/big.bin')).equals(data)).toBe(true);

		const [start] = dropbox.requestsTo('files/upload_session/start');
		expect(start.arg).toEqual({ close: false, session_type: 'concurrent' });
		const appends = appendArgs();
		expect(appends.map((a) => a.cursor.offset)).toEqual([0, 4, 8, 12, 16].map((m) => m * MiB));
		expect(appends.map((a) => a.close)).toEqual([false, false, false, false, true]);
		for (const a of appends) {
			const piece = data.subarray(a.cursor.offset, Math.min(a.cursor.offset + 4 * MiB, data.length));
			expect(a.content_hash).toBe(contentHash(piece));
		}
		const [finish] = dropbox.requestsTo('files/upload_session/finish');
		const finishArg = finish.arg as { cursor: { offset: number }; content_hash?: string };
		expect(finishArg.cursor.offset).toBe(data.length);
		expect(finishArg.content_hash).toBeUndefined();
		// The finish comes after every piece is in.
		const routes = dropbox.standIn.requests.map((r) => r.route);
		expect(routes.lastIndexOf(APPEND)).toBeLessThan(routes.indexOf('files/upload_session/finish'));
	});

	it('closes with the last full piece when the size is a whole number of pieces (no empty append)', async () => {
		const data = pattern(16 * MiB);
		const result = await dropbox.run(parallelUpload('/Parallel/whole.bin', 4), { items: [await binaryItem(data, 'whole.bin')] });
		expect(result.error).toBeUndefined();
		const appends = appendArgs();
		expect(appends.map((a) => [a.cursor.offset / MiB, a.close])).toEqual([
			[0, false],
			[4, false],
			[8, false],
			[12, true],
		]);
		expect((await dropbox.read('/Parallel/whole.bin')).equals(data)).toBe(true);
	});

	it('keeps at most Parallel Chunks pieces in flight, and does send them together', async () => {
		const slow = slowRoute(APPEND, 150);
		const counter = countInFlight();
		try {
			const data = pattern(24 * MiB + 1);
			const result = await dropbox.run(parallelUpload('/Parallel/bounded.bin', 3), { items: [await binaryItem(data, 'bounded.bin')] });
			expect(result.error).toBeUndefined();
			expect(dropbox.requestsTo(APPEND)).toHaveLength(7);
			expect(counter.max()).toBe(3);
			expect((await dropbox.read('/Parallel/bounded.bin')).equals(data)).toBe(true);
		} finally {
			counter.restore();
			slow();
		}
	});

	it('sends a file that fits in one piece in one files/upload call', async () => {
		const data = pattern(3 * MiB);
		const result = await dropbox.run(parallelUpload('/Parallel/small.bin', 4), { items: [await binaryItem(data, 'small.bin')] });
		expect(result.error).toBeUndefined();
		expect(dropbox.standIn.requests.map((r) => r.route)).toEqual(['files/upload']);
	});

	it('sends a failed piece again', async () => {
		dropbox.standIn.injectFault({ route: APPEND, kind: 'server_error', status: 503, times: 1 });
		const data = pattern(13 * MiB);
		const result = await dropbox.run(parallelUpload('/Parallel/retried.bin', 2), { items: [await binaryItem(data, 'r.bin')] });
		expect(result.error).toBeUndefined();
		expect(dropbox.requestsTo(APPEND).map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 503]);
		expect((await dropbox.read('/Parallel/retried.bin')).equals(data)).toBe(true);
	});

	it('sends a piece whose answer was lost again, onto the same bytes', async () => {
		dropbox.standIn.injectFault({ route: APPEND, kind: 'lose_response', match: { close: false }, times: 1 });
		const data = pattern(13 * MiB);
		const result = await dropbox.run(parallelUpload('/Parallel/lost.bin', 2), { items: [await binaryItem(data, 'l.bin')] });
		expect(result.error).toBeUndefined();
		const statuses = dropbox.requestsTo(APPEND).map((r) => r.status);
		expect(statuses.filter((s) => s === null)).toHaveLength(1);
		expect(statuses.filter((s) => s === 200)).toHaveLength(4);
		expect((await dropbox.read('/Parallel/lost.bin')).equals(data)).toBe(true);
	});

	// The stand-in takes a resent closing piece onto the same bytes (a concurrent session's pieces may arrive in any
	// order, so only bytes past the end are refused); should Dropbox answer "closed" instead, the upload takes that
	// as the piece having arrived (appendConcurrent).
	it('sends the closing piece again after its answer was lost, and finishes once', async () => {
		dropbox.standIn.injectFault({ route: APPEND, kind: 'lose_response', match: { close: true }, times: 1 });
		const data = pattern(9 * MiB + 7);
		const result = await dropbox.run(parallelUpload('/Parallel/lost-close.bin', 2), { items: [await binaryItem(data, 'c.bin')] });
		expect(result.error).toBeUndefined();
		const closing = dropbox.requestsTo(APPEND).filter((r) => (r.arg as AppendArg).close);
		expect(closing.map((r) => r.status)).toEqual([null, 200]);
		expect(dropbox.requestsTo('files/upload_session/finish')).toHaveLength(1);
		expect((await dropbox.read('/Parallel/lost-close.bin')).equals(data)).toBe(true);
	});

	it('accepts a finish whose answer was lost once the stored file matches', async () => {
		dropbox.standIn.injectFault({ route: 'files/upload_session/finish', kind: 'lose_response', times: 1 });
		const data = pattern(9 * MiB);
		const result = await dropbox.run(parallelUpload('/Parallel/lost-finish.bin', 2), { items: [await binaryItem(data, 'f.bin')] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.content_hash).toBe(contentHash(data));
		expect(dropbox.requestsTo('files/upload_session/finish')).toHaveLength(1);
		expect((await dropbox.read('/Parallel/lost-finish.bin')).equals(data)).toBe(true);
	});

	it('fails clearly and commits nothing when a piece keeps failing', async () => {
		dropbox.standIn.injectFault({ route: APPEND, kind: 'server_error', status: 503, times: 20 });
		const data = pattern(13 * MiB);
		const result = await dropbox.run(parallelUpload('/Parallel/never.bin', 3, { requestOptions: { maxAttempts: 2 } }), { items: [await binaryItem(data, 'n.bin')] });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.description).toContain('Gave up after 2 attempts');
		expect(dropbox.requestsTo('files/upload_session/finish')).toHaveLength(0);
		expect(dropbox.lookup('/Parallel/never.bin')).toBeUndefined();
	});
});
