// @ts-check
'use strict';

const fs = require('node:fs');
const { secret } = require('../ids');
const { ContentHasher } = require('../content-hash');
const { Blob } = require('../blob');

/**
 * The files namespace's moving parts beside the tree: upload sessions, async jobs, temporary links,
 * copy references, listing snapshots and the long polls waiting for changes.
 *
 * @typedef {object} FilesOptions
 * @property {number} [asyncJobPolls]       how many polls of a batch job answer in_progress first (default 1)
 * @property {number} [asyncJobMs]          a job also answers in_progress until this long after its launch (default 0)
 * @property {number} [asyncJobMsPerEntry]  ...plus this long for each entry of its outcome (default 0): a job's
 *   duration grows with its size, as Dropbox's do (an assumption, see README "Async jobs take time")
 * @property {number} [longpollWaitMs]      cap on how long list_folder/longpoll blocks (default: the requested timeout)
 * @property {number} [longpollBackoff]     seconds: answer longpolls with this backoff
 * @property {string} [linkBase]            origin of temporary links (default: set by the server)
 * @property {number} [listLimitOvershoot]  list_folder pages hold this many entries more than `limit` (default 0)
 * @property {boolean | string[]} [legacyPaper]  accounts on legacy Paper (paper_as_files false): true for all, or account IDs
 * @property {number} [paperDocLimit]       bytes of text a Paper doc may hold before doc_length_exceeded (default 10 MiB)
 * @property {boolean | { limit?: number, windowMs?: number, nested?: boolean, retryAfter?: number }} [writeContention]
 *   namespace write contention of single commits (see routes/files-upload.js; default off)
 * @property {number} [finishBatchJobOver]  finish_batch_v2 with more entries answers with a job (default: never)
 * @property {number} [finishBatchContendedEntries]  so many entries of the next finish_batch_v2 calls fail with
 *   too_many_write_operations, uncommitted (counted down; default 0)
 *
 * @typedef {object} UploadSession
 * @property {string} id
 * @property {string} accountId
 * @property {'sequential'|'concurrent'} type
 * @property {number} created               epoch ms
 * @property {boolean} closed
 * @property {number} size                  sequential: bytes so far; concurrent: the end of the highest piece
 * @property {number | undefined} total     concurrent: the size, once the closing piece came
 * @property {Map<number, number>} pieces   concurrent: offset -> length
 * @property {ContentHasher} hasher          sequential: the hash of the bytes so far
 * @property {string} file
 * @property {fs.promises.FileHandle | undefined} handle
 * @property {Promise<fs.promises.FileHandle> | undefined} [opening]  the open in progress (pieces arriving together)
 * @property {Promise<unknown>} queue       calls on one session run one at a time
 * @property {Blob} [preset]                the session's bytes as a blob already (a failed upload or finish)
 *
 * @typedef {object} Job
 * @property {string} id
 * @property {string} kind                  the check route that may poll it
 * @property {string} accountId
 * @property {number} polls
 * @property {number} launched              epoch ms
 * @property {Promise<{ status: 'complete'|'failed', value: unknown }>} outcome
 * @property {{ status: 'complete'|'failed', value: unknown, internal?: boolean } | undefined} settled
 */

const SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000;

class FilesRuntime {
	/** @param {import('../store').Store} store @param {FilesOptions} [options] */
	constructor(store, options = {}) {
		this.store = store;
		this.options = { asyncJobPolls: 1, ...options };
		/** @type {Map<string, UploadSession>} */
		this.sessions = new Map();
		/** @type {Map<string, Job>} */
		this.jobs = new Map();
		/** @type {Map<string, { ns: string, entry: import('../store').Entry, expires: number }>} */
		this.tempLinks = new Map();
		/** @type {Map<string, { accountId: string, root: string, commit: any, expires: number, used: boolean }>} */
		this.uploadLinks = new Map();
		/** @type {Map<string, { ns: string, id: string }>} */
		this.copyRefs = new Map();
		/** @type {Map<string, { entries: unknown[], seq: number }>} listing snapshots behind paging cursors */
		this.listings = new Map();
		/** @type {Set<() => void>} long polls to release on shutdown */
		this.waiters = new Set();
	}

	/**
	 * @param {string} accountId @param {'sequential'|'concurrent'} type
	 * @returns {UploadSession}
	 */
	newSession(accountId, type) {
		const session = {
			id: `pid_upload_session:${secret(54)}`,
			accountId,
			type,
			created: Date.now(),
			closed: false,
			size: 0,
			total: undefined,
			pieces: new Map(),
			hasher: new ContentHasher(),
			file: this.store.blobs.newFile(),
			handle: undefined,
			queue: Promise.resolve(),
		};
		this.sessions.set(session.id, session);
		return session;
	}

	/**
	 * A live session of this account (expired and foreign ones are not found).
	 * @param {string} id @param {string} accountId
	 */
	session(id, accountId) {
		const session = this.sessions.get(id);
		if (!session || session.accountId !== accountId) return undefined;
		if (Date.now() - session.created > SESSION_LIFETIME_MS) {
			this.dropSession(session);
			return undefined;
		}
		return session;
	}

	/** Run `fn` when the session's earlier calls are done. @template T @param {UploadSession} session @param {() => Promise<T>} fn @returns {Promise<T>} */
	serial(session, fn) {
		const run = session.queue.then(fn, fn);
		session.queue = run.catch(() => {});
		return run;
	}

	/** @param {UploadSession} session */
	async handleOf(session) {
		// 'r+' once the file exists: a blob made from it by a failed finish may still be read. Opened once even when
		// the pieces of a concurrent session arrive together.
		if (!session.handle) {
			const opening = (session.opening ??= fs.promises.open(session.file, fs.existsSync(session.file) ? 'r+' : 'w+'));
			session.handle = await opening;
		}
		return session.handle;
	}

	/**
	 * The session's bytes as a blob (its file now belongs to the blob; the caller ends the session once
	 * the blob is committed).
	 * @param {UploadSession} session @returns {Promise<Blob>}
	 */
	async seal(session) {
		const size = session.type === 'sequential' ? session.size : /** @type {number} */ (session.total);
		let hash;
		if (session.type === 'sequential') hash = session.hasher.clone().digest();
		else {
			const hasher = new ContentHasher();
			if (size > 0) for await (const chunk of fs.createReadStream(session.file, { start: 0, end: size - 1 })) hasher.update(/** @type {Buffer} */ (chunk));
			hash = hasher.digest();
		}
		if (session.handle) {
			await session.handle.truncate(size);
			await session.handle.close();
			session.handle = undefined;
			session.opening = undefined;
		} else await fs.promises.writeFile(session.file, '');
		return new Blob({ size, contentHash: hash, file: session.file });
	}

	/** @param {UploadSession} session */
	dropSession(session) {
		this.sessions.delete(session.id);
		session.handle?.close().catch(() => {});
		session.handle = undefined;
	}

	/** Age every upload session past its 7 days (they answer not_found from now on). */
	expireSessions() {
		for (const session of this.sessions.values()) session.created -= SESSION_LIFETIME_MS + 1;
	}

	/**
	 * Launch an async job; its work has already been done or is under way in `outcome`.
	 * @param {string} kind @param {string} accountId
	 * @param {Promise<{ status: 'complete'|'failed', value: unknown }>} outcome
	 */
	newJob(kind, accountId, outcome) {
		/** @type {Job} */
		const job = { id: `dbjid:AA${secret(62)}`, kind, accountId, polls: 0, launched: Date.now(), outcome, settled: undefined };
		outcome.then(
			(o) => (job.settled = o),
			(error) => {
				job.settled = { status: 'failed', value: undefined, internal: true };
				console.error(`stand-in: async job ${kind} failed:`, error);
			},
		);
		this.jobs.set(job.id, job);
		return job;
	}

	/**
	 * Poll a job: in_progress for the first `asyncJobPolls` polls and until its work is done.
	 * @param {string} id @param {string} kind @param {string} accountId
	 * @returns {{ status: 'in_progress' } | { status: 'complete'|'failed', value: unknown, internal?: boolean } | undefined}
	 */
	poll(id, kind, accountId) {
		const job = this.jobs.get(id);
		if (!job || job.kind !== kind || job.accountId !== accountId) return undefined;
		job.polls++;
		if (job.polls <= (this.options.asyncJobPolls ?? 1) || !job.settled) return { status: 'in_progress' };
		if (Date.now() < job.launched + this.jobDuration(job.settled.value)) return { status: 'in_progress' };
		return job.settled;
	}

	/**
	 * How long a job runs at Dropbox (assumed; Dropbox documents no figure): `asyncJobMs` plus
	 * `asyncJobMsPerEntry` for each entry of its outcome (a batch's `entries`; other jobs count as one entry).
	 * @param {unknown} value the job's outcome
	 */
	jobDuration(value) {
		const entries = /** @type {{ entries?: unknown }} */ (value ?? {}).entries;
		const size = Array.isArray(entries) ? entries.length : 1;
		return (this.options.asyncJobMs ?? 0) + (this.options.asyncJobMsPerEntry ?? 0) * size;
	}

	/** Stop waiting long polls, close session files. */
	dispose() {
		for (const release of this.waiters) release();
		this.waiters.clear();
		for (const session of this.sessions.values()) session.handle?.close().catch(() => {});
		this.sessions.clear();
	}
}

module.exports = { FilesRuntime, SESSION_LIFETIME_MS };
