import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from './client';
import { applied, notApplied, unknownOutcome } from './client';
import { BLOCK_SIZE, ContentHasher } from './contentHash';
import { rethrow } from './errors';
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
	itemIndex?: number;
}

/** Piece sizes must be whole 4 MiB blocks (hash blocks) and fit in one request. */
export function normalizeChunkBytes(bytes: number): number {
	const blocks = Math.max(1, Math.floor(bytes / BLOCK_SIZE));
	return Math.min(blocks * BLOCK_SIZE, Math.floor(MAX_REQUEST_BYTES / BLOCK_SIZE) * BLOCK_SIZE);
}

/**
 * Regroups a byte stream into chunks of exactly `size` bytes; the last one holds what is left (maybe nothing).
 * One chunk Buffer is filled and handed out again and again, so the consumer must be done with a chunk (its
 * request finished or failed for good) before asking for the next, as uploadStream is. Every new Buffer brings
 * V8's next full garbage collection closer, and a 16 MiB one per chunk made them the main cost of an upload.
 * A piece that starts a chunk and covers it whole is passed on without a copy.
 */
export async function* fixedChunks(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<{ data: Buffer; last: boolean }> {
	let chunk: Buffer | undefined;
	let filled = 0;
	for await (const piece of source) {
		let offset = 0;
		while (filled === 0 && piece.length - offset >= size) {
			yield { data: piece.subarray(offset, offset + size), last: false };
			offset += size;
		}
		while (offset < piece.length) {
			chunk ??= Buffer.allocUnsafe(size);
			const take = Math.min(size - filled, piece.length - offset);
			piece.copy(chunk, filled, offset, offset + take);
			filled += take;
			offset += take;
			if (filled === size) {
				yield { data: chunk, last: false };
				filled = 0;
			}
		}
	}
	yield { data: chunk ? chunk.subarray(0, filled) : Buffer.alloc(0), last: true };
}

function correctOffset(error: unknown): number | undefined {
	const union = dropboxErrorOf(error);
	const lookup = (union?.['.tag'] === 'incorrect_offset' ? union : (union?.incorrect_offset ?? union)) as IDataObject | undefined;
	const offset = lookup?.correct_offset;
	return typeof offset === 'number' ? offset : undefined;
}

/**
 * Uploads a stream to Dropbox: one files/upload call when it fits in one chunk, otherwise an upload session
 * (start, append_v2, finish). Every request carries the content_hash of its own bytes, so Dropbox rejects a
 * corrupted chunk; a chunk whose response was lost is recognised from `incorrect_offset` instead of being sent
 * twice; the session is finished (and the file committed) only after every byte is in; and the stored file's
 * content_hash must equal the one computed while streaming.
 */
export async function uploadStream(
	dropbox: Pick<DropboxClient, 'upload' | 'rpc'>,
	node: INode,
	commit: CommitInfo,
	source: AsyncIterable<Buffer>,
	options: UploadOptions = {},
): Promise<FileMetadata> {
	const chunkBytes = normalizeChunkBytes(options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
	const whole = new ContentHasher();
	let sessionId: string | undefined;
	let offset = 0;
	let stored: FileMetadata | undefined;

	for await (const { data, last } of fixedChunks(source, chunkBytes)) {
		const chunk = new ContentHasher().update(data);
		const hash = chunk.digest();
		whole.append(chunk);
		if (last && sessionId === undefined) {
			stored = await dropbox.upload<FileMetadata>('files/upload', { ...commit, content_hash: hash }, data, {
				reconcile: storedAtPath(dropbox, commit, hash),
			});
		} else if (sessionId === undefined) {
			({ session_id: sessionId } = await dropbox.upload<{ session_id: string }>('files/upload_session/start', { close: false, content_hash: hash }, data));
			offset = data.length;
		} else if (!last) {
			offset = await appendChunk(dropbox, node, sessionId, offset, data, hash);
		} else {
			stored = await finishSession(dropbox, node, sessionId, offset, data, hash, commit, whole);
		}
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
	hash: string,
	commit: CommitInfo,
	whole: ContentHasher,
): Promise<FileMetadata> {
	const cursor = { session_id: sessionId, offset };
	try {
		return await dropbox.upload<FileMetadata>('files/upload_session/finish', { cursor, commit, content_hash: hash }, data, {
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
