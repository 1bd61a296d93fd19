// @ts-check
'use strict';

const { secret } = require('./ids');
const { iso, parentOf } = require('./store');
const S = require('./stone');
const { VOID, bool, str, timestamp, nullable, struct, union, list, uint64 } = S;

/**
 * File requests: per account, each with its id, title, description, destination folder (an entry id, so the request
 * follows its folder through moves and renames; a deleted folder leaves the request without a destination, as the
 * spec's `destination` "can be null if the destination was removed"), deadline, open or closed, and how many files
 * it received. Kept per store, beside it, so the files namespace needs no knowledge of them.
 *
 * Checked against file_requests.stone (2026 snapshot); what the spec leaves open is marked "Assumed" and listed in
 * test/emulator/README.md under "File requests".
 *
 * @typedef {import('./store').Store} Store
 * @typedef {import('./store').Account} Account
 * @typedef {import('./store').Change} Change
 *
 * @typedef {'one_day'|'two_days'|'seven_days'|'thirty_days'|'always'} GracePeriod
 *
 * @typedef {object} FileRequest
 * @property {string} id
 * @property {string} owner                      account_id
 * @property {string} title
 * @property {string | null} description
 * @property {string} folderId                   entry id of the destination folder
 * @property {{ deadline: string, allow_late_uploads: GracePeriod | null } | null} deadline
 * @property {boolean} isOpen
 * @property {number} fileCount
 * @property {Set<string>} received              ids of the files counted
 * @property {string} created                    DropboxTimestamp
 * @property {number} seq                        order of creation (cursors continue after one)
 *
 * @typedef {object} FileRequestState
 * @property {Map<string, FileRequest>} requests  by id, in creation order
 * @property {{ listV2Refused: Set<string>, pageSize: number }} options  accounts whose list_v2 calls are refused
 *   (see README); the most requests a list_v2 / continue page holds, whatever its limit
 * @property {number} counter
 */

/** @type {WeakMap<Store, FileRequestState>} */
const states = new WeakMap();

/**
 * Counts a file into every open request whose destination is the folder it lands in. Assumed: the stand-in cannot
 * tell an upload through the request's page from any other new file there, so every new file in the folder
 * (not in its subfolders) counts, once per file id: overwriting a file, or moving the folder with its files, does not.
 * @param {Store} store @param {FileRequestState} state @param {Change} change
 */
function countArrival(store, state, change) {
	if (change.op !== 'put' || change.entry.tag !== 'file') return;
	const folder = store.lookup(change.ns, parentOf(change.path_lower));
	if (!folder) return;
	for (const request of state.requests.values()) {
		if (!request.isOpen || request.folderId !== folder.id || request.received.has(change.entry.id)) continue;
		request.received.add(change.entry.id);
		request.fileCount++;
	}
}

/**
 * The file requests of a stand-in's store (created empty on first use, listening to the store from then on).
 * Assumed: a page holds up to the `limit` asked for, at most 1000 (list_v2's default); `options.pageSize` lowers
 * that cap for tests, as Dropbox may send fewer than asked.
 * @param {Store} store @returns {FileRequestState}
 */
function fileRequestState(store) {
	let state = states.get(store);
	if (!state) {
		const created = { requests: new Map(), options: { listV2Refused: new Set(), pageSize: 1000 }, counter: 0 };
		store.onChange((change) => countArrival(store, created, change));
		states.set(store, created);
		state = created;
	}
	return state;
}

// Argument types from file_requests.stone (decoded with Dropbox's strict decoder, defaults filled in).
const FileRequestId = str({ min: 1, pattern: '[-_0-9a-zA-Z]+' });
const Path = str({ pattern: String.raw`/(.|[\r\n])*`, re: /^\/[^]*$/ });
const GracePeriod = union({ one_day: VOID, two_days: VOID, seven_days: VOID, thirty_days: VOID, always: VOID });
const FileRequestDeadline = struct([
	['deadline', timestamp],
	['allow_late_uploads', nullable(GracePeriod)],
]);
const UpdateFileRequestDeadlineTags = union({ no_update: VOID, update: nullable(FileRequestDeadline) });

/**
 * UpdateFileRequestDeadline: `no_update`, or `update` with a FileRequestDeadline whose fields sit beside the tag (a
 * struct member is inlined on the wire), or `update` alone for null: the deadline is cleared.
 * @type {import('./stone').Validator}
 */
const UpdateFileRequestDeadline = (v) => {
	if (v && typeof v === 'object' && !Array.isArray(v) && v['.tag'] === 'update' && Object.keys(v).some((k) => k !== '.tag')) {
		const { '.tag': _tag, ...fields } = /** @type {Record<string, unknown>} */ (v);
		try {
			return { '.tag': 'update', update: FileRequestDeadline(fields) };
		} catch (error) {
			if (error instanceof S.StoneError) error.parents.push('update');
			throw error;
		}
	}
	return UpdateFileRequestDeadlineTags(v);
};

const TYPES = {
	CreateFileRequestArgs: struct([
		['title', str({ min: 1 })],
		['destination', Path],
		['deadline', nullable(FileRequestDeadline)],
		['open', bool, true],
		['description', nullable(str())],
		['video_project_id', nullable(str())],
	]),
	UpdateFileRequestArgs: struct([
		['id', FileRequestId],
		['title', nullable(str({ min: 1 }))],
		['destination', nullable(Path)],
		['deadline', UpdateFileRequestDeadline, { '.tag': 'no_update' }],
		['open', nullable(bool)],
		['description', nullable(str())],
	]),
	GetFileRequestArgs: struct([['id', FileRequestId]]),
	DeleteFileRequestArgs: struct([['ids', list(FileRequestId)]]),
	ListFileRequestsArg: struct([['limit', uint64(), 1000]]),
	ListFileRequestsContinueArg: struct([['cursor', str()]]),
};

/** A new request of `owner`. @param {FileRequestState} state @param {Omit<FileRequest, 'id' | 'fileCount' | 'received' | 'created' | 'seq'>} fields */
function addRequest(state, fields) {
	let id = secret(20);
	while (state.requests.has(id)) id = secret(20);
	/** @type {FileRequest} */
	const request = { ...fields, id, fileCount: 0, received: new Set(), created: iso(Date.now()), seq: ++state.counter };
	state.requests.set(id, request);
	return request;
}

/** The requests of an account, oldest first. @param {FileRequestState} state @param {Account} account */
const requestsOf = (state, account) => [...state.requests.values()].filter((r) => r.owner === account.account_id);

/**
 * Why an account may not set this deadline, or null. file_requests.stone: "Deadlines can only be set by Professional
 * and Business accounts". Assumed: Basic accounts get `no_permission`; a deadline that has passed is a
 * `validation_error`.
 * @param {Account} account @param {{ deadline: string }} deadline @returns {'no_permission' | 'validation_error' | null}
 */
function deadlineProblem(account, deadline) {
	if (account.account_type === 'basic') return 'no_permission';
	if (Date.parse(deadline.deadline) <= Date.now()) return 'validation_error';
	return null;
}

/**
 * A FileRequest as Dropbox shows it to its owner: the destination as a path from the caller's root (null when the
 * folder is gone or out of view), the deadline only when there is one, the description only when set.
 * @param {Store} store @param {FileRequest} request @param {string} root the caller's path root namespace
 */
function show(store, request, root) {
	const at = store.byEntryId(request.folderId);
	const prefix = at && store.viewPrefix(root, at.ns);
	/** @type {Record<string, unknown>} */
	const out = {
		id: request.id,
		url: `https://www.dropbox.com/request/${request.id}`,
		title: request.title,
		destination: at && prefix ? prefix.display + at.entry.path_display : null,
		created: request.created,
		is_open: request.isOpen,
		file_count: request.fileCount,
	};
	if (request.deadline) {
		/** @type {Record<string, unknown>} */
		const deadline = { deadline: request.deadline.deadline };
		if (request.deadline.allow_late_uploads) deadline.allow_late_uploads = { '.tag': request.deadline.allow_late_uploads };
		out.deadline = deadline;
	}
	if (request.description) out.description = request.description;
	return out;
}

/**
 * For tests: the requests of a store and the stand-in's switches.
 * @param {Store} store
 */
function fileRequests(store) {
	const state = fileRequestState(store);
	return {
		options: state.options,
		/** @param {string} id */
		find: (id) => state.requests.get(id),
		all: () => [...state.requests.values()],
		/** Refuse (or allow again) file_requests/list_v2 for an account, as for an app Dropbox does not give it to. @param {string} accountId @param {boolean} [refused] */
		refuseListV2(accountId, refused = true) {
			if (refused) state.options.listV2Refused.add(accountId);
			else state.options.listV2Refused.delete(accountId);
		},
	};
}

module.exports = { TYPES, fileRequestState, fileRequests, addRequest, requestsOf, deadlineProblem, show };
