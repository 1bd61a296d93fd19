import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from './client';
import { applied, notApplied, unknownOutcome } from './client';
import { BLOCK_SIZE, ContentHasher } from './contentHash';
import { isWriteContention, rethrow } from './errors';
import type { EntryOutcome } from './jobs';
import { JOB_KINDS, awaitJob, finishBatchEntries, isJobFailed } from './jobs';
import type { PropertyGroup } from './origin';
import { withContentHash } from './origin';
import { dropboxErrorOf, lookup } from './reconcile';

const MiB = 1024 * 1024;
/** Dropbox takes at most 150 MiB in one request. */
export const MAX_REQUEST_BYTES = 150 * MiB;
export const DEFAULT_CHUNK_BYTES = 16 * MiB;

export type WriteMode = 'add' | 'overwrite' | { '.tag': 'update'; update: string };

/** Dropbox's CommitInfo: where the file goes and what happens on a conflict. */
export interface CommitInfo {
	path: string;
	mode: WriteMode;
	autorename?: boolean;
	mute?: boolean;
	strict_conflict?: boolean;
	client_modified?: string;
	/** The mark of "Mark as Written by Dropbox Suite" (origin.ts); its content hash is filled in at the commit. */
	property_groups?: PropertyGroup[];
}

export interface FileMetadata extends IDataObject {
	id: string;
	name: string;
	path_display: string;
	size: number;
	rev: string;
	content_hash: string;
}

export interface UploadOptions {
	/** Files up to this size go in one call; larger ones in an upload session of chunks this size. */
	chunkBytes?: number;
	/**
	 * Chunks sent at once. Above 1, a large file goes up in a concurrent upload session (appends in parallel,
	 * then a finish without data); memory is this many chunk buffers.
	 */
	parallelChunks?: number;
	itemIndex?: number;
}

/** At most this many chunks in flight (Dropbox advises a few parallel requests per session, not dozens). */
export const MAX_PARALLEL_CHUNKS = 8;

/** Piece sizes must be whole 4 MiB blocks (hash blocks) and fit in one request. */
export function normalizeChunkBytes(bytes: number): number {
	const blocks = Math.max(1, Math.floor(bytes / BLOCK_SIZE));
	return Math.min(blocks * BLOCK_SIZE, Math.floor(MAX_REQUEST_BYTES / BLOCK_SIZE) * BLOCK_SIZE);
}

/**
 * The chunk Buffers of one upload, handed out again once given back. Every new Buffer brings V8's next full
 * garbage collection closer, and a 16 MiB one per chunk made them the main cost of an upload; so an upload
 * allocates as many as it has chunks in flight and no more.
 */
export class ChunkBuffers {
	private readonly free: Buffer[] = [];

	constructor(readonly size: number) {}

	take(): Buffer {
		return this.free.pop() ?? Buffer.allocUnsafe(this.size);
	}

	give(buffer: Buffer | undefined): void {
		if (buffer) this.free.push(buffer);
	}
}

/**
 * A byte stream whose pieces were read for this upload alone (n8n's binary store read them into fresh Buffers):
 * `release` may free a piece's memory once its bytes were copied and nothing else refers to it.
 */
export interface ReleasableSource extends AsyncIterable<Buffer> {
	release(piece: Buffer): void;
}

/**
 * Frees a Buffer's memory now, when it is the only view of its memory (detaches it: it reads as empty afterwards);
 * only for a Buffer nothing reads again. Reading a 1 GiB file from n8n's store allocates 1 GiB of 1 MiB Buffers
 * (a download, 1 GiB of Buffers of up to 16 KiB); V8 frees such memory only at a full garbage collection, which
 * it starts every few dozen MiB of it when little else is allocated, and each one walks the whole heap of the n8n
 * process (hundreds of MiB): measured, a fifth of an upload's time inside n8n. A Buffer that shares its memory
 * with others (a view into a pool) is left alone.
 */
export function releaseBuffer(piece: Buffer): void {
	const memory = piece.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
	if (piece.byteOffset !== 0 || memory.byteLength !== piece.byteLength || typeof memory.transfer !== 'function' || memory.detached) return;
	memory.transfer(0);
}

/** One chunk of fixedChunks: its bytes, whether it ends the stream, and the pool Buffer to give back when done. */
export interface Chunk {
	data: Buffer;
	last: boolean;
	/** The pool's Buffer behind `data`; undefined when `data` is a view of the source's own piece. */
	buffer?: Buffer;
}

/**
 * Regroups a byte stream into chunks of exactly `size` bytes; the last one holds what is left (empty only for an
 * empty stream). A full chunk is held back until more bytes come or the stream ends, so the last chunk is marked
 * as such and a stream of whole chunks needs no empty closing request. Chunks are filled in Buffers taken from
 * `buffers`; the consumer gives each back once its request is done (without giving back, a pool hands out a new
 * Buffer per chunk). A piece that starts a chunk and covers it whole is passed on without a copy.
 */
export async function* fixedChunks(source: AsyncIterable<Buffer>, size: number, buffers = new ChunkBuffers(size)): AsyncGenerator<Chunk> {
	const release = (source as Partial<ReleasableSource>).release?.bind(source);
	let chunk: Buffer | undefined;
	let filled = 0;
	let held: Chunk | undefined;
	for await (const piece of source) {
		let offset = 0;
		// A piece passed on as a chunk (not copied) is in use until its request is done: not released.
		const passedOn = filled === 0 && piece.length >= size;
		while (filled === 0 && piece.length - offset >= size) {
			if (held) yield held;
			held = { data: piece.subarray(offset, offset + size), last: false };
			offset += size;
		}
		while (offset < piece.length) {
			// More bytes follow the held chunk, so it is not the last; handing it out before taking a Buffer keeps
			// the Buffers in use at the consumer's chunks in flight plus the one being filled.
			if (held) yield held;
			held = undefined;
			chunk ??= buffers.take();
			const take = Math.min(size - filled, piece.length - offset);
			piece.copy(chunk, filled, offset, offset + take);
			filled += take;
			offset += take;
			if (filled === size) {
				held = { data: chunk, last: false, buffer: chunk };
				chunk = undefined;
				filled = 0;
			}
		}
		if (!passedOn) release?.(piece);
	}
	if (held) yield { ...held, last: true };
	else yield { data: chunk ? chunk.subarray(0, filled) : Buffer.alloc(0), last: true, buffer: chunk };
}

function correctOffset(error: unknown): number | undefined {
	const union = dropboxErrorOf(error);
	const lookup = (union?.['.tag'] === 'incorrect_offset' ? union : (union?.incorrect_offset ?? union)) as IDataObject | undefined;
	const offset = lookup?.correct_offset;
	return typeof offset === 'number' ? offset : undefined;
}

function errorTag(error: unknown): string | undefined {
	const tag = dropboxErrorOf(error)?.['.tag'];
	return typeof tag === 'string' ? tag : undefined;
}

/**
 * Uploads a stream to Dropbox: one files/upload call when it fits in one chunk, otherwise an upload session
 * (start, append_v2, finish), or with parallelChunks above 1 a concurrent session (start, appends in parallel,
 * the last one closing it, finish without data). Every request carries the content_hash of its own bytes, so
 * Dropbox rejects a corrupted chunk; a chunk whose response was lost is recognised instead of being sent twice;
 * the session is finished (and the file committed) only after every byte is in; and the stored file's
 * content_hash must equal the one computed while streaming. Each byte is hashed once: the whole file's hash is
 * made from the chunks' block digests.
 */
export async function uploadStream(
	dropbox: Pick<DropboxClient, 'upload' | 'rpc'>,
	node: INode,
	commit: CommitInfo,
	source: AsyncIterable<Buffer>,
	options: UploadOptions = {},
): Promise<FileMetadata> {
	const chunkBytes = normalizeChunkBytes(options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
	const parallel = Math.min(MAX_PARALLEL_CHUNKS, Math.max(1, Math.floor(options.parallelChunks ?? 1)));
	const buffers = new ChunkBuffers(chunkBytes);
	const whole = new ContentHasher();
	const appends = new Appends(parallel);
	let sessionId: string | undefined;
	let offset = 0;
	let stored: FileMetadata | undefined;

	try {
		for await (const { data, last, buffer } of fixedChunks(source, chunkBytes, buffers)) {
			const chunk = new ContentHasher().update(data);
			const hash = chunk.digest();
			whole.append(chunk);
			if (last && sessionId === undefined) {
				stored = await dropbox.upload<FileMetadata>('files/upload', { ...withContentHash(commit, hash), content_hash: hash }, data, {
					reconcile: storedAtPath(dropbox, commit, hash),
				});
			} else if (parallel > 1) {
				sessionId ??= (await dropbox.upload<{ session_id: string }>('files/upload_session/start', { close: false, session_type: 'concurrent' }, Buffer.alloc(0))).session_id;
				const at = offset;
				offset += data.length;
				const id = sessionId;
				// At most `parallel` appends at once: the chunk Buffers in use are those of the appends in flight.
				await appends.add(async () => {
					await appendConcurrent(dropbox, node, id, at, data, hash, last);
					buffers.give(buffer);
				});
			} else if (sessionId === undefined) {
				({ session_id: sessionId } = await dropbox.upload<{ session_id: string }>('files/upload_session/start', { close: false, content_hash: hash }, data));
				offset = data.length;
			} else if (!last) {
				offset = await appendChunk(dropbox, node, sessionId, offset, data, hash);
			} else {
				stored = await finishSession(dropbox, node, sessionId, offset, data, hash, commit, whole);
			}
			if (parallel === 1) buffers.give(buffer);
		}
		if (parallel > 1 && sessionId !== undefined) {
			await appends.settle();
			// A concurrent session takes data only in appends: the finish names the whole size and carries none.
			stored = await finishSession(dropbox, node, sessionId, offset, Buffer.alloc(0), undefined, commit, whole);
		}
	} catch (error) {
		// Let the appends still in flight end before reporting, so nothing runs on after the node failed.
		await appends.settle().catch(() => undefined);
		rethrow(node, error);
	}
	const expected = whole.digest();
	if (!stored || stored.content_hash !== expected) {
		throw new NodeOperationError(node, `The file Dropbox stored at "${commit.path}" differs from the data sent`, {
			itemIndex: options.itemIndex,
			description: `Dropbox's content hash is ${stored?.content_hash ?? 'missing'}, the data sent hashes to ${expected}. Run the upload again; if it keeps happening, the input data changed while it was read.`,
		});
	}
	return stored;
}

/** Up to `limit` tasks at once; the first failure is thrown by the next add() or by settle(). */
class Appends {
	private readonly running = new Set<Promise<void>>();
	private failure: { error: unknown } | undefined;

	constructor(private readonly limit: number) {}

	/** Starts a task once fewer than `limit` run. */
	async add(task: () => Promise<void>): Promise<void> {
		while (this.running.size >= this.limit) await Promise.race(this.running);
		this.throwFailure();
		const running: Promise<void> = task()
			.catch((error: unknown) => {
				this.failure ??= { error };
			})
			.finally(() => this.running.delete(running));
		this.running.add(running);
	}

	async settle(): Promise<void> {
		await Promise.all(this.running);
		this.throwFailure();
	}

	private throwFailure(): void {
		if (this.failure) throw this.failure.error;
	}
}

async function appendChunk(
	dropbox: Pick<DropboxClient, 'upload'>,
	node: INode,
	sessionId: string,
	offset: number,
	data: Buffer,
	hash: string,
): Promise<number> {
	const append = async () =>
		await dropbox.upload('files/upload_session/append_v2', { cursor: { session_id: sessionId, offset }, close: false, content_hash: hash }, data);
	for (let attempt = 1; ; attempt++) {
		try {
			await append();
			return offset + data.length;
		} catch (error) {
			const expected = correctOffset(error);
			// A retry after a lost response finds the chunk already in: Dropbox names the offset it expects next.
			if (expected === offset + data.length) return expected;
			// Dropbox still expects this very chunk: send it once more.
			if (expected !== offset || attempt > 1) rethrow(node, error);
		}
	}
}

/**
 * One append of a concurrent session: pieces at any 4 MiB-aligned offset in any order; the last one closes the
 * session. A resent piece (after a lost response) lands on the same bytes again; a resent closing piece finds
 * the session closed, which only its own first arrival can have done (the session is this upload's alone).
 */
async function appendConcurrent(
	dropbox: Pick<DropboxClient, 'upload'>,
	node: INode,
	sessionId: string,
	offset: number,
	data: Buffer,
	hash: string,
	close: boolean,
): Promise<void> {
	try {
		await dropbox.upload('files/upload_session/append_v2', { cursor: { session_id: sessionId, offset }, close, content_hash: hash }, data);
	} catch (error) {
		if (close && errorTag(error) === 'closed') return;
		rethrow(node, error);
	}
}

/**
 * After a commit's answer was lost: the file counts as uploaded only if what is stored at the path is exactly
 * what was sent. Anything else there means the commit did not happen, unless Autorename may have put it
 * under another name.
 */
function storedAtPath(dropbox: Pick<DropboxClient, 'rpc'>, commit: CommitInfo, contentHash: string): Reconcile<FileMetadata> {
	return {
		whatToCheck: `whether "${commit.path}"${commit.autorename ? ' (or a renamed copy beside it)' : ''} holds the uploaded file`,
		async check() {
			const current = (await lookup(dropbox, commit.path)) as FileMetadata | null;
			if (current?.content_hash === contentHash) return applied(current);
			return commit.autorename ? unknownOutcome : notApplied;
		},
	};
}

async function finishSession(
	dropbox: Pick<DropboxClient, 'upload' | 'rpc'>,
	node: INode,
	sessionId: string,
	offset: number,
	data: Buffer,
	hash: string | undefined,
	commit: CommitInfo,
	whole: ContentHasher,
): Promise<FileMetadata> {
	const cursor = { session_id: sessionId, offset };
	try {
		return await dropbox.upload<FileMetadata>('files/upload_session/finish', { cursor, commit: withContentHash(commit, whole.digest()), ...(hash !== undefined && { content_hash: hash }) }, data, {
			reconcile: storedAtPath(dropbox, commit, whole.digest()),
		});
	} catch (error) {
		// The first finish may have committed the file before its response was lost; then the session is gone.
		// The file counts as uploaded only if what is stored at the path is exactly what was sent.
		if (!JSON.stringify(dropboxErrorOf(error) ?? {}).includes('lookup_failed')) rethrow(node, error);
		const current = await dropbox.rpc<FileMetadata>('files/get_metadata', { path: commit.path }).catch(() => undefined);
		if (current?.content_hash !== whole.digest()) rethrow(node, error);
		return current;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Many files at once: upload_session/start_batch opens a session per file, append_batch carries many files'
// bytes in one request (each entry names its session, offset and length; the bytes follow back to back), and
// finish_batch_v2 commits up to 1,000 closed sessions in one namespace write. One commit instead of one per file
// is how Dropbox tells integrations to avoid too_many_write_operations.

/** Dropbox takes at most 1,000 sessions in start_batch, entries in append_batch and files in finish_batch_v2. */
export const MANY_BATCH_SIZE = 1000;
const FINISH_BATCH_ROUTE = 'files/upload_session/finish_batch_v2';
const APPEND_BATCH_ROUTE = 'files/upload_session/append_batch';
/**
 * append_batch's argument travels in the Dropbox-API-Arg header, one entry per file: a request ends before its
 * argument passes this size. Assumed: Dropbox publishes no header limit; its front end (Envoy) refuses request
 * headers over 60 KiB by default, which leaves room for the other headers.
 */
const MAX_APPEND_ARG_BYTES = 48 * 1024;
/** Files that Dropbox left uncommitted for write contention are committed again, after a growing wait, this often. */
const COMMIT_ROUNDS = 4;
const CONTENTION_WAIT_MS = 1_000;
/** Looking up at most this many paths at once after a lost commit answer. */
const LOOKUPS_AT_ONCE = 8;

/** One file of Upload Many: where it goes, and its bytes, opened only when they are packed (one file at a time). */
export interface ManyFile {
	commit: CommitInfo;
	open(): Promise<AsyncIterable<Buffer>>;
}

/** What happened to one file of Upload Many, in the shape the batch operations report (see batchOperation.ts). */
export type ManyOutcome =
	| { ok: true; metadata: FileMetadata; reconciled?: true }
	| { ok: false; failure: IDataObject; route: string }
	| { ok: 'call_failed'; error: Error }
	| { ok: 'unknown'; why: string; whatToCheck: string; asyncJobId?: string; jobIndex?: number }
	| { ok: 'in_progress'; asyncJobId: string; jobIndex: number };

export interface ManyOptions {
	/** Bytes in one append_batch request (at most 150 MiB); a larger file spans several requests. */
	requestBytes?: number;
	/** How long to wait for a commit that Dropbox runs as a job. */
	waitMs?: number;
	itemIndex?: number;
}

/** A file on its way: its session, how many bytes were sent, their hash, and its outcome once one is known. */
interface Sending {
	file: ManyFile;
	sessionId: string;
	sent: number;
	hasher: ContentHasher;
	outcome?: ManyOutcome;
}

interface AppendEntry {
	sending: Sending;
	cursor: { session_id: string; offset: number };
	length: number;
	close: boolean;
}

/** The request body of append_batch: grown as needed up to the request size, and reused for every request. */
class RequestBody {
	private data = Buffer.allocUnsafe(0);
	filled = 0;

	constructor(readonly capacity: number) {}

	get room(): number {
		return this.capacity - this.filled;
	}

	put(piece: Buffer): void {
		if (this.filled + piece.length > this.data.length) {
			const grown = Buffer.allocUnsafe(Math.min(this.capacity, Math.max(this.data.length * 2, this.filled + piece.length, 64 * 1024)));
			this.data.copy(grown, 0, 0, this.filled);
			this.data = grown;
		}
		piece.copy(this.data, this.filled);
		this.filled += piece.length;
	}

	bytes(): Buffer {
		return this.data.subarray(0, this.filled);
	}
}

/** Whether an append entry's failure only says that an earlier attempt of this very request took its bytes. */
function alreadyTaken(failure: IDataObject, entry: AppendEntry): boolean {
	const tag = failure['.tag'];
	if (tag === 'incorrect_offset') return failure.correct_offset === entry.cursor.offset + entry.length;
	// Only this upload closes its own fresh session, so "closed" after a resend means the closing entry arrived.
	return tag === 'closed' && entry.close;
}

/**
 * Uploads many files with upload sessions: one start_batch, as few append_batch requests as the bytes need,
 * and one finish_batch_v2 commit, per 1,000 files. Returns each file's outcome in order; throws only when
 * nothing was sent (the first start_batch failed). Every append request carries the content_hash of its body; every
 * committed file's content_hash must equal the one computed while streaming; a commit whose answer was lost is
 * not sent again blindly: the paths are looked up and the files count as stored only with the hash sent.
 */
export async function uploadManyFiles(
	dropbox: Pick<DropboxClient, 'upload' | 'rpc'>,
	node: INode,
	files: ManyFile[],
	options: ManyOptions = {},
): Promise<ManyOutcome[]> {
	const outcomes: ManyOutcome[] = [];
	for (let start = 0; start < files.length; start += MANY_BATCH_SIZE) {
		const group = files.slice(start, start + MANY_BATCH_SIZE);
		let sessionIds: string[];
		try {
			({ session_ids: sessionIds } = await dropbox.rpc<{ session_ids: string[] }>('files/upload_session/start_batch', { num_sessions: group.length }));
		} catch (error) {
			// Before anything was committed this is the caller's error; after, the outcomes known must not be lost.
			if (start === 0) rethrow(node, error);
			outcomes.push(...group.map((): ManyOutcome => ({ ok: 'call_failed', error: error as Error })));
			continue;
		}
		const sendings = group.map((file, i): Sending => ({ file, sessionId: sessionIds[i], sent: 0, hasher: new ContentHasher() }));
		await sendAll(dropbox, sendings, normalizeRequestBytes(options.requestBytes ?? DEFAULT_CHUNK_BYTES));
		await commitAll(dropbox, node, sendings.filter((s) => !s.outcome), options);
		outcomes.push(...sendings.map((s) => s.outcome as ManyOutcome));
	}
	return outcomes;
}

export function normalizeRequestBytes(bytes: number): number {
	return Math.min(Math.max(1, Math.floor(bytes)), MAX_REQUEST_BYTES);
}

/** Streams every file's bytes into append_batch requests, one file after another, closing each session. */
async function sendAll(dropbox: Pick<DropboxClient, 'upload'>, sendings: Sending[], requestBytes: number): Promise<void> {
	const body = new RequestBody(requestBytes);
	let entries: AppendEntry[] = [];
	let argBytes = 0;
	const flush = async () => {
		const sent = entries;
		entries = [];
		argBytes = 0;
		await appendBatch(dropbox, body, sent);
		body.filled = 0;
	};
	/** A new entry for the file, in a new request when this one has no room for its bytes or its argument. */
	const nextEntry = async (sending: Sending): Promise<AppendEntry> => {
		const cursor = { session_id: sending.sessionId, offset: sending.sent };
		// An upper bound of the entry's JSON: its length written with as many digits as any length can have.
		const bytes = JSON.stringify({ cursor, length: MAX_REQUEST_BYTES, close: false }).length + 1;
		if (entries.length && (body.room === 0 || argBytes + bytes > MAX_APPEND_ARG_BYTES || entries.length >= MANY_BATCH_SIZE)) await flush();
		const entry: AppendEntry = { sending, cursor: { ...cursor }, length: 0, close: false };
		entries.push(entry);
		argBytes += bytes;
		return entry;
	};
	for (const sending of sendings) {
		let entry = await nextEntry(sending);
		try {
			const source = await sending.file.open();
			const release = (source as Partial<ReleasableSource>).release?.bind(source);
			for await (const piece of source) {
				for (let pos = 0; pos < piece.length; ) {
					if (body.room === 0) {
						await flush();
						if (sending.outcome) break;
						entry = await nextEntry(sending);
					}
					const part = piece.subarray(pos, pos + Math.min(body.room, piece.length - pos));
					body.put(part);
					sending.hasher.update(part);
					sending.sent += part.length;
					entry.length += part.length;
					pos += part.length;
				}
				// Copied into the request body (or not needed, the file having failed).
				release?.(piece);
				if (sending.outcome) break;
			}
		} catch (error) {
			// Reading the input failed: this file is not sent; its bytes already packed go nowhere harmful.
			sending.outcome ??= { ok: 'call_failed', error: error as Error };
		}
		if (sending.outcome) {
			// Its session stays open and expires unused; the entry's bytes, if still unsent, are sent but never committed.
			continue;
		}
		entry.close = true;
	}
	if (entries.length) await flush();
}

/** One append_batch request; each entry's failure becomes its file's outcome. */
async function appendBatch(dropbox: Pick<DropboxClient, 'upload'>, body: RequestBody, entries: AppendEntry[]): Promise<void> {
	const data = body.bytes();
	const arg = {
		entries: entries.map(({ cursor, length, close }) => ({ cursor, length, close })),
		content_hash: new ContentHasher().update(data).digest(),
	};
	let answer: { entries?: IDataObject[] };
	try {
		answer = await dropbox.upload<{ entries?: IDataObject[] }>(APPEND_BATCH_ROUTE, arg, data);
	} catch (error) {
		for (const { sending } of entries) sending.outcome ??= { ok: 'call_failed', error: error as Error };
		return;
	}
	entries.forEach((entry, i) => {
		const result = answer.entries?.[i] ?? { '.tag': 'failure', failure: { '.tag': 'missing_result' } };
		if (result['.tag'] === 'success') return;
		const failure = (result.failure as IDataObject | undefined) ?? result;
		if (!alreadyTaken(failure, entry)) entry.sending.outcome ??= { ok: false, failure, route: APPEND_BATCH_ROUTE };
	});
}

/**
 * Commits every fully sent file. An entry that Dropbox answers with too_many_write_operations was not committed
 * (its session stays closed and waiting), so those entries are committed again after a wait, a few times.
 */
async function commitAll(dropbox: Pick<DropboxClient, 'rpc'>, node: INode, sendings: Sending[], options: ManyOptions): Promise<void> {
	let pending = sendings;
	for (let round = 1; pending.length; round++) {
		await commitOnce(dropbox, node, pending, options);
		const contended = pending.filter(({ outcome }) => outcome?.ok === false && isWriteContention({ error: outcome.failure }));
		if (round >= COMMIT_ROUNDS) return;
		if (contended.length) await sleep(CONTENTION_WAIT_MS * round);
		pending = contended;
	}
}

/** The commit of files in one finish_batch_v2 (a job when Dropbox answers with one). */
async function commitOnce(dropbox: Pick<DropboxClient, 'rpc'>, node: INode, sendings: Sending[], options: ManyOptions): Promise<void> {
	if (!sendings.length) return;
	const digests = sendings.map((s) => s.hasher.digest());
	let looked: ManyOutcome[] | undefined;
	let launched: IDataObject;
	try {
		launched = await dropbox.rpc<IDataObject>(
			FINISH_BATCH_ROUTE,
			{ entries: sendings.map((s, i) => ({ cursor: { session_id: s.sessionId, offset: s.sent }, commit: withContentHash(s.file.commit, digests[i]) })) },
			{
				reconcile: {
					whatToCheck: 'whether each file of the upload is stored at its path',
					check: async () => {
						const found = await lookAtEach(dropbox, sendings, digests);
						// No file is stored and none can be stored elsewhere: the commit did not happen, send it again.
						if (found.every(({ absent }) => absent)) return notApplied;
						looked = found.map(({ outcome }) => outcome);
						return applied({});
					},
				},
			},
		);
	} catch (error) {
		for (const s of sendings) s.outcome = { ok: 'call_failed', error: error as Error };
		return;
	}
	let results: ManyOutcome[];
	if (looked) results = looked;
	else if (Array.isArray(launched.entries) && launched['.tag'] === undefined) results = finishBatchEntries(launched).map(asOutcome);
	else results = await awaitCommit(dropbox, node, launched, sendings.length, options);
	sendings.forEach((s, i) => {
		const outcome = results[i] ?? { ok: false, failure: { '.tag': 'missing_result' }, route: FINISH_BATCH_ROUTE };
		s.outcome = outcome.ok === true ? verified(node, s, digests[i], outcome, options.itemIndex) : outcome;
	});
}

function asOutcome(entry: EntryOutcome): ManyOutcome {
	return entry.ok ? { ok: true, metadata: entry.metadata as FileMetadata } : { ok: false, failure: entry.failure, route: FINISH_BATCH_ROUTE };
}

/** A commit Dropbox answered with a job (or `complete`): its entries once done, or in_progress when waiting ran out. */
async function awaitCommit(dropbox: Pick<DropboxClient, 'rpc'>, node: INode, launched: IDataObject, count: number, options: ManyOptions): Promise<ManyOutcome[]> {
	const asyncJobId = String(launched.async_job_id ?? '');
	try {
		const state = await awaitJob(dropbox, node, JOB_KINDS.uploadFinishBatch, launched, { timeoutMs: options.waitMs, itemIndex: options.itemIndex });
		if (state.status === 'complete') return state.entries.map(asOutcome);
		return Array.from({ length: count }, (_, jobIndex) => ({ ok: 'in_progress' as const, asyncJobId: state.asyncJobId, jobIndex }));
	} catch (error) {
		if (isJobFailed(error)) return Array.from({ length: count }, () => ({ ok: 'call_failed' as const, error: error as Error }));
		// The commit runs on at Dropbox; only asking about it failed.
		const why = `The upload was committed as a job, then asking Dropbox about it failed (${(error as Error).message}).`;
		const whatToCheck = `the job with File → Get Job Status (Job Kind "Upload Many", Job ID ${asyncJobId})`;
		return Array.from({ length: count }, (_, jobIndex) => ({ ok: 'unknown' as const, why, whatToCheck, asyncJobId, jobIndex }));
	}
}

/** A committed file counts only if Dropbox stored exactly the bytes sent. */
function verified(node: INode, s: Sending, digest: string, outcome: ManyOutcome & { ok: true }, itemIndex?: number): ManyOutcome {
	if (outcome.metadata.content_hash === digest) return outcome;
	const error = new NodeOperationError(node, `The file Dropbox stored at "${s.file.commit.path}" differs from the data sent`, {
		itemIndex,
		description: `Dropbox's content hash is ${outcome.metadata.content_hash ?? 'missing'}, the data sent hashes to ${digest}. Upload it again; if it keeps happening, the input data changed while it was read.`,
	});
	return { ok: 'call_failed', error };
}

/**
 * After a lost commit answer: each file is stored if its path holds exactly the bytes sent; otherwise it cannot
 * be told, and it is `absent` when Dropbox showed something else (or nothing) there and Autorename is off.
 */
async function lookAtEach(
	dropbox: Pick<DropboxClient, 'rpc'>,
	sendings: Sending[],
	digests: string[],
): Promise<Array<{ outcome: ManyOutcome; absent: boolean }>> {
	const found: Array<{ outcome: ManyOutcome; absent: boolean }> = new Array(sendings.length);
	let next = 0;
	const worker = async () => {
		while (next < sendings.length) {
			const i = next++;
			const { commit } = sendings[i].file;
			const current = (await lookup(dropbox, commit.path).catch(() => undefined)) as FileMetadata | null | undefined;
			if (current?.content_hash === digests[i]) {
				found[i] = { outcome: { ok: true, metadata: current, reconciled: true }, absent: false };
				continue;
			}
			const why = 'The answer to the commit of the upload was lost and this file is not at its path with the bytes sent.';
			const whatToCheck = commit.autorename ? `whether "${commit.path}" or a renamed copy beside it holds the file` : `whether "${commit.path}" holds the file`;
			found[i] = { outcome: { ok: 'unknown', why, whatToCheck }, absent: current !== undefined && !commit.autorename };
		}
	};
	await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, sendings.length) }, worker));
	return found;
}
