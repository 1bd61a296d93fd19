// @ts-check
'use strict';

const { routeError, summaryOf } = require('../answers');
const { decodeArg } = require('../files/common');
const { callerOf, guard, mustExist } = require('../files/ops');
const L = require('../sharing/links');

/**
 * The shared link routes: create (with settings), metadata, list, modify settings, revoke, and the file behind a
 * link. The model and Dropbox's rules are in ../sharing/links.js.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../dispatch').Download} Download
 * @typedef {import('../store').Account} Account
 * @typedef {import('../store').Entry} Entry
 * @typedef {import('../sharing/links').Link} Link
 */

const tag = (/** @type {string} */ t) => ({ '.tag': t });
const wrapPath = (/** @type {any} */ v) => ({ '.tag': 'path', path: v });
const settingsError = (/** @type {string} */ reason) => routeError({ '.tag': 'settings_error', settings_error: tag(reason) });

/** The user behind a call, or null for app authentication (an anonymous visitor of the link). @param {Context} ctx */
const viewerOf = (ctx) => (ctx.caller.kind === 'user' ? ctx.caller.user() : null);

/** The caller's path root, for path_lower. @param {Context} ctx @param {Account | null} viewer */
const rootOf = (ctx, viewer) => (viewer ? (ctx.pathRoot?.namespace_id ?? viewer.home_namespace_id) : null);

/**
 * The link a URL names, or the route's error. SharedLinkError has no "malformed" member: such URLs are not found.
 * @param {Context} ctx @param {string} url @returns {Link}
 */
function linkAt(ctx, url) {
	const link = L.findByUrl(L.linkState(ctx.state.store), url);
	if (typeof link === 'string') throw routeError(tag('shared_link_not_found'));
	return link;
}

/**
 * The entry a link shows: its target, or with `path` something inside a folder link (a relative path such as
 * "/Sub/file.txt", crossing mounted folders). Assumed: a path that is not there, or a path on a file link,
 * answers shared_link_not_found.
 * @param {Context} ctx @param {Link} link @param {string | null} path
 * @returns {{ ns: string, entry: Entry }}
 */
function shownEntry(ctx, link, path) {
	const { store } = ctx.state;
	const target = /** @type {{ ns: string, entry: Entry }} */ (L.targetOf(store, link));
	if (!path || path === '/') return target;
	if (target.entry.tag !== 'folder') throw routeError(tag('shared_link_not_found'));
	let ns = target.entry.mountedNamespaceId ?? target.ns;
	let at = target.entry.mountedNamespaceId ? '' : target.entry.path_lower;
	/** @type {Entry | undefined} */
	let entry;
	for (const part of path.slice(1).split('/')) {
		if (entry?.mountedNamespaceId) {
			ns = entry.mountedNamespaceId;
			at = '';
		}
		entry = part ? store.lookup(ns, `${at}/${part}`) : undefined;
		if (!entry) throw routeError(tag('shared_link_not_found'));
		at = entry.path_lower;
	}
	return { ns, entry: /** @type {Entry} */ (entry) };
}

/**
 * A link that the caller may open, with what it shows.
 * @param {Context} ctx @param {{ url: string, path: string | null, link_password: string | null }} arg
 */
function opened(ctx, arg) {
	const { store } = ctx.state;
	const viewer = viewerOf(ctx);
	const link = linkAt(ctx, arg.url);
	const problem = L.accessProblem(store, link, viewer, arg.link_password);
	if (problem) throw routeError(tag(problem));
	return { link, viewer, at: shownEntry(ctx, link, arg.path) };
}

/**
 * A link the caller owns and may change, or the route's error.
 * @param {Context} ctx @param {string} url @param {Account} account
 */
function owned(ctx, url, account) {
	const link = linkAt(ctx, url);
	if (!L.targetOf(ctx.state.store, link) || L.isExpired(link)) throw routeError(tag('shared_link_not_found'));
	if (link.owner !== account.account_id) throw routeError(tag('shared_link_access_denied'));
	return link;
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'sharing/create_shared_link_with_settings': (ctx) => {
		const arg = decodeArg(ctx, L.TYPES.CreateSharedLinkWithSettingsArg);
		const c = callerOf(ctx);
		const { store } = c;
		const loc = guard(() => mustExist(c, arg.path), wrapPath);
		// A rev: path names a revision; the link is to the file as it is now.
		const live = store.byEntryId(loc.entry.id);
		if (!live) throw routeError(wrapPath(tag('not_found')));
		const settings = L.normalize(arg.settings);
		if (settings === 'invalid_settings') throw settingsError('invalid_settings');
		if (L.planRefuses(c.account, settings).length) throw settingsError('not_authorized');
		const existing = L.liveLinksOf(store, c.account).find((link) => link.entryId === live.entry.id);
		if (existing) {
			// sharing.stone: the existing link's metadata is not returned when custom settings were asked for.
			// Assumed: any setting at all counts as custom.
			if (!settings.empty) throw routeError(tag('shared_link_already_exists'));
			const metadata = L.linkMetadata(store, existing, c.account, live, c.root);
			throw routeError(
				{ '.tag': 'shared_link_already_exists', shared_link_already_exists: { '.tag': 'metadata', metadata } },
				{ summary: summaryOf(['shared_link_already_exists', 'metadata']) },
			);
		}
		const link = L.addLink(L.linkState(store), c.account, live.entry, settings);
		return L.linkMetadata(store, link, c.account, live, c.root);
	},

	'sharing/get_shared_link_metadata': (ctx) => {
		const arg = decodeArg(ctx, L.TYPES.GetSharedLinkMetadataArg);
		const { link, viewer, at } = opened(ctx, arg);
		return L.linkMetadata(ctx.state.store, link, viewer, at, rootOf(ctx, viewer));
	},

	'sharing/get_shared_link_file': (ctx) => {
		const arg = decodeArg(ctx, L.TYPES.GetSharedLinkMetadataArg);
		const { link, viewer, at } = opened(ctx, arg);
		if (at.entry.tag !== 'file') throw routeError(tag('shared_link_is_directory'));
		// Assumed: a link with downloads turned off refuses its file to everyone but its owner.
		if (!link.allowDownload && viewer?.account_id !== link.owner) throw routeError(tag('shared_link_access_denied'));
		const blob = /** @type {import('../blob').Blob} */ (at.entry.blob);
		return /** @type {Download} */ ({
			result: L.linkMetadata(ctx.state.store, link, viewer, at, rootOf(ctx, viewer)),
			content: blob.stream(),
			headers: { 'Content-Length': String(blob.size) },
		});
	},

	'sharing/list_shared_links': (ctx) => {
		const arg = decodeArg(ctx, L.TYPES.ListSharedLinksArg);
		const c = callerOf(ctx);
		const { store } = c;
		const links = L.liveLinksOf(store, c.account);
		const show = (/** @type {Link} */ link) => L.linkMetadata(store, link, c.account, /** @type {any} */ (L.targetOf(store, link)), c.root);
		if (arg.cursor) {
			const after = readCursor(arg.cursor, c.account);
			if (after === undefined) throw routeError(tag('reset'));
			return page(links.filter((link) => link.created > after), c.account, L.linkState(store).options.pageSize, show, after);
		}
		if (!arg.path) return page(links, c.account, L.linkState(store).options.pageSize, show);
		// With a path: its direct links and (unless direct_only) links to folders above it, all at once, no cursor.
		const loc = guard(() => mustExist(c, arg.path), wrapPath);
		const viewLower = (/** @type {{ ns: string, entry: Entry }} */ at) => {
			const prefix = store.viewPrefix(c.root, at.ns);
			return prefix ? prefix.lower + at.entry.path_lower : undefined;
		};
		const own = viewLower({ ns: loc.ns, entry: loc.entry });
		const applies = links.filter((link) => {
			const target = /** @type {{ ns: string, entry: Entry }} */ (L.targetOf(store, link));
			if (target.entry.id === loc.entry.id) return true;
			if (arg.direct_only || target.entry.tag !== 'folder') return false;
			const above = viewLower(target);
			return above !== undefined && own !== undefined && own.startsWith(`${above}/`);
		});
		return { links: applies.map(show), has_more: false };
	},

	'sharing/modify_shared_link_settings': (ctx) => {
		const arg = decodeArg(ctx, L.TYPES.ModifySharedLinkSettingsArgs);
		const c = callerOf(ctx);
		const link = owned(ctx, arg.url, c.account);
		const settings = L.normalize(arg.settings);
		if (settings === 'invalid_settings') throw settingsError('invalid_settings');
		// sharing.stone: settings with every attribute empty are invalid. Assumed: not so with remove_expiration.
		if (settings.empty && !arg.remove_expiration) throw settingsError('invalid_settings');
		// sharing.stone: "modifying access level for an existing link is not supported". Assumed: invalid_settings.
		if (settings.access && settings.access !== link.access) throw settingsError('invalid_settings');
		if (L.planRefuses(c.account, settings).length) throw settingsError('not_authorized');
		if (settings.audience) link.audience = settings.audience;
		if (settings.password !== undefined) link.password = settings.password;
		if (settings.expires) link.expires = settings.expires;
		if (arg.remove_expiration) link.expires = null;
		if (settings.allowDownload !== undefined) link.allowDownload = settings.allowDownload;
		if (link.password && link.audience === 'no_one') throw settingsError('invalid_settings');
		return L.linkMetadata(c.store, link, c.account, /** @type {any} */ (L.targetOf(c.store, link)), c.root);
	},

	'sharing/revoke_shared_link': (ctx) => {
		const arg = decodeArg(ctx, L.TYPES.RevokeSharedLinkArg);
		const c = callerOf(ctx);
		const found = L.findByUrl(L.linkState(c.store), arg.url);
		if (found === 'malformed') throw routeError(tag('shared_link_malformed'));
		const link = owned(ctx, arg.url, c.account);
		L.linkState(c.store).links.delete(link.key);
		return null;
	},
};

/**
 * A list_shared_links page, and a cursor after its last link (Dropbox returns one whenever no path is given).
 * @param {Link[]} links @param {Account} account @param {number} size @param {(link: Link) => unknown} show
 * @param {number} [from] the position the page starts after
 */
function page(links, account, size, show, from = 0) {
	const taken = links.slice(0, size);
	const after = taken.length ? taken[taken.length - 1].created : from;
	return {
		links: taken.map(show),
		has_more: links.length > taken.length,
		cursor: Buffer.from(JSON.stringify({ a: account.account_id, c: after })).toString('base64url'),
	};
}

/**
 * The position a cursor continues after, or undefined for a cursor that is not this account's (reset).
 * @param {string} cursor @param {Account} account
 */
function readCursor(cursor, account) {
	try {
		const k = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		return k.a === account.account_id && Number.isInteger(k.c) ? k.c : undefined;
	} catch {
		return undefined;
	}
}
