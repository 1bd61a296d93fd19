// @ts-check
'use strict';

const { badInput, routeError } = require('../answers');
const { decodeArg } = require('../files/common');
const { callerOf } = require('../files/ops');
const { resolve, isProblem } = require('../files/paths');
const F = require('../fileRequests');

/**
 * The file request routes: create, get, update, list (v1, v2 and its continue), count, delete, delete_all_closed.
 * The model and Dropbox's rules are in ../fileRequests.js.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../files/ops').Caller} Caller
 * @typedef {import('../fileRequests').FileRequest} FileRequest
 */

const tag = (/** @type {string} */ t) => ({ '.tag': t });
const fail = (/** @type {string} */ t) => routeError(tag(t));

/**
 * The folder a request sends files to, by entry id. A folder that is not there is created, as the website does when
 * a request names a new folder (Assumed: the spec does not say). A file there, or a file where a parent folder
 * should be: `not_a_folder`. A path that does not resolve (a namespace the caller cannot reach): `validation_error`.
 * @param {Context} ctx @param {Caller} c @param {string} raw
 */
function destinationFolder(ctx, c, raw) {
	const loc = resolve(c.store, c.account, c.root, raw);
	if (isProblem(loc)) throw fail('validation_error');
	if (loc.lower === '' && !loc.entry) throw fail('validation_error'); // Assumed: the root cannot take a request
	if (loc.entry) {
		if (loc.entry.tag !== 'folder') throw fail('not_a_folder');
		return loc.entry.id;
	}
	if (loc.fileAncestor) throw fail('not_a_folder');
	return c.store.ensureFolder(loc.ns, loc.display).id;
}

/** @param {Caller} c @param {{ deadline: string, allow_late_uploads: { '.tag': string } | null }} deadline */
function checkedDeadline(c, deadline) {
	const problem = F.deadlineProblem(c.account, deadline);
	if (problem) throw fail(problem);
	return { deadline: deadline.deadline, allow_late_uploads: /** @type {any} */ (deadline.allow_late_uploads?.['.tag'] ?? null) };
}

/** A request of the caller, or not_found (another account's requests are not found either). @param {Caller} c @param {string} id */
function owned(c, id) {
	const request = F.fileRequestState(c.store).requests.get(id);
	if (!request || request.owner !== c.account.account_id) throw fail('not_found');
	return request;
}

/**
 * A list_v2 / continue page, and a cursor after its last request.
 * @param {Caller} c @param {FileRequest[]} requests @param {number} limit
 */
function page(c, requests, limit) {
	const taken = requests.slice(0, limit);
	const after = taken.length ? taken[taken.length - 1].seq : 0;
	return {
		file_requests: taken.map((r) => F.show(c.store, r, c.root)),
		cursor: Buffer.from(JSON.stringify({ a: c.account.account_id, s: after, l: limit })).toString('base64url'),
		has_more: requests.length > taken.length,
	};
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'file_requests/create': (ctx) => {
		const arg = decodeArg(ctx, F.TYPES.CreateFileRequestArgs);
		const c = callerOf(ctx);
		const deadline = arg.deadline ? checkedDeadline(c, arg.deadline) : null;
		const folderId = destinationFolder(ctx, c, arg.destination);
		const state = F.fileRequestState(c.store);
		const request = F.addRequest(state, { owner: c.account.account_id, title: arg.title, description: arg.description, folderId, deadline, isOpen: arg.open });
		return F.show(c.store, request, c.root);
	},

	'file_requests/get': (ctx) => {
		const arg = decodeArg(ctx, F.TYPES.GetFileRequestArgs);
		const c = callerOf(ctx);
		return F.show(c.store, owned(c, arg.id), c.root);
	},

	'file_requests/update': (ctx) => {
		const arg = decodeArg(ctx, F.TYPES.UpdateFileRequestArgs);
		const c = callerOf(ctx);
		const request = owned(c, arg.id);
		// Everything is checked before anything changes: a refused update changes nothing.
		const update = arg.deadline['.tag'] === 'update';
		const deadline = update && arg.deadline.update ? checkedDeadline(c, arg.deadline.update) : null;
		const folderId = arg.destination !== null ? destinationFolder(ctx, c, arg.destination) : request.folderId;
		if (arg.title !== null) request.title = arg.title;
		if (arg.description !== null) request.description = arg.description || null;
		if (update) request.deadline = deadline;
		if (arg.open !== null) request.isOpen = arg.open;
		request.folderId = folderId;
		return F.show(c.store, request, c.root);
	},

	'file_requests/list_v2': (ctx) => {
		const arg = decodeArg(ctx, F.TYPES.ListFileRequestsArg);
		const c = callerOf(ctx);
		const state = F.fileRequestState(c.store);
		// Assumed: how Dropbox refuses the route to an app it does not offer it to (it was a preview route): a 400.
		if (state.options.listV2Refused.has(c.account.account_id))
			throw badInput(ctx.route.id, 'This API function is not available to this app. Use file_requests/list instead.');
		// Assumed: a limit of 0 returns no requests and a cursor to continue from.
		return page(c, F.requestsOf(state, c.account), Math.min(arg.limit, state.options.pageSize));
	},

	'file_requests/list/continue': (ctx) => {
		const arg = decodeArg(ctx, F.TYPES.ListFileRequestsContinueArg);
		const c = callerOf(ctx);
		let k;
		try {
			k = JSON.parse(Buffer.from(arg.cursor, 'base64url').toString('utf8'));
		} catch {
			k = null;
		}
		if (!k || k.a !== c.account.account_id || !Number.isInteger(k.s) || !Number.isInteger(k.l)) throw fail('invalid_cursor');
		const state = F.fileRequestState(c.store);
		const rest = F.requestsOf(state, c.account).filter((r) => r.seq > k.s);
		return page(c, rest, Math.min(k.l, state.options.pageSize));
	},

	'file_requests/list': (ctx) => {
		const c = callerOf(ctx);
		return { file_requests: F.requestsOf(F.fileRequestState(c.store), c.account).map((r) => F.show(c.store, r, c.root)) };
	},

	'file_requests/count': (ctx) => {
		const c = callerOf(ctx);
		return { file_request_count: F.requestsOf(F.fileRequestState(c.store), c.account).length };
	},

	'file_requests/delete': (ctx) => {
		const arg = decodeArg(ctx, F.TYPES.DeleteFileRequestArgs);
		const c = callerOf(ctx);
		// file_requests.stone: delete takes "a batch of closed file requests"; one open among them refuses the lot.
		/** @type {FileRequest[]} */
		const requests = arg.ids.map((/** @type {string} */ id) => owned(c, id));
		if (requests.some((r) => r.isOpen)) throw fail('file_request_open');
		const state = F.fileRequestState(c.store);
		const shown = requests.map((r) => F.show(c.store, r, c.root));
		for (const r of requests) state.requests.delete(r.id);
		return { file_requests: shown };
	},

	'file_requests/delete_all_closed': (ctx) => {
		const c = callerOf(ctx);
		const state = F.fileRequestState(c.store);
		const closed = F.requestsOf(state, c.account).filter((r) => !r.isOpen);
		const shown = closed.map((r) => F.show(c.store, r, c.root));
		for (const r of closed) state.requests.delete(r.id);
		return { file_requests: shown };
	},
};
