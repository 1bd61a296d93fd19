// @ts-check
'use strict';

const { routeError } = require('../answers');
const { BlobWriter } = require('../blob');
const { ContentHasher } = require('../content-hash');
const T = require('../files/types');
const { decodeArg, PAYLOAD_LIMIT, MAX_FILE_SIZE, CONCURRENT_BLOCK } = require('../files/common');
const { callerOf, commitFile, Fail, writeTarget } = require('../files/ops');
const { faultAnswer } = require('../faults');
const { fileMetadata } = require('../files/meta');
const { launch, check } = require('../files/jobs');

/**
 * files/upload and the upload session routes. Bytes go straight from the request to the session's
 * scratch file (or a blob writer), hashed on the way; nothing holds a whole upload in memory. A call
 * whose checks fail leaves the session as it was (its bytes, if any were written past the session's
 * offset, are overwritten by the next append).
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../files/runtime').UploadSession} UploadSession
 */

/** @param {string} tag @param {Record<string, unknown>} [fields] */
const err = (tag, fields = {}) => routeError({ '.tag': tag, ...fields });

/** @param {string | null} expected @param {string} actual */
const hashMismatch = (expected, actual) => expected !== null && expected.toLowerCase() !== actual;

/**
 * Stream a request body to `sink`, counting and hashing it; past the limit the rest is read and dropped.
 * @param {AsyncIterable<Buffer>} body @param {(chunk: Buffer) => Promise<void>} sink
 * @returns {Promise<{ bytes: number, tooLarge: boolean, hash: string }>}
 */
async function receive(body, sink) {
	let bytes = 0;
	let tooLarge = false;
	const hasher = new ContentHasher();
	for await (const chunk of body) {
		bytes += chunk.length;
		if (bytes > PAYLOAD_LIMIT) tooLarge = true;
		if (tooLarge) continue;
		hasher.update(chunk);
		await sink(chunk);
	}
	return { bytes, tooLarge, hash: hasher.digest() };
}

/**
 * Write bytes into a session at `offset`, without committing them to the session.
 * @param {Context} ctx @param {UploadSession} session @param {number} offset @param {AsyncIterable<Buffer>} body
 */
async function writeInto(ctx, session, offset, body) {
	const files = ctx.state.files;
	const sequential = session.type === 'sequential' ? session.hasher.clone() : undefined;
	let handle;
	let pos = offset;
	const got = await receive(body, async (chunk) => {
		handle ??= await files.handleOf(session);
		await handle.write(chunk, 0, chunk.length, pos);
		pos += chunk.length;
		sequential?.update(chunk);
	});
	return { ...got, sequential };
}

/**
 * Commit the bytes a call brought to the session.
 * @param {UploadSession} session @param {number} offset @param {number} bytes @param {boolean} close
 * @param {ContentHasher | undefined} sequential
 */
function take(session, offset, bytes, close, sequential) {
	if (bytes > 0) delete session.preset;
	if (session.type === 'sequential') {
		session.size = offset + bytes;
		if (sequential) session.hasher = sequential;
	} else {
		session.pieces.set(offset, bytes);
		session.size = Math.max(session.size, offset + bytes);
		if (close) session.total = offset + bytes;
	}
	if (close) session.closed = true;
}

/** Are all bytes of a closed concurrent session there? @param {UploadSession} session */
function complete(session) {
	if (session.total === undefined) return false;
	let covered = 0;
	for (const [offset, length] of [...session.pieces].sort((a, b) => a[0] - b[0])) {
		if (offset > covered) return false;
		covered = Math.max(covered, offset + length);
	}
	return covered >= session.total;
}

/**
 * The checks of an append (UploadSessionAppendError / UploadSessionLookupError members), before its bytes.
 * @param {Context} ctx @param {UploadSession} session @param {number} offset
 * @returns {{ tag: string, fields?: Record<string, unknown> } | undefined}
 */
function appendProblem(ctx, session, offset) {
	if (ctx.takeFault('incorrect_offset')) return { tag: 'incorrect_offset', fields: { correct_offset: session.size } };
	// A concurrent session's closing piece may come before the others: only bytes past its end are refused.
	if (session.closed && (session.type === 'sequential' || offset >= /** @type {number} */ (session.total))) return { tag: 'closed' };
	if (session.type === 'sequential' && offset !== session.size) return { tag: 'incorrect_offset', fields: { correct_offset: session.size } };
	if (session.type === 'concurrent' && offset % CONCURRENT_BLOCK !== 0) return { tag: 'concurrent_session_invalid_offset' };
	return undefined;
}

/**
 * upload_session/append_v2 and (deprecated) append.
 * @param {Context} ctx @param {{ session_id: string, offset: number }} cursor @param {boolean} close @param {string | null} contentHash
 */
async function append(ctx, cursor, close, contentHash) {
	const account = ctx.caller.user();
	const session = ctx.state.files.session(cursor.session_id, account.account_id);
	if (!session) throw err('not_found');
	if (session.type === 'concurrent') return await appendConcurrent(ctx, session, cursor, close, contentHash);
	return ctx.state.files.serial(session, async () => {
		const problem = appendProblem(ctx, session, cursor.offset);
		if (problem) throw err(problem.tag, problem.fields);
		const got = await writeInto(ctx, session, cursor.offset, ctx.req);
		if (got.tooLarge) throw err('payload_too_large');
		if (hashMismatch(contentHash, got.hash)) throw err('content_hash_mismatch');
		if (session.type === 'concurrent' && !close && got.bytes % CONCURRENT_BLOCK !== 0) throw err('concurrent_session_invalid_data_size');
		if (cursor.offset + got.bytes > MAX_FILE_SIZE) throw err('too_large');
		take(session, cursor.offset, got.bytes, close, got.sequential);
		return null;
	});
}

/**
 * An append to a concurrent session. Dropbox receives a concurrent session's pieces side by side (that is what
 * the session type is for), so only the checks and the bookkeeping take turns; the bytes of several pieces are
 * written into the scratch file at their offsets at once. The checks are made again before the piece is taken,
 * as a closing piece may have arrived meanwhile.
 * @param {Context} ctx @param {UploadSession} session @param {{ offset: number }} cursor @param {boolean} close
 * @param {string | null} contentHash
 */
async function appendConcurrent(ctx, session, cursor, close, contentHash) {
	const files = ctx.state.files;
	const before = await files.serial(session, async () => appendProblem(ctx, session, cursor.offset));
	if (before) throw err(before.tag, before.fields);
	const got = await writeInto(ctx, session, cursor.offset, ctx.req);
	return files.serial(session, async () => {
		if (session.closed && cursor.offset >= /** @type {number} */ (session.total)) throw err('closed');
		if (got.tooLarge) throw err('payload_too_large');
		if (hashMismatch(contentHash, got.hash)) throw err('content_hash_mismatch');
		if (!close && got.bytes % CONCURRENT_BLOCK !== 0) throw err('concurrent_session_invalid_data_size');
		if (cursor.offset + got.bytes > MAX_FILE_SIZE) throw err('too_large');
		take(session, cursor.offset, got.bytes, close, got.sequential);
		return null;
	});
}

/**
 * Finish a session into a file: the UploadSessionFinishError (without the call's own bytes) or the entry.
 * @param {Context} ctx @param {UploadSession} session @param {{ offset: number }} cursor @param {any} commit
 * @param {{ batch: boolean }} options
 */
async function finishSession(ctx, session, cursor, commit, { batch }) {
	const files = ctx.state.files;
	const c = callerOf(ctx);
	if (batch && !session.closed) return { error: { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_closed' } } };
	if (session.type === 'concurrent') {
		if (!session.closed) return { error: { '.tag': 'concurrent_session_not_closed' } };
		if (!complete(session)) return { error: { '.tag': 'concurrent_session_missing_data' } };
	}
	const size = session.type === 'concurrent' ? /** @type {number} */ (session.total) : session.size;
	if (cursor.offset !== size) return { error: { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'incorrect_offset', correct_offset: size } } };
	const blob = session.preset ?? (await files.seal(session));
	try {
		const written = commitFile(c, commit.path, blob, commit);
		files.dropSession(session);
		return { value: fileMetadata(c.store, written.ns, written.entry, written.prefix, { viewer: c.account.account_id }) };
	} catch (error) {
		if (error instanceof Fail) {
			session.preset = blob;
			if (error.value['.tag'] === 'properties_error') return { error: error.value };
			return { error: { '.tag': 'path', path: error.value } };
		}
		throw error;
	}
}

/**
 * Finish closed sessions one after another (UploadSessionFinishBatchResult).
 * @param {Context} ctx @param {{ entries: any[] }} arg
 */
async function finishBatch(ctx, arg) {
	const account = ctx.caller.user();
	const files = ctx.state.files;
	const entries = [];
	for (const entry of arg.entries) {
		const session = files.session(entry.cursor.session_id, account.account_id);
		if (!session) {
			entries.push({ '.tag': 'failure', failure: { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_found' } } });
			continue;
		}
		const done = await files.serial(session, () => finishSession(ctx, session, entry.cursor, entry.commit, { batch: true }));
		entries.push(done.error ? { '.tag': 'failure', failure: done.error } : { '.tag': 'success', ...done.value });
	}
	return { entries };
}

/**
 * Namespace write contention, when `filesOptions.writeContention` is on (off by default): a commit (files/upload,
 * upload_session/finish, one finish_batch_v2 for all its files) counts against its namespace for `windowMs`; one
 * more commit while `limit` are counted is answered too_many_write_operations (429 with Retry-After, or with
 * `nested` the route's own 409 where its error union has the member) and not carried out. Assumed: Dropbox
 * publishes no numbers, only that many single commits in one namespace at once meet this error and that
 * finish_batch_v2 avoids it; the defaults (10 commits in 1 s, Retry-After 1 s) are this model's choice.
 * @type {WeakMap<object, Map<string, number[]>>}
 */
const commitsByRuntime = new WeakMap();

/** @param {Context} ctx @param {string} path  throws the contention answer, or counts the commit */
function countCommit(ctx, path) {
	const setting = ctx.state.files.options.writeContention;
	if (!setting) return;
	const { limit = 10, windowMs = 1000, nested = false, retryAfter = 1 } = setting === true ? {} : setting;
	let ns;
	try {
		ns = writeTarget(callerOf(ctx), path).ns;
	} catch {
		return; // the commit fails on its path anyway
	}
	const commits = commitsByRuntime.get(ctx.state.files) ?? /** @type {Map<string, number[]>} */ (new Map());
	commitsByRuntime.set(ctx.state.files, commits);
	const now = Date.now();
	const recent = (commits.get(ns) ?? []).filter((at) => now - at < windowMs);
	commits.set(ns, recent);
	if (recent.length >= limit) {
		const routeId = ctx.route.id;
		throw faultAnswer({ route: routeId, kind: 'write_contention', nested: nested && routeId !== 'files/upload_session/finish_batch_v2', retryAfter }, routeId);
	}
	recent.push(now);
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'files/upload': async (ctx) => {
		const arg = decodeArg(ctx, T.UploadArg);
		const c = callerOf(ctx);
		const writer = new BlobWriter(c.store.blobs);
		const got = await receive(ctx.req, (chunk) => writer.write(chunk));
		// UploadError.payload_too_large: a 409 route error (the front end once answered 413 instead).
		if (got.tooLarge) {
			await writer.abandon();
			throw err('payload_too_large');
		}
		const blob = await writer.finish();
		if (hashMismatch(arg.content_hash, got.hash)) throw err('content_hash_mismatch');
		countCommit(ctx, arg.path);
		try {
			const written = commitFile(c, arg.path, blob, arg);
			return fileMetadata(c.store, written.ns, written.entry, written.prefix, { viewer: c.account.account_id });
		} catch (error) {
			if (!(error instanceof Fail)) throw error;
			if (error.value['.tag'] === 'properties_error') throw routeError(error.value);
			// The bytes stay in a closed session, so upload_session/finish can commit them elsewhere.
			const session = ctx.state.files.newSession(c.account.account_id, 'sequential');
			session.preset = blob;
			session.size = blob.size;
			session.closed = true;
			throw routeError({ '.tag': 'path', reason: error.value, upload_session_id: session.id });
		}
	},

	'files/upload_session/start': async (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionStartArg);
		const account = ctx.caller.user();
		const files = ctx.state.files;
		const type = arg.session_type?.['.tag'] ?? 'sequential';
		if (type === 'concurrent') {
			const got = await receive(ctx.req, async () => {});
			if (got.tooLarge) throw err('payload_too_large');
			if (got.bytes > 0) throw err('concurrent_session_data_not_allowed');
			if (arg.close) throw err('concurrent_session_close_not_allowed');
			return { session_id: files.newSession(account.account_id, 'concurrent').id };
		}
		const session = files.newSession(account.account_id, 'sequential');
		const got = await writeInto(ctx, session, 0, ctx.req);
		if (got.tooLarge || hashMismatch(arg.content_hash, got.hash)) {
			files.dropSession(session);
			throw err(got.tooLarge ? 'payload_too_large' : 'content_hash_mismatch');
		}
		take(session, 0, got.bytes, arg.close, got.sequential);
		return { session_id: session.id };
	},

	'files/upload_session/append_v2': async (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionAppendArg);
		return append(ctx, arg.cursor, arg.close, arg.content_hash);
	},

	'files/upload_session/append': async (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionCursor);
		return append(ctx, arg, false, null);
	},

	'files/upload_session/finish': async (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionFinishArg);
		const account = ctx.caller.user();
		const files = ctx.state.files;
		const lookup = (/** @type {string} */ tag, fields = {}) => routeError({ '.tag': 'lookup_failed', lookup_failed: { '.tag': tag, ...fields } });
		const session = files.session(arg.cursor.session_id, account.account_id);
		if (!session) throw lookup('not_found');
		return files.serial(session, async () => {
			if (ctx.takeFault('incorrect_offset')) throw lookup('incorrect_offset', { correct_offset: session.type === 'concurrent' ? (session.total ?? session.size) : session.size });
			let cursor = arg.cursor;
			if (session.type === 'concurrent') {
				const got = await receive(ctx.req, async () => {});
				if (got.tooLarge) throw err('payload_too_large');
				if (got.bytes > 0) throw err('concurrent_session_data_not_allowed');
			} else {
				if (arg.cursor.offset !== session.size) throw lookup('incorrect_offset', { correct_offset: session.size });
				const got = await writeInto(ctx, session, session.size, ctx.req);
				if (got.tooLarge) throw err('payload_too_large');
				if (got.bytes > 0 && session.closed) throw lookup('closed');
				if (hashMismatch(arg.content_hash, got.hash)) throw err('content_hash_mismatch');
				if (got.bytes > 0) take(session, session.size, got.bytes, false, got.sequential);
				cursor = { ...arg.cursor, offset: session.size };
			}
			countCommit(ctx, arg.commit.path);
			const done = await finishSession(ctx, session, cursor, arg.commit, { batch: false });
			if (done.error) throw routeError(done.error);
			return done.value;
		});
	},

	'files/upload_session/start_batch': (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionStartBatchArg);
		const account = ctx.caller.user();
		const type = arg.session_type?.['.tag'] ?? 'sequential';
		return { session_ids: Array.from({ length: arg.num_sessions }, () => ctx.state.files.newSession(account.account_id, type).id) };
	},

	'files/upload_session/append_batch': async (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionAppendBatchArg);
		const account = ctx.caller.user();
		const files = ctx.state.files;
		// The body holds every entry's bytes back to back: keep it (in a blob) until its length is known good.
		const writer = new BlobWriter(ctx.state.store.blobs);
		const got = await receive(ctx.req, (chunk) => writer.write(chunk));
		if (got.tooLarge) {
			await writer.abandon();
			throw err('payload_too_large');
		}
		const body = await writer.finish();
		const declared = arg.entries.reduce((/** @type {number} */ n, /** @type {any} */ e) => n + e.length, 0);
		if (declared !== body.size) throw err('length_mismatch');
		if (hashMismatch(arg.content_hash, got.hash)) throw err('content_hash_mismatch');
		const entries = [];
		let pos = 0;
		for (const entry of arg.entries) {
			const start = pos;
			pos += entry.length;
			const session = files.session(entry.cursor.session_id, account.account_id);
			if (!session) {
				entries.push({ '.tag': 'failure', failure: { '.tag': 'not_found' } });
				continue;
			}
			const outcome = await files.serial(session, async () => {
				const problem = appendProblem(ctx, session, entry.cursor.offset);
				if (problem) return { '.tag': problem.tag, ...problem.fields };
				if (session.type === 'concurrent' && !entry.close && entry.length % CONCURRENT_BLOCK !== 0) return { '.tag': 'concurrent_session_invalid_data_size' };
				if (entry.cursor.offset + entry.length > MAX_FILE_SIZE) return { '.tag': 'too_large' };
				const written = await writeInto(ctx, session, entry.cursor.offset, /** @type {AsyncIterable<Buffer>} */ (body.stream(start, pos)));
				take(session, entry.cursor.offset, written.bytes, entry.close, written.sequential);
				return undefined;
			});
			entries.push(outcome ? { '.tag': 'failure', failure: outcome } : { '.tag': 'success' });
		}
		return { entries };
	},

	// Dropbox's spec gives finish_batch_v2 a synchronous result ({entries}). With `filesOptions.finishBatchJobOver`
	// set, a commit of more entries answers as the deprecated finish_batch does, with a job for finish_batch/check
	// (assumed: a client that handles both forms keeps working if Dropbox ever runs a large commit as a job).
	'files/upload_session/finish_batch_v2': (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionFinishBatchArg);
		if (arg.entries.length) countCommit(ctx, arg.entries[0].commit.path);
		const over = ctx.state.files.options.finishBatchJobOver;
		// filesOptions.finishBatchContendedEntries: so many entries (from the last) of the next commits fail with
		// too_many_write_operations and stay uncommitted, as Dropbox reports write contention per entry.
		const contended = Math.min(ctx.state.files.options.finishBatchContendedEntries ?? 0, arg.entries.length);
		if (contended > 0) {
			ctx.state.files.options.finishBatchContendedEntries = (ctx.state.files.options.finishBatchContendedEntries ?? 0) - contended;
			const kept = arg.entries.slice(0, arg.entries.length - contended);
			const refused = Array.from({ length: contended }, () => ({ '.tag': 'failure', failure: { '.tag': 'too_many_write_operations' } }));
			return finishBatch(ctx, { ...arg, entries: kept }).then((result) => ({ entries: [...result.entries, ...refused] }));
		}
		if (typeof over === 'number' && arg.entries.length > over)
			return launch(ctx, 'files/upload_session/finish_batch/check', async () => ({ status: 'complete', value: await finishBatch(ctx, arg) }));
		return finishBatch(ctx, arg);
	},

	// Deprecated: the same as a job.
	'files/upload_session/finish_batch': (ctx) => {
		const arg = decodeArg(ctx, T.UploadSessionFinishBatchArg);
		return launch(ctx, 'files/upload_session/finish_batch/check', async () => ({ status: 'complete', value: await finishBatch(ctx, arg) }));
	},
	'files/upload_session/finish_batch/check': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value) })),
};

module.exports['files/alpha/upload'] = module.exports['files/upload'];
