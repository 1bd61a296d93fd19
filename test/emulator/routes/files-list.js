// @ts-check
'use strict';

const { routeError, badInput } = require('../answers');
const { secret } = require('../ids');
const { lower, parentOf, isUnder } = require('../store');
const T = require('../files/types');
const { decodeArg } = require('../files/common');
const { callerOf, guard, mustBeFolder, tagged } = require('../files/ops');
const { inside } = require('../files/paths');
const { filterIds } = require('../files/properties');
const { metadata, deletedMetadata, isDownloadable, extensionOf } = require('../files/meta');

/**
 * list_folder and its cursors, the long poll, and search_v2.
 *
 * A list_folder cursor names what is listed (a folder of a namespace, seen through the caller's path
 * root), the options, and a position in the store-wide change sequence; list_folder/continue on it
 * returns the changes since, oldest first: files added or modified, folders added, and deletions
 * (each deleted entry and what was inside it). A file written several times since the cursor is
 * reported once, at its latest state. While an initial listing is paged, the cursor also names the
 * listing snapshot and the offset in it.
 *
 * Assumed (Dropbox documents the sync algorithm, not this detail): deletions are reported by
 * list_folder/continue whether or not the cursor asked for include_deleted; include_deleted adds the
 * deleted entries to the initial listing.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Entry} Entry
 * @typedef {import('../files/paths').Prefix} Prefix
 *
 * @typedef {object} ListCursor
 * @property {string} a          account_id of the caller
 * @property {string} r          path root namespace
 * @property {string} n          namespace listed
 * @property {string} b          folder listed, lower-cased path in n
 * @property {Prefix} p          view prefix of n
 * @property {boolean} rec
 * @property {boolean} del
 * @property {boolean} mnt
 * @property {boolean} nd        include_non_downloadable_files
 * @property {boolean} hx        include_has_explicit_shared_members
 * @property {string[]} [pg]     include_property_groups: template IDs whose groups every entry shows
 * @property {number} lim
 * @property {number} s          change sequence the cursor is at
 * @property {string} [t]        listing snapshot token (paging an initial listing)
 * @property {number} [o]        offset in the snapshot
 */

const DEFAULT_LIMIT = 2000;
const CURSOR_MARK = 'AAH';

/** @param {object} value */
const encode = (value) => CURSOR_MARK + Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
/** @param {string} cursor @returns {any} */
function decode(cursor) {
	if (!cursor.startsWith(CURSOR_MARK)) return undefined;
	try {
		const value = JSON.parse(Buffer.from(cursor.slice(CURSOR_MARK.length), 'base64url').toString('utf8'));
		return value && typeof value === 'object' ? value : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The namespaces a listing covers: the listed one and, recursively with mounted folders, those mounted
 * below the folder.
 * @param {Store} store @param {ListCursor} k
 * @returns {Array<{ ns: string, base: string, prefix: Prefix, top: boolean }>}
 */
function scopes(store, k) {
	const out = [{ ns: k.n, base: k.b, prefix: k.p, top: true }];
	if (!k.rec || !k.mnt) return out;
	const account = store.accounts.get(k.a);
	for (let i = 0; i < out.length; i++) {
		const { ns, base, prefix } = out[i];
		for (const [at, child] of store.namespace(ns).mounts) {
			if ((base !== '' && !isUnder(at, base)) || !store.mayEnter(account, child)) continue;
			const folder = store.lookup(ns, at);
			if (!folder) continue;
			out.push({ ns: child, base: '', prefix: { lower: prefix.lower + folder.path_lower, display: prefix.display + folder.path_display }, top: false });
		}
	}
	return out;
}

/** Is a namespace path inside a listing's scope? @param {string} p @param {string} base @param {boolean} rec @param {boolean} top */
const inScope = (p, base, rec, top) => (rec ? isUnder(p, base) || (top && p === base && base !== '') : parentOf(p) === base);

/**
 * The entries of an initial listing, as the caller sees them.
 * @param {Store} store @param {ListCursor} k @param {string} viewer @param {{ ns: string, entry: Entry, prefix: Prefix } | undefined} self
 */
function listing(store, k, viewer, self) {
	const options = { viewer, explicitMembers: k.hx, propertyTemplates: k.pg };
	const account = store.accounts.get(k.a);
	const live = [];
	const gone = [];
	// Assumed from observed answers: a recursive listing of a folder starts with the folder itself.
	if (k.rec && self) live.push(metadata(store, self.ns, self.entry, self.prefix, options));
	for (const scope of scopes(store, k)) {
		const ns = store.namespace(scope.ns);
		if (k.del)
			for (const d of ns.deleted.values())
				if (inScope(d.path_lower, scope.base, k.rec, false)) gone.push(deletedMetadata(d, scope.prefix));
		const entries = k.rec ? store.descendants(scope.ns, scope.base) : store.children(scope.ns, scope.base);
		for (const e of entries) {
			if (e.tag === 'file' && !k.nd && !isDownloadable(e)) continue;
			if (!store.visibleTo(account, e)) continue;
			live.push(metadata(store, scope.ns, e, scope.prefix, options));
		}
	}
	return [...gone, ...live];
}

/**
 * What changed in a cursor's scope after its position: the entries to report (oldest first) with the
 * sequence number of the change behind each.
 * @param {Store} store @param {ListCursor} k @param {string} viewer
 */
function changesSince(store, k, viewer) {
	const options = { viewer, explicitMembers: k.hx, propertyTemplates: k.pg };
	const account = store.accounts.get(k.a);
	const found = [];
	for (const scope of scopes(store, k))
		for (const change of store.changesSince(scope.ns, k.s))
			if (inScope(change.path_lower, scope.base, k.rec, scope.top) && store.visibleTo(account, change.entry)) found.push({ change, prefix: scope.prefix });
	found.sort((x, y) => x.change.seq - y.change.seq);
	/** @type {Map<string, number>} namespace path -> seq of its last change */
	const last = new Map();
	for (const { change } of found) last.set(`${change.ns}:${change.path_lower}`, change.seq);
	const out = [];
	for (const { change, prefix } of found) {
		const e = change.entry;
		if (change.op === 'put') {
			// A file changed again later is reported once, at its latest state.
			if (e.tag === 'file' && last.get(`${change.ns}:${change.path_lower}`) !== change.seq) continue;
			if (e.tag === 'file' && !k.nd && !isDownloadable(e)) continue;
			out.push({ seq: change.seq, value: metadata(store, change.ns, e, prefix, options) });
		} else out.push({ seq: change.seq, value: deletedMetadata(e, prefix) });
	}
	return out;
}

/**
 * A cursor from a request (reset when it is not one of ours or not the caller's).
 * @param {Context} ctx @param {string} cursor
 * @returns {ListCursor}
 */
function readCursor(ctx, cursor) {
	const k = decode(cursor);
	const account = ctx.caller.account;
	if (!k || typeof k.s !== 'number' || !ctx.state.store.namespaces.has(k.n) || (account && k.a !== account.account_id) || k.s > ctx.state.store.seq)
		throw routeError(tagged('reset'));
	return k;
}

/**
 * How many entries a list_folder page holds. Dropbox documents `limit` as approximate ("may return fewer
 * or more"); the `listLimitOvershoot` setting makes every page that many entries longer, so callers can
 * be tested against pages past the limit.
 * @param {Context} ctx @param {ListCursor} k
 */
const pageSize = (ctx, k) => k.lim + Math.max(0, Number(ctx.state.files.options.listLimitOvershoot ?? 0));

/**
 * A ListFolderResult page from a cursor.
 * @param {Context} ctx @param {ListCursor} k
 */
function page(ctx, k) {
	const { store, files } = ctx.state;
	if (k.t !== undefined) {
		const snapshot = files.listings.get(k.t);
		if (!snapshot) throw routeError(tagged('reset'));
		const offset = k.o ?? 0;
		const size = pageSize(ctx, k);
		const entries = snapshot.entries.slice(offset, offset + size);
		const more = offset + size < snapshot.entries.length;
		const next = more ? { ...k, o: offset + size } : { ...k, t: undefined, o: undefined, s: snapshot.seq };
		return { entries, cursor: encode(next), has_more: more };
	}
	if (k.b !== '' && !store.lookup(k.n, k.b)) throw routeError({ '.tag': 'path', path: tagged('not_found') });
	const all = changesSince(store, k, k.a);
	const taken = all.slice(0, pageSize(ctx, k));
	const more = all.length > taken.length;
	const s = more ? taken[taken.length - 1].seq : store.seq;
	return { entries: taken.map((x) => x.value), cursor: encode({ ...k, s }), has_more: more };
}

/**
 * The cursor for a list_folder (or get_latest_cursor) argument.
 * @param {Context} ctx @param {any} arg
 */
function startCursor(ctx, arg) {
	// The wording Dropbox is reported to use.
	if (arg.path === '/') throw badInput(ctx.route.id, `${ctx.where}: path: Specify the root folder as an empty string rather than as "/".`);
	if (ctx.caller.kind === 'app') throw badInput(ctx.route.id, 'App authentication requires a shared link (shared_link) to list.');
	// Shared links arrive with the sharing namespace; until then none exists.
	if (arg.shared_link) throw routeError({ '.tag': 'path', path: tagged('not_found') });
	const c = callerOf(ctx);
	const loc = guard(() => mustBeFolder(c, arg.path), (v) => ({ '.tag': 'path', path: v }));
	const scope = inside(loc);
	/** @type {ListCursor} */
	const k = {
		a: c.account.account_id,
		r: c.root,
		n: scope.ns,
		b: scope.lower,
		p: scope.prefix,
		rec: arg.recursive,
		del: arg.include_deleted,
		mnt: arg.include_mounted_folders,
		nd: arg.include_non_downloadable_files,
		hx: arg.include_has_explicit_shared_members,
		...(arg.include_property_groups && { pg: filterIds(arg.include_property_groups) }),
		lim: arg.limit ?? DEFAULT_LIMIT,
		s: c.store.seq,
	};
	return { c, k, self: loc.entry ? { ns: loc.ns, entry: loc.entry, prefix: loc.prefix } : undefined };
}

/** File categories by extension (files.FileCategory). */
const CATEGORIES = /** @type {Record<string, string[]>} */ ({
	image: ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'heic', 'svg', 'psd', 'ppm', 'raw'],
	document: ['doc', 'docx', 'docm', 'txt', 'rtf', 'odt', 'md', 'pages', 'gdoc'],
	pdf: ['pdf'],
	spreadsheet: ['xls', 'xlsx', 'xlsm', 'csv', 'ods', 'numbers', 'gsheet'],
	presentation: ['ppt', 'pptx', 'pptm', 'key', 'odp', 'gslides'],
	audio: ['mp3', 'wav', 'mid', 'midi', 'aac', 'flac', 'ogg', 'm4a', 'wma'],
	video: ['mov', 'wmv', 'mp4', 'avi', 'mkv', 'webm', 'm4v', 'mpg', 'mpeg'],
	paper: ['paper'],
});
/** @param {{ tag: string, name: string }} e */
function categoryOf(e) {
	if (e.tag === 'folder') return 'folder';
	const ext = extensionOf(e.name);
	for (const [category, exts] of Object.entries(CATEGORIES)) if (exts.includes(ext)) return category;
	return 'others';
}

/** @param {string} name */
const wordsOf = (name) => name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * Does a name match the query? Tokens split on spaces; the last is matched as a word prefix, the
 * others as whole words ("bat c" matches "bat cave" but not "batman car").
 * @param {string} name @param {string[]} tokens
 */
function nameMatches(name, tokens) {
	const words = wordsOf(name);
	return tokens.every((t, i) => {
		const parts = wordsOf(t);
		if (parts.length === 0) return true;
		return parts.every((p, j) => (i === tokens.length - 1 && j === parts.length - 1 ? words.some((w) => w.startsWith(p)) : words.includes(p)));
	});
}

/** Highlight spans of a name (HighlightSpan). @param {string} name @param {string[]} tokens */
function highlights(name, tokens) {
	const parts = tokens.flatMap(wordsOf);
	const spans = [];
	const re = /[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu;
	for (const m of name.matchAll(re)) {
		const piece = m[0];
		const w = piece.toLowerCase();
		const hit = parts.find((p) => w.startsWith(p));
		if (hit && /[\p{L}\p{N}]/u.test(piece)) {
			spans.push({ highlight_str: piece.slice(0, hit.length), is_highlighted: true });
			if (piece.length > hit.length) spans.push({ highlight_str: piece.slice(hit.length), is_highlighted: false });
		} else spans.push({ highlight_str: piece, is_highlighted: false });
	}
	const merged = [];
	for (const s of spans) {
		const prev = merged[merged.length - 1];
		if (prev && prev.is_highlighted === s.is_highlighted) prev.highlight_str += s.highlight_str;
		else merged.push({ ...s });
	}
	return merged;
}

const MAX_SEARCH_MATCHES = 10_000;

/**
 * All matches of a search, in order.
 * @param {Context} ctx @param {{ query: string, options: any, highlights: boolean }} q
 */
async function searchAll(ctx, q) {
	const c = callerOf(ctx);
	const { store } = c;
	const o = q.options;
	if (o.path === '/') throw badInput(ctx.route.id, `${ctx.where}: options.path: Specify the root folder as an empty string rather than as "/".`);
	const loc = guard(() => mustBeFolder(c, o.path ?? ''), (v) => ({ '.tag': 'path', path: v }));
	const scope = inside(loc);
	/** @type {ListCursor} */
	const k = { a: c.account.account_id, r: c.root, n: scope.ns, b: scope.lower, p: scope.prefix, rec: true, del: false, mnt: true, nd: true, hx: false, lim: 0, s: 0 };
	const tokens = q.query.trim().split(/\s+/).filter(Boolean);
	if (tokens.length === 0) return [];
	const deleted = o.file_status['.tag'] === 'deleted';
	const exts = o.file_extensions?.map((/** @type {string} */ x) => x.replace(/^\./, '').toLowerCase());
	const cats = o.file_categories?.map((/** @type {any} */ x) => x['.tag']);
	const matches = [];
	for (const sc of scopes(store, k)) {
		const ns = store.namespace(sc.ns);
		const pool = deleted ? [...ns.deleted.values()].filter((d) => isUnder(d.path_lower, sc.base)) : store.descendants(sc.ns, sc.base);
		for (const e of pool) {
			if ('mountedNamespaceId' in e && !store.visibleTo(c.account, /** @type {Entry} */ (e))) continue;
			if (exts && (e.tag !== 'file' || !exts.includes(extensionOf(e.name)))) continue;
			if (cats && !cats.includes(categoryOf(e))) continue;
			const byName = nameMatches(e.name, tokens);
			let byContent = false;
			const live = /** @type {Entry} */ (e);
			if (!deleted && !o.filename_only && live.tag === 'file' && live.blob && live.blob.size <= 1024 * 1024 && isDownloadable(live)) {
				const text = (await live.blob.read()).toString('utf8').toLowerCase();
				byContent = tokens.every((t) => text.includes(t.toLowerCase()));
			}
			if (!byName && !byContent) continue;
			const matchType = byName && byContent ? 'filename_and_content' : byName ? 'filename' : 'file_content';
			matches.push({
				sortName: lower(e.name) === lower(q.query.trim()) ? 0 : byName ? 1 : 2,
				path: sc.prefix.lower + e.path_lower,
				modified: live.server_modified ?? '',
				value: {
					metadata: { '.tag': 'metadata', metadata: deleted ? deletedMetadata(e, sc.prefix) : metadata(store, sc.ns, live, sc.prefix, { viewer: c.account.account_id }) },
					match_type: tagged(matchType),
					...(q.highlights && { highlight_spans: highlights(e.name, tokens) }),
				},
			});
		}
	}
	if (o.order_by?.['.tag'] === 'last_modified_time') matches.sort((x, y) => y.modified.localeCompare(x.modified) || x.path.localeCompare(y.path));
	else matches.sort((x, y) => x.sortName - y.sortName || x.path.localeCompare(y.path));
	return matches.slice(0, MAX_SEARCH_MATCHES).map((m) => m.value);
}

/** A search page from its query and offset. @param {Context} ctx @param {{ query: string, options: any, highlights: boolean, offset: number }} q */
async function searchPage(ctx, q) {
	const all = await searchAll(ctx, q);
	const size = q.options.max_results;
	const matches = all.slice(q.offset, q.offset + size);
	const more = q.offset + size < all.length;
	const account = ctx.caller.user().account_id;
	return { matches, has_more: more, ...(more && { cursor: encode({ q: q.query, o: q.options, h: q.highlights, a: account, r: ctx.pathRoot?.namespace_id, off: q.offset + size }) }) };
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'files/list_folder': (ctx) => {
		const arg = decodeArg(ctx, T.ListFolderArg);
		const { c, k, self } = startCursor(ctx, arg);
		const entries = listing(c.store, k, c.account.account_id, self);
		const size = pageSize(ctx, k);
		if (entries.length <= size) return { entries, cursor: encode(k), has_more: false };
		const token = secret(16);
		ctx.state.files.listings.set(token, { entries, seq: k.s });
		return { entries: entries.slice(0, size), cursor: encode({ ...k, t: token, o: size }), has_more: true };
	},

	'files/list_folder/continue': (ctx) => {
		const arg = decodeArg(ctx, T.CursorArg);
		if (ctx.takeFault('reset')) throw routeError(tagged('reset'));
		return page(ctx, readCursor(ctx, arg.cursor));
	},

	'files/list_folder/get_latest_cursor': (ctx) => {
		const arg = decodeArg(ctx, T.ListFolderArg);
		const { k } = startCursor(ctx, arg);
		return { cursor: encode(k) };
	},

	'files/list_folder/longpoll': async (ctx) => {
		const arg = decodeArg(ctx, T.ListFolderLongpollArg);
		if (ctx.takeFault('reset')) throw routeError(tagged('reset'));
		const { store, files } = ctx.state;
		const k = readCursor(ctx, arg.cursor);
		const backoff = files.options.longpollBackoff;
		const answer = (/** @type {boolean} */ changes) => ({ changes, ...(backoff !== undefined && { backoff }) });
		const pending = () => k.t !== undefined || changesSince(store, k, k.a).length > 0;
		if (pending()) return answer(true);
		const waitMs = Math.min(arg.timeout * 1000, files.options.longpollWaitMs ?? Infinity);
		const watched = new Set(scopes(store, k).map((sc) => sc.ns));
		return new Promise((done) => {
			/** @param {boolean} changes */
			const finish = (changes) => {
				clearTimeout(timer);
				unsubscribe();
				files.waiters.delete(release);
				ctx.req.socket.off('close', release);
				done(answer(changes));
			};
			const release = () => finish(false);
			const timer = setTimeout(release, waitMs);
			const unsubscribe = store.onChange((change) => {
				if ((watched.has(change.ns) || change.entry.mountedNamespaceId) && pending()) finish(true);
			});
			files.waiters.add(release);
			ctx.req.socket.once('close', release);
		});
	},

	'files/search_v2': (ctx) => {
		const arg = decodeArg(ctx, T.SearchV2Arg);
		const options = T.SearchV2Arg({ query: '', options: arg.options ?? {} }).options;
		const highlights = Boolean(arg.match_field_options?.include_highlights ?? arg.include_highlights);
		return searchPage(ctx, { query: arg.query, options, highlights, offset: 0 });
	},

	'files/search/continue_v2': (ctx) => {
		const arg = decodeArg(ctx, T.CursorArg);
		const k = decode(arg.cursor);
		// SearchError has no reset: an invalid (or, by fault, invalidated) cursor is an invalid argument. Assumed wording.
		if (ctx.takeFault('reset') || !k || typeof k.off !== 'number' || k.a !== ctx.caller.user().account_id)
			throw routeError({ '.tag': 'invalid_argument', invalid_argument: 'The search cursor is invalid or has expired.' });
		return searchPage(ctx, { query: k.q, options: k.o, highlights: k.h, offset: k.off });
	},
};
