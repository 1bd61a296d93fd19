// @ts-check
'use strict';

const { lower } = require('../store');

/**
 * Paths as a caller names them, resolved in the store. A caller's paths start at its path root (its
 * home, or the team space / a namespace named in Dropbox-API-Path-Root); they descend into namespaces
 * mounted on the way (a member's folder in the team space), so a location is a namespace, a path
 * inside it, and the view prefix that turns namespace paths back into the caller's paths.
 * `id:`, `rev:` and `ns:<id>/...` forms are resolved here too. Patterns were already checked by the
 * argument decoder; what is left are the cases Dropbox answers with a route error.
 *
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Entry} Entry
 * @typedef {import('../store').Account} Account
 * @typedef {{ lower: string, display: string }} Prefix
 *
 * @typedef {object} Loc
 * @property {string} ns                 namespace id
 * @property {string} lower              path in the namespace, lower-cased ('' = its root)
 * @property {string} display            path in the namespace: existing parts as stored, new parts as given
 * @property {Prefix} prefix             the caller's view of the namespace root
 * @property {Entry} [entry]             what is there now
 * @property {boolean} missingParent     some parent folder does not exist
 * @property {boolean} fileAncestor      a file sits where a parent folder should be
 * @property {import('../store').Revision} [revision]   rev:<rev> paths
 * @property {string} [raw]              the path as given
 *
 * @typedef {{ problem: 'malformed_path' | 'not_found' }} Problem
 */

/** @param {Loc | Problem} r @returns {r is Problem} */
const isProblem = (r) => 'problem' in r;

/**
 * Malformed although it matched the spec's pattern: a trailing slash, an empty component, "." or "..",
 * a NUL character.
 * @param {string} rest '/a/b' (not '')
 */
function malformed(rest) {
	if (rest.endsWith('/')) return true;
	return rest
		.slice(1)
		.split('/')
		.some((c) => c === '' || c === '.' || c === '..' || c.includes('\0'));
}

/**
 * @param {Store} store
 * @param {Account} account
 * @param {string} rootNsId             the caller's path root
 * @param {string} raw                  as given ('' for the root where the type allows it)
 * @returns {Loc | Problem}
 */
function resolve(store, account, rootNsId, raw) {
	if (raw.startsWith('id:')) {
		const found = store.byEntryId(raw);
		if (!found || !store.accessibleNamespaces(account).has(found.ns) || !store.visibleTo(account, found.entry)) return { problem: 'not_found' };
		const prefix = store.viewPrefix(rootNsId, found.ns) ?? { lower: '', display: '' };
		return { ns: found.ns, lower: found.entry.path_lower, display: found.entry.path_display, prefix, entry: found.entry, missingParent: false, fileAncestor: false, raw };
	}
	if (raw.startsWith('rev:')) {
		const revision = store.revisions.get(raw.slice(4));
		if (!revision || !store.accessibleNamespaces(account).has(revision.ns)) return { problem: 'not_found' };
		const prefix = store.viewPrefix(rootNsId, revision.ns) ?? { lower: '', display: '' };
		const e = revision.entry;
		return { ns: revision.ns, lower: e.path_lower, display: e.path_display, prefix, entry: e, revision, missingParent: false, fileAncestor: false, raw };
	}
	let base = rootNsId;
	let rest = raw;
	if (raw.startsWith('ns:')) {
		const m = /^ns:([0-9]+)(\/.*)?$/s.exec(raw);
		if (!m) return { problem: 'malformed_path' };
		base = m[1];
		rest = m[2] ?? '';
		if (!store.namespaces.has(base) || !store.accessibleNamespaces(account).has(base)) return { problem: 'not_found' };
	}
	if (rest !== '' && malformed(rest)) return { problem: 'malformed_path' };
	return walk(store, account, rootNsId, base, rest, raw);
}

/**
 * Descend from the root of `base`, crossing mounted namespaces (those the account may see).
 * @param {Store} store @param {Account} account @param {string} rootNsId @param {string} base @param {string} rest @param {string} raw
 * @returns {Loc}
 */
function walk(store, account, rootNsId, base, rest, raw) {
	let ns = base;
	let prefix = store.viewPrefix(rootNsId, base) ?? { lower: '', display: '' };
	let accLower = '';
	let accDisplay = '';
	/** @type {Entry | undefined} */
	let entry;
	let missingParent = false;
	let fileAncestor = false;
	const parts = rest === '' ? [] : rest.slice(1).split('/');
	for (let i = 0; i < parts.length; i++) {
		const last = i === parts.length - 1;
		const key = `${accLower}/${lower(parts[i])}`;
		const candidate = missingParent || fileAncestor ? undefined : store.namespace(ns).entries.get(key);
		const found = candidate && store.visibleTo(account, candidate) ? candidate : undefined;
		if (!found) {
			if (!last && !fileAncestor) missingParent = true;
			accLower = key;
			accDisplay = `${accDisplay}/${parts[i]}`;
			entry = undefined;
			continue;
		}
		if (!last && found.tag === 'file') {
			fileAncestor = true;
			accLower = key;
			accDisplay = found.path_display;
			entry = undefined;
			continue;
		}
		if (!last && found.mountedNamespaceId) {
			prefix = { lower: prefix.lower + found.path_lower, display: prefix.display + found.path_display };
			ns = found.mountedNamespaceId;
			accLower = '';
			accDisplay = '';
			continue;
		}
		accLower = key;
		accDisplay = found.path_display;
		entry = last ? found : undefined;
	}
	return { ns, lower: accLower, display: accDisplay, prefix, entry, missingParent, fileAncestor, raw };
}

/**
 * The inside of a folder location: a mounted folder's contents live at the root of its namespace.
 * @param {Loc} loc @returns {{ ns: string, lower: string, display: string, prefix: Prefix }}
 */
function inside(loc) {
	const e = loc.entry;
	if (e?.mountedNamespaceId)
		return { ns: e.mountedNamespaceId, lower: '', display: '', prefix: { lower: loc.prefix.lower + e.path_lower, display: loc.prefix.display + e.path_display } };
	return { ns: loc.ns, lower: loc.lower, display: loc.display, prefix: loc.prefix };
}

/** The caller's view of a namespace path. @param {Prefix} prefix @param {string} lowerPath @param {string} displayPath */
const view = (prefix, lowerPath, displayPath) => ({ path_lower: prefix.lower + lowerPath, path_display: prefix.display + displayPath });

module.exports = { resolve, inside, view, isProblem, malformed };
