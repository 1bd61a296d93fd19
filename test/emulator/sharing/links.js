// @ts-check
'use strict';

const { secret } = require('../ids');
const { lower } = require('../store');
const S = require('../stone');
const { VOID, bool, str, timestamp, nullable, struct, union } = S;

/**
 * Shared links: who made them, to what (an entry id, so a link follows its file through moves and renames, as
 * Dropbox's do), and their settings: audience, access level, password, expiry, downloads. Kept per store, beside
 * it, so the files namespace needs no knowledge of them. The rules Dropbox enforces on settings are in
 * `settingsProblem`; who may open a link is in `accessProblem`; what a link looks like is `linkMetadata`.
 *
 * Checked against sharing.stone (2026 snapshot); what the spec leaves open is marked "Assumed" and listed in
 * test/emulator/README.md under "Sharing: shared links".
 *
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Account} Account
 * @typedef {import('../store').Entry} Entry
 *
 * @typedef {'public'|'team'|'no_one'|'members'} Audience
 *
 * @typedef {object} Link
 * @property {string} key                 the id in the URL
 * @property {string} rlkey               the URL's secret
 * @property {'fi'|'fo'} kind             file or folder link
 * @property {string} url
 * @property {string} owner               account_id of the link's creator
 * @property {string} entryId             what it points at
 * @property {Audience} audience
 * @property {'viewer'|'editor'} access
 * @property {string | null} password
 * @property {string | null} expires      DropboxTimestamp
 * @property {boolean} allowDownload
 * @property {number} created             order of creation
 *
 * @typedef {object} LinkState
 * @property {Map<string, Link>} links    by key
 * @property {{ pageSize: number }} options
 * @property {number} counter
 */

/** The URL's host: Dropbox hands out www.dropbox.com links; dropbox.com without www is the same site. */
const LINK_HOSTS = new Set(['www.dropbox.com', 'dropbox.com']);

/** @type {WeakMap<Store, LinkState>} */
const states = new WeakMap();

/**
 * The shared links of a stand-in's store (created empty on first use).
 * Assumed: Dropbox does not document list_shared_links' page size; 200 here, changeable for tests.
 * @param {Store} store @returns {LinkState}
 */
function linkState(store) {
	let state = states.get(store);
	if (!state) {
		state = { links: new Map(), options: { pageSize: 200 }, counter: 0 };
		states.set(store, state);
	}
	return state;
}

// Argument types from sharing.stone (decoded with Dropbox's strict decoder, defaults filled in).
const ReadPath = str({ pattern: String.raw`(/(.|[\r\n])*|id:.*)|(rev:[0-9a-f]{9,})|(ns:[0-9]+(/(.|[\r\n])*)?)`, re: /^(?:\/[^]*|id:.*|rev:[0-9a-f]{9,}|ns:[0-9]+(?:\/[^]*)?)$/ });
const Path = str({ pattern: String.raw`/(.|[\r\n])*`, re: /^\/[^]*$/ });
const LinkAudience = union({ public: VOID, team: VOID, no_one: VOID, password: VOID, members: VOID });
const RequestedLinkAccessLevel = union({ viewer: VOID, editor: VOID, max: VOID, default: VOID });
const RequestedVisibility = union({ public: VOID, team_only: VOID, password: VOID });
const SharedLinkSettings = struct([
	['require_password', nullable(bool)],
	['link_password', nullable(str())],
	['expires', nullable(timestamp)],
	['audience', nullable(LinkAudience)],
	['access', nullable(RequestedLinkAccessLevel)],
	['requested_visibility', nullable(RequestedVisibility)],
	['allow_download', nullable(bool)],
]);
const TYPES = {
	CreateSharedLinkWithSettingsArg: struct([
		['path', ReadPath],
		['settings', nullable(SharedLinkSettings)],
	]),
	GetSharedLinkMetadataArg: struct([
		['url', str()],
		['path', nullable(Path)],
		['link_password', nullable(str())],
	]),
	ListSharedLinksArg: struct([
		['path', nullable(ReadPath)],
		['cursor', nullable(str())],
		['direct_only', nullable(bool)],
	]),
	ModifySharedLinkSettingsArgs: struct([
		['url', str()],
		['settings', SharedLinkSettings],
		['remove_expiration', bool, false],
	]),
	RevokeSharedLinkArg: struct([['url', str()]]),
};

/** A DropboxTimestamp as a time. @param {string} ts */
const timeOf = (ts) => Date.parse(ts);

/** Whether a link has passed its expiry. @param {Link} link */
const isExpired = (link) => link.expires !== null && timeOf(link.expires) <= Date.now();

/**
 * The link a URL names, or why none: 'malformed' (not a Dropbox shared link URL at all) or 'not_found'.
 * Dropbox's URL variants (dl=1, raw=1, without www) name the same link; the rlkey must match.
 * @param {LinkState} state @param {string} raw
 * @returns {Link | 'malformed' | 'not_found'}
 */
function findByUrl(state, raw) {
	let url;
	try {
		url = new URL(raw);
	} catch {
		return 'malformed';
	}
	if (!LINK_HOSTS.has(url.hostname) || !/^https?:$/.test(url.protocol)) return 'malformed';
	const m = /^\/scl\/(fi|fo)\/([A-Za-z0-9]+)\/[^/]+$/.exec(url.pathname);
	if (!m) return 'malformed';
	const link = state.links.get(m[2]);
	if (!link || link.kind !== m[1] || url.searchParams.get('rlkey') !== link.rlkey) return 'not_found';
	return link;
}

/**
 * Where a link's target is now, or undefined once it is deleted (its link goes with it).
 * @param {Store} store @param {Link} link
 */
const targetOf = (store, link) => store.byEntryId(link.entryId);

/** Accounts in one team. @param {Account} a @param {Account} b */
const sameTeam = (a, b) => Boolean(a.team_member_id && b.team_member_id);

/**
 * What an account's plan does not allow among the settings asked for, as Dropbox's not_authorized rule reads
 * (sharing.stone: "basic users can only set RequestedVisibility.public ... and cannot set expires"). Assumed:
 * passwords and turning downloads off are paid features too (Dropbox's plan pages), and audience "team" needs a
 * team account. Returns the features refused, for the stand-in's own tests.
 * @param {Account} account @param {NormalSettings} settings
 * @returns {string[]}
 */
function planRefuses(account, settings) {
	const refused = [];
	const basic = account.account_type === 'basic';
	if (basic && settings.password) refused.push('password');
	if (basic && settings.expires) refused.push('expires');
	if (basic && settings.allowDownload === false) refused.push('allow_download');
	if (settings.audience === 'team' && !account.team_member_id) refused.push('audience team');
	return refused;
}

/**
 * @typedef {object} NormalSettings
 * @property {Audience} [audience]
 * @property {'viewer'|'editor'} [access]
 * @property {string | null} [password]      a string to set, null to remove, undefined to leave
 * @property {string | null} [expires]
 * @property {boolean} [allowDownload]
 * @property {boolean} empty                 nothing was given at all
 */

/**
 * Decoded SharedLinkSettings in one shape, or the SharedLinkSettingsError tag for settings that make no sense.
 * @param {any} s decoded SharedLinkSettings or null
 * @returns {NormalSettings | 'invalid_settings'}
 */
function normalize(s) {
	if (!s) return { empty: true };
	/** @type {NormalSettings} */
	const out = { empty: Object.values(s).every((v) => v === null) };
	const visibility = s.requested_visibility?.['.tag'];
	const audience = s.audience?.['.tag'] ?? (visibility === 'team_only' ? 'team' : visibility ? 'public' : undefined);
	// The deprecated audience "password" is public behind a password.
	if (audience) out.audience = audience === 'password' ? 'public' : audience;
	const wantsPassword = s.require_password === true || visibility === 'password' || s.audience?.['.tag'] === 'password';
	if (wantsPassword) {
		if (!s.link_password) return 'invalid_settings';
		out.password = s.link_password;
	} else if (s.require_password === false) out.password = null;
	// Assumed: a link_password without require_password asks for password protection, as the older visibility did.
	else if (s.link_password) out.password = s.link_password;
	if (s.expires) {
		if (timeOf(s.expires) <= Date.now()) return 'invalid_settings';
		out.expires = s.expires;
	}
	const access = s.access?.['.tag'];
	if (access) out.access = access === 'editor' || access === 'max' ? 'editor' : 'viewer';
	if (s.allow_download !== null && s.allow_download !== undefined) out.allowDownload = s.allow_download;
	// Assumed: a password on a link that grants no one anything is refused (the website offers none for it).
	const finalAudience = out.audience;
	if (out.password && finalAudience === 'no_one') return 'invalid_settings';
	return out;
}

/**
 * Why `viewer` may not open `link`, or null. Anonymous callers (app authentication) are null viewers.
 * Assumed: the password is asked of everyone, the owner too; audience "team" admits the owner's team;
 * "no_one" and "members" admit only who can reach the content already; download-disabled links refuse
 * get_shared_link_file to everyone but the owner.
 * @param {Store} store @param {Link} link @param {Account | null} viewer @param {string | null} password
 * @returns {'shared_link_not_found' | 'shared_link_access_denied' | null}
 */
function accessProblem(store, link, viewer, password) {
	const target = targetOf(store, link);
	if (!target || isExpired(link)) return 'shared_link_not_found';
	const owner = /** @type {Account} */ (store.accounts.get(link.owner));
	const isOwner = viewer?.account_id === link.owner;
	if (!isOwner) {
		if (link.audience === 'team' && !(viewer && sameTeam(viewer, owner))) return 'shared_link_access_denied';
		if ((link.audience === 'no_one' || link.audience === 'members') && !(viewer && store.accessibleNamespaces(viewer).has(target.ns)))
			return 'shared_link_access_denied';
	}
	if (link.password !== null && password !== link.password) return 'shared_link_access_denied';
	return null;
}

/** @param {string} t */
const tag = (t) => ({ '.tag': t });

/**
 * sharing.SharedLinkMetadata (tagged file|folder) of `link` as `viewer` sees it; `entry` is the linked entry or
 * an entry inside a folder link.
 * @param {Store} store @param {Link} link @param {Account | null} viewer @param {{ ns: string, entry: Entry }} at
 * @param {string | null} [viewerRoot] the viewer's path root, for path_lower
 */
function linkMetadata(store, link, viewer, at, viewerRoot) {
	const owner = /** @type {Account} */ (store.accounts.get(link.owner));
	const isOwner = viewer?.account_id === link.owner;
	const paid = owner.account_type !== 'basic';
	const { entry } = at;
	/** @type {Record<string, unknown>} */
	const permissions = {
		can_revoke: isOwner,
		...(!isOwner && { revoke_failure_reason: tag('owner_only') }),
		resolved_visibility: tag(resolvedVisibility(link)),
		...(isOwner && { requested_visibility: tag(link.audience === 'team' ? 'team_only' : link.password !== null ? 'password' : 'public') }),
		effective_audience: tag(link.audience),
		link_access_level: tag(link.access),
		visibility_policies: [],
		can_set_expiry: isOwner && paid,
		can_remove_expiry: isOwner && paid,
		allow_download: link.allowDownload,
		can_allow_download: isOwner,
		can_disallow_download: isOwner && paid,
		allow_comments: true,
		team_restricts_comments: false,
		audience_options: ['public', 'team', 'no_one'].map((audience) => ({
			audience: tag(audience),
			allowed: isOwner && (audience !== 'team' || Boolean(owner.team_member_id)),
		})),
		can_set_password: isOwner && paid,
		can_remove_password: isOwner && paid,
		require_password: link.password !== null,
		can_use_extended_sharing_controls: paid,
	};
	/** @type {Record<string, unknown>} */
	const out = {
		'.tag': entry.tag,
		url: link.url,
		id: entry.id,
		name: entry.name,
		...(link.expires && { expires: link.expires }),
		link_permissions: permissions,
	};
	if (isOwner && viewerRoot) {
		const prefix = store.viewPrefix(viewerRoot, at.ns);
		if (prefix) out.path_lower = prefix.lower + entry.path_lower;
	}
	if (owner.team_member_id && store.team) {
		out.team_member_info = {
			team_info: { id: store.team.team_id, name: store.team.name },
			display_name: owner.name.display_name,
			...(viewer && sameTeam(viewer, owner) && { member_id: owner.team_member_id }),
		};
	}
	if (entry.tag === 'file') Object.assign(out, { client_modified: entry.client_modified, server_modified: entry.server_modified, rev: entry.rev, size: entry.size });
	return out;
}

/** ResolvedVisibility of a link (team and shared folder policies of this stand-in never narrow it). @param {Link} link */
function resolvedVisibility(link) {
	if (link.audience === 'no_one' || link.audience === 'members') return 'no_one';
	if (link.audience === 'team') return link.password !== null ? 'team_and_password' : 'team_only';
	return link.password !== null ? 'password' : 'public';
}

/**
 * A new link. URLs as Dropbox makes them today: https://www.dropbox.com/scl/fi/<id>/<name>?rlkey=<key>&dl=0
 * (folders: /scl/fo/). Assumed: ids of 21 and rlkeys of 25 lower-case letters and digits.
 * @param {LinkState} state @param {Account} owner @param {Entry} entry @param {NormalSettings} settings
 * @returns {Link}
 */
function addLink(state, owner, entry, settings) {
	const id = () => secret(40).replace(/[^A-Za-z0-9]/g, '').toLowerCase();
	const key = id().slice(0, 21).padEnd(21, '0');
	const rlkey = id().slice(0, 25).padEnd(25, '0');
	const kind = entry.tag === 'file' ? 'fi' : 'fo';
	/** @type {Link} */
	const link = {
		key,
		rlkey,
		kind,
		url: `https://www.dropbox.com/scl/${kind}/${key}/${encodeURIComponent(entry.name)}?rlkey=${rlkey}&dl=0`,
		owner: owner.account_id,
		entryId: entry.id,
		audience: settings.audience ?? 'public',
		access: settings.access ?? 'viewer',
		password: settings.password ?? null,
		expires: settings.expires ?? null,
		allowDownload: settings.allowDownload ?? true,
		created: ++state.counter,
	};
	state.links.set(key, link);
	return link;
}

/**
 * An account's live links, oldest first: those whose target still exists and that have not expired.
 * Assumed: Dropbox no longer lists an expired link, and a new link may be made for its path.
 * @param {Store} store @param {Account} account
 */
function liveLinksOf(store, account) {
	return [...linkState(store).links.values()]
		.filter((link) => link.owner === account.account_id && targetOf(store, link) && !isExpired(link))
		.sort((a, b) => a.created - b.created);
}

/**
 * For tests: the link behind a URL (or undefined), and a way to let it expire now.
 * @param {Store} store
 */
function sharedLinks(store) {
	const state = linkState(store);
	return {
		options: state.options,
		/** @param {string} url */
		find: (url) => {
			const found = findByUrl(state, url);
			return typeof found === 'string' ? undefined : found;
		},
		/** @param {string} url */
		expire: (url) => {
			const found = findByUrl(state, url);
			if (typeof found !== 'string') found.expires = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		},
		all: () => [...state.links.values()],
	};
}

module.exports = { TYPES, linkState, findByUrl, targetOf, planRefuses, normalize, accessProblem, linkMetadata, addLink, liveLinksOf, isExpired, sharedLinks, lower };
