// @ts-check
'use strict';

const http = require('node:http');
const https = require('node:https');
const { routeError, badInput } = require('../answers');
const { BlobWriter } = require('../blob');
const { secret } = require('../ids');
const { iso, lower, isUnder } = require('../store');
const T = require('../files/types');
const { decodeArg } = require('../files/common');
const { launch, check } = require('../files/jobs');
const ops = require('../files/ops');
const { resolve, isProblem } = require('../files/paths');
const { filterIds } = require('../files/properties');
const { metadata, fileMetadata, folderMetadata, deletedMetadata } = require('../files/meta');

const { Fail, tagged, guard, callerOf, mustExist, writeTarget } = ops;

/**
 * Metadata and file operations: get_metadata, create_folder, delete, copy, move (single and batch, with
 * their async jobs), permanently_delete, list_revisions, restore, copy references, tags, locks, save_url.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../store').Entry} Entry
 * @typedef {import('../files/ops').Caller} Caller
 */

/** @param {any} v */
const wrapPath = (v) => ({ '.tag': 'path', path: v });
/** @param {any} v */
const same = (v) => v;

/** Tagged metadata of an operation's result. @param {Caller} c @param {{ ns: string, entry: Entry, prefix: import('../files/paths').Prefix }} r */
const shown = (c, r) => metadata(c.store, r.ns, r.entry, r.prefix, { viewer: c.account.account_id });

/** @param {Context} ctx @param {string} path @param {boolean} autorename */
function createOne(ctx, path, autorename) {
	const c = callerOf(ctx);
	const r = ops.createFolder(c, path, autorename);
	return folderMetadata(c.store, r.ns, r.entry, r.prefix);
}

/** @param {Context} ctx @param {{ path: string, parent_rev: string | null }} arg */
const deleteOne = (ctx, arg) => ops.deleteAt(callerOf(ctx), arg.path, arg.parent_rev);

/** @param {Context} ctx @param {{ from_path: string, to_path: string, autorename: boolean }} arg @param {boolean} copy */
function relocateOne(ctx, arg, copy) {
	const c = callerOf(ctx);
	return shown(c, ops.relocate(c, arg.from_path, arg.to_path, { copy, autorename: arg.autorename }));
}

/**
 * copy_batch_v2 / move_batch_v2: entries run in order; an entry whose paths repeat or nest in an
 * earlier entry's fails with duplicated_or_nested_paths.
 * @param {Context} ctx @param {boolean} copy
 */
function relocateBatch(ctx, copy) {
	const arg = decodeArg(ctx, copy ? T.CopyBatchArg : T.MoveBatchArg);
	const c = callerOf(ctx);
	return launch(ctx, copy ? 'files/copy_batch/check_v2' : 'files/move_batch/check_v2', async () => {
		/** @type {string[]} */
		const seen = [];
		const key = (/** @type {string} */ p) => {
			const loc = resolve(c.store, c.account, c.root, p);
			return isProblem(loc) ? lower(p) : `${loc.ns}:${loc.lower}`;
		};
		const clash = (/** @type {string} */ a, /** @type {string} */ b) => a === b || isUnder(a, b) || isUnder(b, a);
		const entries = arg.entries.map((/** @type {any} */ e) => {
			const paths = [key(e.from_path), key(e.to_path)];
			try {
				if (paths.some((p) => seen.some((s) => clash(p, s)))) throw new Fail(tagged('duplicated_or_nested_paths'));
				seen.push(...paths);
				return { '.tag': 'success', success: shown(c, ops.relocate(c, e.from_path, e.to_path, { copy, autorename: arg.autorename })) };
			} catch (error) {
				if (!(error instanceof Fail)) throw error;
				return { '.tag': 'failure', failure: { '.tag': 'relocation_error', relocation_error: error.value } };
			}
		});
		return { status: 'complete', value: { entries } };
	});
}

/** Content of a URL for save_url: loopback URLs are fetched, others made up. @param {URL} url @returns {Promise<Buffer | null>} */
function fetchUrl(url) {
	if (url.hostname.endsWith('.invalid')) return Promise.resolve(null);
	const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);
	if (!loopback) return Promise.resolve(Buffer.from(`Saved by the Dropbox stand-in from ${url.href}\n`, 'utf8'));
	return new Promise((done) => {
		const get = url.protocol === 'https:' ? https.get : http.get;
		const req = get(url, { timeout: 30_000, rejectUnauthorized: false }, (res) => {
			if ((res.statusCode ?? 500) >= 300) {
				res.resume();
				return done(null);
			}
			const chunks = /** @type {Buffer[]} */ ([]);
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => done(Buffer.concat(chunks)));
			res.on('error', () => done(null));
		});
		req.on('error', () => done(null));
		req.on('timeout', () => req.destroy());
	});
}

/** A lock as the spec shows it (FileLockContent). @param {Caller} c @param {string} id */
function lockContent(c, id) {
	const lock = c.store.locks.get(id);
	if (!lock) return { '.tag': 'unlocked' };
	const holder = c.store.accounts.get(lock.account_id);
	return {
		'.tag': 'single_user',
		created: lock.created,
		lock_holder_account_id: lock.account_id,
		...(holder?.team_member_id && c.store.team && { lock_holder_team_id: c.store.team.team_id }),
	};
}

/**
 * lock_file_batch, unlock_file_batch, get_file_lock_batch. Assumed: any file can be locked (Dropbox ties
 * locking to business accounts and shared files); a team admin acting with Select-Admin may unlock others' locks.
 * @param {Context} ctx @param {'lock'|'unlock'|'get'} action
 */
function lockBatch(ctx, action) {
	const arg = decodeArg(ctx, T.LockFileBatchArg);
	if (arg.entries.length > 1000) throw routeError(tagged('too_many_files'));
	const c = callerOf(ctx);
	const me = c.account.account_id;
	const entries = arg.entries.map((/** @type {{ path: string }} */ { path }) => {
		const loc = resolve(c.store, c.account, c.root, path);
		if (isProblem(loc)) return { '.tag': 'failure', failure: { '.tag': 'path_lookup', path_lookup: tagged(loc.problem) } };
		if (!loc.entry) return { '.tag': 'failure', failure: { '.tag': 'path_lookup', path_lookup: tagged('not_found') } };
		const entry = loc.entry;
		if (entry.tag !== 'file') return { '.tag': 'failure', failure: tagged('cannot_be_locked') };
		const lock = c.store.locks.get(entry.id);
		const admin = ctx.caller.adminMode !== undefined;
		if (lock && lock.account_id !== me && action !== 'get' && !(action === 'unlock' && admin))
			return { '.tag': 'failure', failure: { '.tag': 'lock_conflict', lock: { content: lockContent(c, entry.id) } } };
		if (action === 'lock' && !lock) c.store.locks.set(entry.id, { created: iso(Date.now()), account_id: me });
		if (action === 'unlock') c.store.locks.delete(entry.id);
		return { '.tag': 'success', metadata: metadata(c.store, loc.ns, entry, loc.prefix, { viewer: me }), lock: { content: lockContent(c, entry.id) } };
	});
	return { entries };
}

/** @param {Caller} c @param {string} path */
const tagTarget = (c, path) => guard(() => mustExist(c, path), wrapPath);

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'files/get_metadata': (ctx) => {
		const arg = decodeArg(ctx, T.GetMetadataArg);
		// The wording Dropbox is reported to use ("Metadata for the root folder is unsupported").
		if (arg.path === '/') throw badInput(ctx.route.id, `${ctx.where}: path: The root folder is unsupported.`);
		const c = callerOf(ctx);
		const loc = resolve(c.store, c.account, c.root, arg.path);
		if (isProblem(loc)) throw routeError(wrapPath(tagged(loc.problem)));
		if (!loc.entry) {
			const gone = arg.include_deleted && !loc.fileAncestor ? c.store.namespace(loc.ns).deleted.get(loc.lower) : undefined;
			if (gone) return deletedMetadata(gone, loc.prefix);
			throw routeError(wrapPath(tagged('not_found')));
		}
		return metadata(c.store, loc.ns, loc.entry, loc.prefix, { viewer: c.account.account_id, explicitMembers: arg.include_has_explicit_shared_members, propertyTemplates: filterIds(arg.include_property_groups) });
	},

	'files/create_folder_v2': (ctx) => {
		const arg = decodeArg(ctx, T.CreateFolderArg);
		return guard(() => ({ metadata: createOne(ctx, arg.path, arg.autorename) }), wrapPath);
	},

	'files/create_folder': (ctx) => {
		const arg = decodeArg(ctx, T.CreateFolderArg);
		return guard(() => createOne(ctx, arg.path, arg.autorename), wrapPath);
	},

	'files/create_folder_batch': (ctx) => {
		const arg = decodeArg(ctx, T.CreateFolderBatchArg);
		const run = () => {
			/** @type {Map<string, object>} */
			const done = new Map();
			const entries = arg.paths.map((/** @type {string} */ path) => {
				const key = lower(path);
				let result = done.get(key);
				if (!result) {
					try {
						result = { '.tag': 'success', metadata: createOne(ctx, path, arg.autorename) };
					} catch (error) {
						if (!(error instanceof Fail)) throw error;
						result = { '.tag': 'failure', failure: wrapPath(error.value) };
					}
					done.set(key, result);
				}
				return result;
			});
			return { entries };
		};
		// Small batches finish at once unless force_async (the spec: asynchronous for large batches).
		if (!arg.force_async && arg.paths.length <= 100) return { '.tag': 'complete', ...run() };
		return launch(ctx, 'files/create_folder_batch/check', async () => ({ status: 'complete', value: run() }));
	},

	'files/create_folder_batch/check': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value) })),

	'files/delete_v2': (ctx) => {
		const arg = decodeArg(ctx, T.DeleteArg);
		return guard(() => ({ metadata: deleteOne(ctx, arg) }), same);
	},

	'files/delete': (ctx) => {
		const arg = decodeArg(ctx, T.DeleteArg);
		return guard(() => deleteOne(ctx, arg), same);
	},

	'files/delete_batch': (ctx) => {
		const arg = decodeArg(ctx, T.DeleteBatchArg);
		return launch(ctx, 'files/delete_batch/check', async () => {
			const entries = arg.entries.map((/** @type {any} */ e) => {
				try {
					return { '.tag': 'success', metadata: deleteOne(ctx, e) };
				} catch (error) {
					if (!(error instanceof Fail)) throw error;
					return { '.tag': 'failure', failure: error.value };
				}
			});
			return { status: 'complete', value: { entries } };
		});
	},

	'files/delete_batch/check': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value) })),

	// Assumed: open to every account (Dropbox documents it for Business apps only).
	'files/permanently_delete': (ctx) => {
		const arg = decodeArg(ctx, T.DeleteArg);
		const c = callerOf(ctx);
		return guard(() => {
			const loc = resolve(c.store, c.account, c.root, arg.path);
			if (isProblem(loc)) throw new Fail({ '.tag': 'path_lookup', path_lookup: tagged(loc.problem) });
			const gone = c.store.namespace(loc.ns).deleted.get(loc.lower);
			if (loc.entry) ops.deleteAt(c, arg.path, arg.parent_rev);
			else if (!gone) throw new Fail({ '.tag': 'path_lookup', path_lookup: tagged('not_found') });
			c.store.purge(loc.ns, loc.lower);
			return null;
		}, same);
	},

	'files/copy_v2': (ctx) => {
		const arg = decodeArg(ctx, T.RelocationArg);
		return guard(() => ({ metadata: relocateOne(ctx, arg, true) }), same);
	},
	'files/move_v2': (ctx) => {
		const arg = decodeArg(ctx, T.RelocationArg);
		return guard(() => ({ metadata: relocateOne(ctx, arg, false) }), same);
	},
	'files/copy': (ctx) => {
		const arg = decodeArg(ctx, T.RelocationArg);
		return guard(() => relocateOne(ctx, arg, true), same);
	},
	'files/move': (ctx) => {
		const arg = decodeArg(ctx, T.RelocationArg);
		return guard(() => relocateOne(ctx, arg, false), same);
	},

	'files/copy_batch_v2': (ctx) => relocateBatch(ctx, true),
	'files/move_batch_v2': (ctx) => relocateBatch(ctx, false),
	'files/copy_batch/check_v2': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value) })),
	'files/move_batch/check_v2': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value) })),

	'files/list_revisions': (ctx) => {
		const arg = decodeArg(ctx, T.ListRevisionsArg);
		const c = callerOf(ctx);
		const { store } = c;
		const mode = arg.mode['.tag'];
		const loc = resolve(store, c.account, c.root, arg.path);
		if (isProblem(loc)) throw routeError(wrapPath(tagged(loc.problem)));
		const gone = loc.entry ? undefined : store.namespace(loc.ns).deleted.get(loc.lower);
		if (loc.entry?.tag === 'folder' || (!loc.entry && gone?.tag === 'folder')) throw routeError(wrapPath(tagged('not_file')));
		if (!loc.entry && !gone) throw routeError(wrapPath(tagged('not_found')));
		/** @type {string[]} */
		let revs;
		let isDeleted;
		let serverDeleted;
		if (mode === 'id') {
			if (arg.before_rev) throw routeError(tagged('before_rev_not_supported'));
			const id = loc.entry?.id ?? /** @type {import('../store').Deleted} */ (gone).id;
			revs = store.idRevs.get(id) ?? [];
			const live = store.byEntryId(id);
			isDeleted = !live;
			if (isDeleted) {
				const last = store.revisions.get(revs[revs.length - 1]);
				serverDeleted = last && store.namespace(last.ns).deleted.get(last.entry.path_lower)?.server_deleted;
			}
		} else {
			revs = store.namespace(loc.ns).pathRevs.get(loc.lower) ?? [];
			isDeleted = !loc.entry;
			serverDeleted = gone?.server_deleted;
		}
		let newest = [...revs].reverse();
		if (arg.before_rev) {
			const at = newest.indexOf(arg.before_rev);
			if (at < 0) throw routeError(tagged('invalid_before_rev'));
			newest = newest.slice(at + 1);
		}
		const page = newest.slice(0, arg.limit);
		const entries = page.map((rev) => {
			const r = /** @type {import('../store').Revision} */ (store.revisions.get(rev));
			const prefix = store.viewPrefix(c.root, r.ns) ?? { lower: '', display: '' };
			return fileMetadata(store, r.ns, r.entry, prefix, { viewer: c.account.account_id, restorable: arg.include_restorable_info || undefined });
		});
		return { is_deleted: isDeleted, ...(isDeleted && serverDeleted && { server_deleted: serverDeleted }), entries, has_more: newest.length > page.length };
	},

	'files/restore': (ctx) => {
		const arg = decodeArg(ctx, T.RestoreArg);
		const c = callerOf(ctx);
		return guard(() => {
			const r = ops.restoreRev(c, arg.path, arg.rev);
			return fileMetadata(c.store, r.ns, r.entry, r.prefix, { viewer: c.account.account_id });
		}, same);
	},

	'files/copy_reference/get': (ctx) => {
		const arg = decodeArg(ctx, T.GetCopyReferenceArg);
		const c = callerOf(ctx);
		const loc = guard(() => mustExist(c, arg.path), wrapPath);
		const ref = secret(22);
		ctx.state.files.copyRefs.set(ref, { ns: loc.ns, id: loc.entry.id });
		return {
			metadata: metadata(c.store, loc.ns, loc.entry, loc.prefix, { viewer: c.account.account_id }),
			copy_reference: ref,
			expires: iso(Date.now() + 30 * 365 * 24 * 3600 * 1000),
		};
	},

	'files/copy_reference/save': (ctx) => {
		const arg = decodeArg(ctx, T.SaveCopyReferenceArg);
		const c = callerOf(ctx);
		const ref = ctx.state.files.copyRefs.get(arg.copy_reference);
		if (!ref) throw routeError(tagged('invalid_copy_reference'));
		const source = c.store.byEntryId(ref.id);
		if (!source) throw routeError(tagged('not_found'));
		return guard(
			() => {
				const to = writeTarget(c, arg.path);
				return { metadata: shown(c, ops.transfer(c, source.ns, source.entry, to, { copy: true, autorename: false })) };
			},
			(value) =>
				value['.tag'] === 'to'
					? wrapPath(value.to)
					: value['.tag'] === 'too_many_files'
						? value
						: ['conflict', 'malformed_path', 'disallowed_name', 'no_write_permission'].includes(value['.tag'])
							? wrapPath(value)
							: tagged('no_permission'),
		);
	},

	'files/tags/add': (ctx) => {
		const arg = decodeArg(ctx, T.TagArg);
		const c = callerOf(ctx);
		const loc = tagTarget(c, arg.path);
		const tags = c.store.tags.get(loc.entry.id) ?? [];
		const text = arg.tag_text.toLowerCase();
		if (!tags.includes(text)) {
			if (tags.length >= 20) throw routeError(tagged('too_many_tags'));
			c.store.tags.set(loc.entry.id, [...tags, text]);
		}
		return null;
	},

	'files/tags/remove': (ctx) => {
		const arg = decodeArg(ctx, T.TagArg);
		const c = callerOf(ctx);
		const loc = tagTarget(c, arg.path);
		const tags = c.store.tags.get(loc.entry.id) ?? [];
		const text = arg.tag_text.toLowerCase();
		if (!tags.includes(text)) throw routeError(tagged('tag_not_present'));
		c.store.tags.set(
			loc.entry.id,
			tags.filter((t) => t !== text),
		);
		return null;
	},

	'files/tags/get': (ctx) => {
		const arg = decodeArg(ctx, T.GetTagsArg);
		const c = callerOf(ctx);
		return {
			paths_to_tags: arg.paths.map((/** @type {string} */ path) => ({
				path,
				tags: (c.store.tags.get(tagTarget(c, path).entry.id) ?? []).map((tag_text) => ({ '.tag': 'user_generated_tag', tag_text })),
			})),
		};
	},

	'files/lock_file_batch': (ctx) => lockBatch(ctx, 'lock'),
	'files/unlock_file_batch': (ctx) => lockBatch(ctx, 'unlock'),
	'files/get_file_lock_batch': (ctx) => lockBatch(ctx, 'get'),

	'files/save_url': (ctx) => {
		const arg = decodeArg(ctx, T.SaveUrlArg);
		const c = callerOf(ctx);
		let url;
		try {
			url = new URL(arg.url);
		} catch {
			throw routeError(tagged('invalid_url'));
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') throw routeError(tagged('invalid_url'));
		guard(() => {
			const to = writeTarget(c, arg.path);
			if (to.entry) throw ops.writeFail('conflict', to.entry.tag === 'file' ? 'file' : 'folder');
		}, wrapPath);
		return launch(ctx, 'files/save_url/check_job_status', async () => {
			const bytes = await fetchUrl(url);
			if (!bytes) return { status: 'failed', value: tagged('download_failed') };
			const writer = new BlobWriter(c.store.blobs);
			await writer.write(bytes);
			const blob = await writer.finish();
			try {
				const r = ops.commitFile(c, arg.path, blob, { mode: { '.tag': 'add' }, autorename: false, client_modified: null, strict_conflict: false });
				return { status: 'complete', value: fileMetadata(c.store, r.ns, r.entry, r.prefix, { viewer: c.account.account_id }) };
			} catch (error) {
				if (!(error instanceof Fail)) throw error;
				return { status: 'failed', value: wrapPath(error.value) };
			}
		});
	},

	'files/save_url/check_job_status': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value) })),
};
