// @ts-check
'use strict';

const { routeError } = require('../answers');
const { iso, lower, parentOf, baseName, isUnder } = require('../store');
const { resolve, isProblem, inside } = require('./paths');
const { metadata } = require('./meta');
const { groupProblem, setGroups } = require('./properties');

/**
 * File operations with Dropbox's conflict rules, shared by the routes: write a file (modes add,
 * overwrite, update; autorename; strict_conflict), create folders, delete, copy, move, restore.
 * Failures are thrown as `Fail` carrying the error union value of the operation (LookupError,
 * WriteError, RelocationError...); routes wrap them in their own error unions.
 *
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Entry} Entry
 * @typedef {import('./paths').Loc} Loc
 * @typedef {import('./paths').Prefix} Prefix
 *
 * @typedef {object} Caller
 * @property {Store} store
 * @property {import('../store').Account} account
 * @property {string} root                   the path root namespace
 *
 * @typedef {{ mode: { '.tag': 'add'|'overwrite'|'update', update?: string }, autorename: boolean, client_modified: string|null, strict_conflict: boolean }} Commit
 */

class Fail extends Error {
	/** @param {any} value an error union value */
	constructor(value) {
		super(value['.tag']);
		this.value = value;
	}
}

/** @param {string} tag */
const tagged = (tag) => ({ '.tag': tag });
/** LookupError @param {string} tag */
const lookupFail = (tag) => new Fail(tagged(tag));
/** WriteError @param {string} tag @param {'file'|'folder'|'file_ancestor'} [conflict] */
const writeFail = (tag, conflict) => new Fail(conflict ? { '.tag': 'conflict', conflict: tagged(conflict) } : tagged(tag));

/**
 * Run `fn`; a Fail becomes the route's 409 with the value wrapped by `wrap`.
 * @template T @param {() => T} fn @param {(value: any) => any} wrap @returns {T}
 */
function guard(fn, wrap) {
	try {
		return fn();
	} catch (error) {
		if (error instanceof Fail) throw routeError(wrap(error.value));
		throw error;
	}
}

/** Async guard. @template T @param {() => Promise<T>} fn @param {(value: any) => any} wrap @returns {Promise<T>} */
async function guardAsync(fn, wrap) {
	try {
		return await fn();
	} catch (error) {
		if (error instanceof Fail) throw routeError(wrap(error.value));
		throw error;
	}
}

/** @param {import('../dispatch').Context} ctx @returns {Caller} */
function callerOf(ctx) {
	const account = ctx.caller.user();
	return { store: ctx.state.store, account, root: ctx.pathRoot?.namespace_id ?? account.home_namespace_id };
}

/** Names Dropbox will not store (files its apps never sync). Assumed: the spec only names the error. */
const DISALLOWED = new Set(['desktop.ini', 'thumbs.db', '.ds_store', 'icon\r', '.dropbox', '.dropbox.attr']);

/**
 * Something that must exist (a LookupError otherwise).
 * @param {Caller} c @param {string} raw @returns {Loc & { entry: Entry }}
 */
function mustExist(c, raw) {
	const loc = resolve(c.store, c.account, c.root, raw);
	if (isProblem(loc)) throw lookupFail(loc.problem);
	if (!loc.entry) throw lookupFail('not_found');
	return /** @type {Loc & { entry: Entry }} */ (loc);
}

/** A file that must exist. @param {Caller} c @param {string} raw */
function mustBeFile(c, raw) {
	const loc = mustExist(c, raw);
	if (loc.entry.tag !== 'file') throw lookupFail('not_file');
	return loc;
}

/** A folder that must exist (the root counts). @param {Caller} c @param {string} raw */
function mustBeFolder(c, raw) {
	const loc = resolve(c.store, c.account, c.root, raw);
	if (isProblem(loc)) throw lookupFail(loc.problem);
	const isRoot = loc.lower === '' && !loc.entry && !loc.missingParent && !loc.fileAncestor;
	if (!isRoot && !loc.entry) throw lookupFail('not_found');
	if (loc.entry && loc.entry.tag !== 'folder') throw lookupFail('not_folder');
	return loc;
}

/**
 * Where something will be written (a WriteError otherwise).
 * @param {Caller} c @param {string} raw @returns {Loc}
 */
function writeTarget(c, raw) {
	const loc = resolve(c.store, c.account, c.root, raw);
	// An id or namespace that does not resolve leaves nothing to write to. Assumed: malformed_path.
	if (isProblem(loc)) throw writeFail('malformed_path');
	if (loc.lower === '' && !loc.entry) throw writeFail('malformed_path');
	if (loc.fileAncestor) throw writeFail('conflict', 'file_ancestor');
	if (DISALLOWED.has(lower(baseName(loc.display)))) throw writeFail('disallowed_name');
	return loc;
}

/**
 * A free name in a folder: "name (1).ext", "name (2).ext", ... or "name (conflicted copy).ext".
 * @param {Store} store @param {string} nsId @param {string} display ns path of the wanted name
 * @param {'number'|'conflicted'} style
 */
function freeName(store, nsId, display, style) {
	const parent = parentOf(display);
	const name = baseName(display);
	const dot = name.lastIndexOf('.');
	const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
	for (let n = 1; ; n++) {
		const label = style === 'number' ? `${n}` : n === 1 ? 'conflicted copy' : `conflicted copy ${n}`;
		const candidate = `${parent}/${stem} (${label})${ext}`;
		if (!store.lookup(nsId, candidate)) return candidate;
	}
}

/** The parent folders of a location, created when missing; its final display path. @param {Store} store @param {Loc} loc @param {string} [display] */
function prepareParents(store, loc, display = loc.display) {
	const parent = store.ensureFolder(loc.ns, parentOf(display));
	return `${parent.path_display}/${baseName(display)}`;
}

/**
 * Write file bytes under a commit's rules. The result is the entry now at the path (the existing one,
 * untouched, when identical content makes the write a no-op).
 * @param {Caller} c @param {string} raw @param {import('../blob').Blob} blob @param {Commit} commit
 * @returns {{ ns: string, entry: Entry, prefix: Prefix }}
 */
function commitFile(c, raw, blob, commit) {
	const { store } = c;
	// CommitInfo.property_groups: checked before anything is written (UploadError.properties_error), set on the
	// file with the commit, so the file is never listed without them.
	const groups = /** @type {any} */ (commit).property_groups;
	const problem = groups ? groupProblem(store, c.account, groups, 'file') : undefined;
	if (problem) throw new Fail({ '.tag': 'properties_error', properties_error: problem });
	const loc = writeTarget(c, raw);
	const mode = commit.mode['.tag'];
	const existing = loc.entry;
	const strict = commit.strict_conflict;
	const same = existing?.tag === 'file' && existing.content_hash === blob.contentHash;
	/** @type {string} */
	let display = loc.display;
	let id;
	let paperRevision;
	/** @param {'file'|'folder'} kind */
	const conflict = (kind) => {
		if (!commit.autorename) throw writeFail('conflict', kind);
		display = freeName(store, loc.ns, loc.display, mode === 'update' && kind === 'file' ? 'conflicted' : 'number');
	};
	if (existing?.tag === 'folder') conflict('folder');
	else if (existing) {
		if (same && !strict) return { ns: loc.ns, entry: existing, prefix: loc.prefix };
		if (mode === 'add') conflict('file');
		else if (mode === 'update' && existing.rev !== commit.mode.update) conflict('file');
		else {
			id = existing.id;
			display = existing.path_display;
			paperRevision = (existing.paper_revision ?? 0) + 1;
		}
	} else if (mode === 'update' && strict && store.namespace(loc.ns).deleted.get(loc.lower)?.tag === 'file') conflict('file');
	const path_display = prepareParents(store, loc, display);
	const entry = store.writeFile(loc.ns, {
		id,
		path_display,
		blob,
		clientModified: commit.client_modified ?? undefined,
		modifiedBy: c.account.account_id,
		paperRevision,
	});
	if (groups?.length) setGroups(store, entry.id, groups);
	return { ns: loc.ns, entry, prefix: loc.prefix };
}

/**
 * @param {Caller} c @param {string} raw @param {boolean} autorename
 * @returns {{ ns: string, entry: Entry, prefix: Prefix }}
 */
function createFolder(c, raw, autorename) {
	const { store } = c;
	const loc = writeTarget(c, raw);
	let display = loc.display;
	if (loc.entry) {
		if (!autorename) throw writeFail('conflict', loc.entry.tag === 'file' ? 'file' : 'folder');
		display = freeName(store, loc.ns, loc.display, 'number');
	}
	const path_display = prepareParents(store, loc, display);
	return { ns: loc.ns, entry: store.writeFolder(loc.ns, path_display), prefix: loc.prefix };
}

/** How many entries an operation on this entry touches. @param {Store} store @param {string} nsId @param {Entry} entry */
function countTree(store, nsId, entry) {
	if (entry.tag === 'file') return 1;
	let n = 1;
	for (const e of store.descendants(nsId, entry.path_lower)) {
		n++;
		if (e.mountedNamespaceId) n += store.namespace(e.mountedNamespaceId).entries.size;
	}
	return n;
}

const MAX_FILES = 10_000;

/**
 * files/delete_v2: the metadata of what was deleted, as it was. Errors are DeleteError values.
 * @param {Caller} c @param {string} raw @param {string | null} parentRev
 */
function deleteAt(c, raw, parentRev) {
	const { store } = c;
	const loc = resolve(store, c.account, c.root, raw);
	if (isProblem(loc)) throw new Fail({ '.tag': 'path_lookup', path_lookup: tagged(loc.problem) });
	if (!loc.entry) throw new Fail({ '.tag': 'path_lookup', path_lookup: tagged('not_found') });
	const entry = loc.entry;
	// A member's folder in the team space is a namespace of its own. Assumed: team_folder.
	if (entry.mountedNamespaceId) throw new Fail({ '.tag': 'path_write', path_write: tagged('team_folder') });
	if (parentRev) {
		// Assumed (the spec only says parent_rev does not apply to folders): not_file, and a conflict on a stale rev.
		if (entry.tag !== 'file') throw new Fail({ '.tag': 'path_lookup', path_lookup: tagged('not_file') });
		if (entry.rev !== parentRev) throw new Fail({ '.tag': 'path_write', path_write: { '.tag': 'conflict', conflict: tagged('file') } });
	}
	if (countTree(store, loc.ns, entry) > MAX_FILES) throw new Fail(tagged('too_many_files'));
	const shown = metadata(store, loc.ns, entry, loc.prefix, { viewer: c.account.account_id });
	for (const removed of store.remove(loc.ns, entry.path_lower)) store.locks.delete(removed.id);
	return shown;
}

/**
 * Is namespace `nsId` the namespace of (or mounted somewhere below) the folder `folder` of `folderNs`?
 * @param {Store} store @param {string} nsId @param {string} folderNs @param {string} folder
 */
function nsInside(store, nsId, folderNs, folder) {
	let current = store.namespaces.get(nsId);
	while (current?.mountedIn) {
		const at = current.mountedIn;
		if (at.ns === folderNs && (at.path_lower === folder || isUnder(at.path_lower, folder))) return true;
		current = store.namespaces.get(at.ns);
	}
	return false;
}

/**
 * files/copy_v2 and move_v2. Errors are RelocationError values.
 * @param {Caller} c @param {string} fromRaw @param {string} toRaw
 * @param {{ copy: boolean, autorename: boolean }} options
 * @returns {{ ns: string, entry: Entry, prefix: Prefix }}
 */
function relocate(c, fromRaw, toRaw, { copy, autorename }) {
	const { store } = c;
	const from = resolve(store, c.account, c.root, fromRaw);
	if (isProblem(from)) throw new Fail({ '.tag': 'from_lookup', from_lookup: tagged(from.problem) });
	if (!from.entry) throw new Fail({ '.tag': 'from_lookup', from_lookup: tagged('not_found') });
	let to;
	try {
		to = writeTarget(c, toRaw);
	} catch (error) {
		if (error instanceof Fail) throw new Fail({ '.tag': 'to', to: error.value });
		throw error;
	}
	// Assumed: the same path (a case-only rename too, which Dropbox does not support) is "duplicated".
	if (to.ns === from.ns && to.lower === from.lower) throw new Fail(tagged('duplicated_or_nested_paths'));
	return transfer(c, from.ns, from.entry, to, { copy, autorename });
}

/**
 * Copy or move an entry (and what is inside it) to a resolved target. Copies get new ids; moves keep
 * them. Errors are RelocationError values.
 * @param {Caller} c @param {string} fromNs @param {Entry} src @param {Loc} to
 * @param {{ copy: boolean, autorename: boolean }} options
 * @returns {{ ns: string, entry: Entry, prefix: Prefix }}
 */
function transfer(c, fromNs, src, to, { copy, autorename }) {
	const { store } = c;
	if (src.tag === 'folder' && ((to.ns === fromNs && isUnder(to.lower, src.path_lower)) || nsInside(store, to.ns, fromNs, src.path_lower)))
		throw new Fail(tagged('cant_move_folder_into_itself'));
	const inner = src.tag === 'folder' ? store.descendants(fromNs, src.path_lower) : [];
	const mounts = [src, ...inner].filter((e) => e.mountedNamespaceId);
	if (mounts.length && copy) throw new Fail(tagged('cant_copy_shared_folder'));
	if (mounts.length && to.ns !== fromNs) throw new Fail(tagged('cant_move_shared_folder'));
	if (countTree(store, fromNs, src) > MAX_FILES) throw new Fail(tagged('too_many_files'));
	let display = to.display;
	if (to.entry) {
		if (!autorename) throw new Fail({ '.tag': 'to', to: { '.tag': 'conflict', conflict: tagged(to.entry.tag === 'file' ? 'file' : 'folder') } });
		display = freeName(store, to.ns, to.display, 'number');
	}
	const items = [src, ...inner];
	if (!copy) store.remove(fromNs, src.path_lower);
	const top = prepareParents(store, to, display);
	/** @type {Entry | undefined} */
	let first;
	for (const item of items) {
		const path_display = top + item.path_display.slice(src.path_display.length);
		const written =
			item.tag === 'folder'
				? store.writeFolder(to.ns, path_display, copy ? undefined : item.id, copy ? undefined : item.mountedNamespaceId)
				: store.writeFile(to.ns, {
						id: copy ? undefined : item.id,
						path_display,
						blob: /** @type {import('../blob').Blob} */ (item.blob),
						clientModified: item.client_modified,
						modifiedBy: c.account.account_id,
						paperRevision: item.paper_revision,
					});
		first ??= written;
	}
	return { ns: to.ns, entry: /** @type {Entry} */ (first), prefix: to.prefix };
}

/**
 * files/restore. Errors are RestoreError values.
 * @param {Caller} c @param {string} raw @param {string} rev
 */
function restoreRev(c, raw, rev) {
	const { store } = c;
	const revision = store.revisions.get(rev);
	let loc;
	try {
		loc = writeTarget(c, raw);
	} catch (error) {
		if (error instanceof Fail) throw new Fail({ '.tag': 'path_write', path_write: error.value });
		throw error;
	}
	if (!revision || !store.accessibleNamespaces(c.account).has(revision.ns)) throw new Fail(tagged('invalid_revision'));
	if (loc.entry?.tag === 'folder') throw new Fail({ '.tag': 'path_write', path_write: { '.tag': 'conflict', conflict: tagged('folder') } });
	const old = revision.entry;
	const id = loc.entry?.id ?? (store.byId.has(old.id) ? undefined : old.id);
	const path_display = prepareParents(store, loc, loc.entry?.path_display ?? loc.display);
	const entry = store.writeFile(loc.ns, {
		id,
		path_display,
		blob: /** @type {import('../blob').Blob} */ (old.blob),
		clientModified: old.client_modified,
		modifiedBy: c.account.account_id,
		paperRevision: old.paper_revision,
	});
	return { ns: loc.ns, entry, prefix: loc.prefix };
}

module.exports = {
	Fail,
	tagged,
	lookupFail,
	writeFail,
	guard,
	guardAsync,
	callerOf,
	mustExist,
	mustBeFile,
	mustBeFolder,
	writeTarget,
	commitFile,
	createFolder,
	deleteAt,
	relocate,
	transfer,
	restoreRev,
	countTree,
	inside,
	iso,
	MAX_FILES,
};
