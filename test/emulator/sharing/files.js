// @ts-check
'use strict';

const { routeError } = require('../answers');
const { iso } = require('../store');
const { secret, stableId } = require('../ids');
const S = require('../stone');
const { resolve, isProblem, view } = require('../files/paths');

const { VOID, bool, uint32, str, list, any, nullable, struct, union } = S;

/**
 * Shared files (file sharing, sharing.stone's *_file_* routes): who is a member of which file, with what access,
 * invitations sent by email, each account's received files, each file's policy, and the cursors of member and
 * received-file listings. Kept per store, beside it, so that no other part of the stand-in needs to know.
 *
 * A file's owner is whoever reaches the file in their own tree (home, team space); members reach it by its ID
 * only (Dropbox shows received files without a path: "Absent for unmounted files"). Assumptions are listed in
 * README.md under "Sharing: shared files" and marked "Assumed" here.
 *
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Account} Account
 * @typedef {import('../store').Entry} Entry
 * @typedef {'owner'|'editor'|'viewer'|'viewer_no_comment'|'traverse'|'no_access'} Level
 *
 * @typedef {{ access: Level, time_invited: string }} Membership
 * @typedef {{ email: string, access: Level, time_invited: string }} Invitee
 *
 * @typedef {object} Share
 * @property {string} fileId
 * @property {string} ownerId                       account_id of the owner
 * @property {Map<string, Membership>} members      by account_id (the owner is not in here)
 * @property {Map<string, Invitee>} invitees        by lower-cased email: people without a Dropbox account yet
 * @property {'enabled'|'disabled'} viewerInfoPolicy
 *
 * @typedef {object} Invitation                     one notification as Dropbox would send it
 * @property {string} file_id
 * @property {string} email
 * @property {string} [account_id]
 * @property {Level} access_level
 * @property {string | null} custom_message
 * @property {boolean} add_message_as_comment
 * @property {string} at
 *
 * @typedef {{ kind: 'members', fileId: string, viewer: string, offset: number, limit: number, includeInherited: boolean, actions: string[] | null }
 *   | { kind: 'received', viewer: string, offset: number, limit: number, actions: string[] | null }} Cursor
 *
 * @typedef {object} SharedFiles
 * @property {Map<string, Share>} shares            by file id
 * @property {Invitation[]} invitations             sent (not quiet) invitations, oldest first
 * @property {Map<string, Cursor>} cursors
 */

/** @type {WeakMap<Store, SharedFiles>} */
const byStore = new WeakMap();

/** The shared-file state of a store (created on first use). @param {Store} store @returns {SharedFiles} */
function sharedFilesOf(store) {
	let state = byStore.get(store);
	if (!state) {
		state = { shares: new Map(), invitations: [], cursors: new Map() };
		byStore.set(store, state);
	}
	return state;
}

// ---- Argument types, transcribed from sharing.stone ----

const EMAIL_PATTERN = "^['#&A-Za-z0-9._%+-]+@[A-Za-z0-9-][A-Za-z0-9.-]*\\.[A-Za-z]{2,15}$";
const PATH_OR_ID_PATTERN = '((\\/|id:).*|nspath:[0-9]+:.*)|ns:[0-9]+(/.*)?';
const EmailAddress = str({ max: 255, pattern: EMAIL_PATTERN });
// Python's "." does not match "\n"; the spec's pattern is shown in messages as written.
const PathOrId = str({ min: 1, pattern: PATH_OR_ID_PATTERN, re: /^(?:((\/|id:)[^\n]*|nspath:[0-9]+:[^\n]*)|ns:[0-9]+(\/[^\n]*)?)$/ });
const MemberSelector = union({ dropbox_id: str({ min: 1 }), email: EmailAddress });
const AccessLevel = union({ owner: VOID, editor: VOID, viewer: VOID, viewer_no_comment: VOID, traverse: VOID, no_access: VOID });
const FILE_ACTIONS = [
	'disable_viewer_info',
	'edit_contents',
	'enable_viewer_info',
	'invite_viewer',
	'invite_viewer_no_comment',
	'invite_editor',
	'unshare',
	'relinquish_membership',
	'share_link',
	'create_link',
	'create_view_link',
	'create_edit_link',
];
const MEMBER_ACTIONS = ['leave_a_copy', 'make_editor', 'make_owner', 'make_viewer', 'make_viewer_no_comment', 'remove'];
const voidUnion = (/** @type {string[]} */ tags) => union(Object.fromEntries(tags.map((t) => [t, VOID])));
const FileActions = nullable(list(voidUnion(FILE_ACTIONS)));
const MemberActions = nullable(list(voidUnion(MEMBER_ACTIONS)));

const T = {
	AddFileMemberArgs: struct([
		['file', PathOrId],
		['members', list(MemberSelector)],
		['custom_message', nullable(str())],
		['quiet', bool, false],
		['access_level', nullable(AccessLevel)],
		['add_message_as_comment', bool, false],
		['fp_sealed_result', nullable(str())],
	]),
	ListFileMembersArg: struct([
		['file', PathOrId],
		['actions', MemberActions],
		['include_inherited', bool, true],
		['limit', uint32({ min: 1, max: 300 }), 100],
	]),
	ListFileMembersBatchArg: struct([
		['files', list(PathOrId, { max: 100 })],
		['limit', uint32({ max: 3000 }), 1000],
	]),
	CursorArg: struct([['cursor', str()]]),
	GetFileMetadataArg: struct([
		['file', PathOrId],
		['actions', FileActions],
	]),
	GetFileMetadataBatchArg: struct([
		['files', list(PathOrId, { max: 100 })],
		['actions', FileActions],
	]),
	ListFilesArg: struct([
		['limit', uint32({ min: 1, max: 300 }), 100],
		['actions', FileActions],
	]),
	RemoveFileMemberArg: struct([
		['file', PathOrId],
		['member', MemberSelector],
	]),
	FileArg: struct([['file', PathOrId]]),
	RelinquishAccessArg: struct([['file_id', str()]]),
	UpdateFileMemberArgs: struct([
		['file', PathOrId],
		['member', MemberSelector],
		['access_level', AccessLevel],
	]),
	UpdateFilePolicyArg: struct([
		['file', PathOrId],
		['actions', FileActions],
		['link_settings', nullable(any)],
		['viewer_info_policy', nullable(union({ enabled: VOID, disabled: VOID }))],
	]),
};

// ---- Failures: thrown as the route's 409 by the handlers ----

class SharingFail extends Error {
	/** @param {any} value the route's error union value */
	constructor(value) {
		super(value['.tag']);
		this.value = value;
	}
}

/** @param {string} tag */
const tagged = (tag) => ({ '.tag': tag });
/** SharingFileAccessError inside a route error. @param {string} reason */
const accessError = (reason) => new SharingFail({ '.tag': 'access_error', access_error: tagged(reason) });

/** Runs `fn`; a SharingFail becomes the route's 409. @template T @param {() => T} fn @returns {T} */
function guard(fn) {
	try {
		return fn();
	} catch (error) {
		if (error instanceof SharingFail) throw routeError(error.value);
		throw error;
	}
}

// ---- Files as a caller reaches them ----

/**
 * @typedef {object} Reached
 * @property {Entry} entry
 * @property {string} ns
 * @property {Level} access                           the caller's access
 * @property {{ path_lower: string, path_display: string } | undefined} path   for owners (members see no path)
 * @property {Share} share
 */

/** The share record of a file, made when first needed. @param {Store} store @param {Entry} entry @param {string} ownerId */
function shareOf(store, entry, ownerId) {
	const state = sharedFilesOf(store);
	let share = state.shares.get(entry.id);
	if (!share) {
		share = { fileId: entry.id, ownerId, members: new Map(), invitees: new Map(), viewerInfoPolicy: 'enabled' };
		state.shares.set(entry.id, share);
	}
	return share;
}

/**
 * The file a PathOrId names, as `account` reaches it: in its own tree (then it is the owner) or, by ID, as a member.
 * Assumed: a file the caller cannot see answers access_error/invalid_file, whether or not it exists (Dropbox does
 * not tell strangers that a file exists); a folder answers access_error/is_folder.
 * @param {Store} store @param {Account} account @param {string} root the caller's path root @param {string} raw
 * @returns {Reached}
 */
function reach(store, account, root, raw) {
	if (raw.startsWith('nspath:')) throw accessError('invalid_file');
	const loc = resolve(store, account, root, raw);
	if (!isProblem(loc) && loc.entry && !loc.revision) {
		if (loc.entry.tag !== 'file') throw accessError('is_folder');
		const share = shareOf(store, loc.entry, sharedFilesOf(store).shares.get(loc.entry.id)?.ownerId ?? account.account_id);
		const access = share.ownerId === account.account_id ? 'owner' : share.members.get(account.account_id)?.access ?? 'owner';
		return { entry: loc.entry, ns: loc.ns, access, path: view(loc.prefix, loc.entry.path_lower, loc.entry.path_display), share };
	}
	if (raw.startsWith('id:')) {
		const found = store.byEntryId(raw);
		const share = found && sharedFilesOf(store).shares.get(found.entry.id);
		const member = share?.members.get(account.account_id);
		if (found && share && member) return { entry: found.entry, ns: found.ns, access: member.access, path: undefined, share };
	}
	throw accessError('invalid_file');
}

/** Whether the caller may change who the file is shared with (acl_update_policy is "owner" for files). @param {Reached} r */
const mayManage = (r) => r.access === 'owner';

// ---- How things look on the wire ----

/** @param {Store} store @param {Account} a @param {Account} viewer */
function userInfo(store, a, viewer) {
	const sameTeam = Boolean(a.team_member_id && viewer.team_member_id && store.team);
	return {
		account_id: a.account_id,
		email: a.email,
		display_name: a.name.display_name,
		same_team: sameTeam,
		...(sameTeam && { team_member_id: a.team_member_id }),
	};
}

/**
 * MemberPermission entries for the actions asked about. Assumed: only the owner may act on members, and never on
 * the owner; leave_a_copy does not apply to files.
 * @param {string[] | null} actions @param {boolean} callerIsOwner @param {boolean} targetIsOwner
 */
function memberPermissions(actions, callerIsOwner, targetIsOwner) {
	if (!actions) return undefined;
	return actions.map((action) => {
		const allow = callerIsOwner && !targetIsOwner && action !== 'leave_a_copy' && action !== 'make_owner';
		const reason = allow ? undefined : targetIsOwner ? 'target_is_owner' : callerIsOwner ? 'permission_denied' : 'user_not_allowed_by_owner';
		return { action: tagged(action), allow, ...(reason && { reason: tagged(reason) }) };
	});
}

/**
 * Every member of a file in listing order: the owner, the users, then invitees (SharedFileMembers' three lists).
 * @param {Store} store @param {Share} share @param {Account} viewer @param {string[] | null} actions
 * @returns {Array<{ list: 'users' | 'invitees', value: Record<string, unknown> }>}
 */
function memberRows(store, share, viewer, actions) {
	const callerIsOwner = share.ownerId === viewer.account_id;
	/** @type {Array<{ list: 'users' | 'invitees', value: Record<string, unknown> }>} */
	const rows = [];
	const owner = store.accounts.get(share.ownerId);
	/** @param {Record<string, unknown>} v @param {boolean} targetIsOwner */
	const withPermissions = (v, targetIsOwner) => {
		const permissions = memberPermissions(actions, callerIsOwner, targetIsOwner);
		return permissions ? { ...v, permissions } : v;
	};
	if (owner) rows.push({ list: 'users', value: withPermissions({ access_type: tagged('owner'), is_inherited: false, user: userInfo(store, owner, viewer) }, true) });
	for (const [accountId, m] of share.members) {
		const a = store.accounts.get(accountId);
		if (a) rows.push({ list: 'users', value: withPermissions({ access_type: tagged(m.access), is_inherited: false, user: userInfo(store, a, viewer) }, false) });
	}
	for (const invitee of share.invitees.values())
		rows.push({ list: 'invitees', value: withPermissions({ access_type: tagged(invitee.access), is_inherited: false, invitee: { '.tag': 'email', email: invitee.email } }, false) });
	return rows;
}

/** SharedFileMembers for rows [offset, offset + limit), with a cursor when more follow. */
function membersPage(
	/** @type {Store} */ store,
	/** @type {Share} */ share,
	/** @type {Account} */ viewer,
	/** @type {{ offset: number, limit: number, includeInherited: boolean, actions: string[] | null }} */ at,
) {
	const rows = memberRows(store, share, viewer, at.actions);
	const page = rows.slice(at.offset, at.offset + at.limit);
	/** @type {Record<string, unknown>} */
	const out = {
		users: page.filter((r) => r.list === 'users').map((r) => r.value),
		groups: [],
		invitees: page.filter((r) => r.list === 'invitees').map((r) => r.value),
	};
	if (at.offset + at.limit < rows.length) out.cursor = newCursor(store, { kind: 'members', fileId: share.fileId, viewer: viewer.account_id, ...at, offset: at.offset + at.limit });
	return out;
}

/** @param {Store} store @param {Cursor} cursor */
function newCursor(store, cursor) {
	const token = secret(40);
	sharedFilesOf(store).cursors.set(token, cursor);
	return token;
}

/**
 * FilePermission entries for the actions asked about.
 * @param {string[] | null} actions @param {Level} access
 */
function filePermissions(actions, access) {
	if (!actions) return undefined;
	const owner = access === 'owner';
	const editor = owner || access === 'editor';
	/** @type {Record<string, boolean>} */
	const allowed = {
		disable_viewer_info: owner,
		enable_viewer_info: owner,
		edit_contents: editor,
		invite_viewer: owner,
		invite_viewer_no_comment: owner,
		invite_editor: owner,
		unshare: owner,
		relinquish_membership: !owner,
		share_link: true,
		create_link: true,
		create_view_link: true,
		create_edit_link: editor,
	};
	return actions.map((action) => ({ action: tagged(action), allow: allowed[action], ...(!allowed[action] && { reason: tagged(owner ? 'permission_denied' : 'user_not_allowed_by_owner') }) }));
}

/**
 * sharing.SharedFileMetadata as the viewer sees it.
 * @param {Store} store @param {Reached | { entry: Entry, share: Share, access: Level, path: Reached['path'] }} r @param {Account} viewer @param {string[] | null} actions
 */
function sharedFileMetadata(store, r, viewer, actions) {
	const owner = store.accounts.get(r.share.ownerId);
	const ownedByTeam = Boolean(owner?.team_member_id && store.team);
	const membership = r.share.members.get(viewer.account_id);
	const permissions = filePermissions(actions, r.access);
	return {
		access_type: tagged(r.access),
		id: r.entry.id,
		name: r.entry.name,
		...(owner && { owner_display_names: [owner.name.display_name] }),
		...(ownedByTeam && store.team && { owner_team: { id: store.team.team_id, name: store.team.name } }),
		...(r.path && { path_display: r.path.path_display, path_lower: r.path.path_lower }),
		...(permissions && { permissions }),
		policy: {
			...(ownedByTeam && { member_policy: tagged('anyone'), resolved_member_policy: tagged('anyone') }),
			acl_update_policy: tagged('owner'),
			shared_link_policy: tagged('anyone'),
			viewer_info_policy: tagged(r.share.viewerInfoPolicy),
		},
		preview_url: `https://www.dropbox.com/scl/fi/${stableId(`preview:${r.entry.id}`, 21).toLowerCase()}/${encodeURIComponent(r.entry.name)}?dl=0`,
		...(membership && { time_invited: membership.time_invited }),
	};
}

// ---- Changes ----

/**
 * Adds members to a file (add_file_member): accounts (by ID, or by their account's email) become members at once,
 * other emails become invitees. Assumed: adding someone who already has access answers success and leaves their
 * access as it was; adding the owner or giving "owner", "traverse" or "no_access" answers member_error/no_permission;
 * an unknown account ID answers member_error/invalid_member; access_level left out means viewer.
 * @param {Store} store @param {Reached} r
 * @param {{ members: any[], access_level: { '.tag': Level } | null, quiet: boolean, custom_message: string | null, add_message_as_comment: boolean }} arg
 */
function addMembers(store, r, arg) {
	if (!mayManage(r)) throw accessError('no_permission');
	const level = arg.access_level?.['.tag'] ?? 'viewer';
	const state = sharedFilesOf(store);
	const now = iso(Date.now());
	return arg.members.map((member) => {
		/** @param {any} result */
		const out = (result) => ({ member, result });
		/** @param {string} tag */
		const memberError = (tag) => out({ '.tag': 'member_error', member_error: tagged(tag) });
		const account =
			member['.tag'] === 'dropbox_id'
				? store.accounts.get(member.dropbox_id)
				: [...store.accounts.values()].find((a) => a.email.toLowerCase() === member.email.toLowerCase());
		if (member['.tag'] === 'dropbox_id' && !account) return memberError('invalid_member');
		if (account?.account_id === r.share.ownerId) return memberError('no_permission');
		if (!['editor', 'viewer', 'viewer_no_comment'].includes(level)) return memberError('no_permission');
		const email = account?.email ?? member.email;
		const existing = account ? r.share.members.get(account.account_id) : r.share.invitees.get(email.toLowerCase());
		if (existing) return out({ '.tag': 'success', success: tagged(existing.access) });
		if (account) {
			r.share.members.set(account.account_id, { access: level, time_invited: now });
			// Someone invited by email who has since become this account is a member now, not an invitee.
			r.share.invitees.delete(account.email.toLowerCase());
		} else r.share.invitees.set(email.toLowerCase(), { email, access: level, time_invited: now });
		if (!arg.quiet)
			state.invitations.push({
				file_id: r.entry.id,
				email,
				...(account && { account_id: account.account_id }),
				access_level: level,
				custom_message: arg.custom_message,
				add_message_as_comment: arg.add_message_as_comment,
				at: now,
			});
		return out({ '.tag': 'success', success: tagged(level) });
	});
}

/**
 * The membership a MemberSelector names: a user member (by account ID, or by their account's email) or an invitee.
 * @param {Store} store @param {Share} share @param {any} selector
 * @returns {{ kind: 'owner' } | { kind: 'user', accountId: string, m: Membership } | { kind: 'invitee', key: string, m: Invitee } | undefined}
 */
function findMember(store, share, selector) {
	const account =
		selector['.tag'] === 'dropbox_id'
			? store.accounts.get(selector.dropbox_id)
			: [...store.accounts.values()].find((a) => a.email.toLowerCase() === selector.email.toLowerCase());
	if (account?.account_id === share.ownerId) return { kind: 'owner' };
	const m = account && share.members.get(account.account_id);
	if (account && m) return { kind: 'user', accountId: account.account_id, m };
	const key = selector['.tag'] === 'email' ? selector.email.toLowerCase() : account?.email.toLowerCase();
	const invitee = key === undefined ? undefined : share.invitees.get(key);
	return invitee && key !== undefined ? { kind: 'invitee', key, m: invitee } : undefined;
}

module.exports = {
	sharedFilesOf,
	T,
	SharingFail,
	guard,
	tagged,
	accessError,
	reach,
	mayManage,
	membersPage,
	newCursor,
	sharedFileMetadata,
	addMembers,
	findMember,
	EMAIL_PATTERN,
};
