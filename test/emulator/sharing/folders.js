// @ts-check
'use strict';

const { iso, lower, isUnder } = require('../store');
const { stableId } = require('../ids');
const { Fail } = require('../files/ops');

/**
 * Shared folders: sharing a folder turns it into a namespace of its own (kind `shared_folder`, its id is the
 * shared_folder_id), mounted where the folder was. Each folder has members with an access level
 * (owner, editor, viewer, viewer_no_comment), pending invitations (an account invited but not yet mounted,
 * or an email address without an account), policies and access inheritance. A member who mounts the folder
 * gets it as a folder of their home (`/<name>`, renamed when taken); unmounting, removal, relinquishing and
 * unsharing take it out again, leaving a plain copy when asked.
 *
 * The state hangs off the store in a WeakMap, so other sharing modules attach their own beside it.
 * Failures are `Fail`s carrying the route's error union value (access errors as `access_error`).
 *
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Account} Account
 * @typedef {import('../store').Entry} Entry
 * @typedef {'owner'|'editor'|'viewer'|'viewer_no_comment'} Access
 *
 * @typedef {object} Membership
 * @property {Access} access
 * @property {string} time_invited
 * @property {boolean} pending                     invited, never mounted: an invitation, not yet a member
 * @property {{ ns: string, path_lower: string } | null} mount   where it is in the member's tree
 *
 * @typedef {object} Invitee                      an email address that belongs to no account
 * @property {string} email
 * @property {Access} access
 * @property {string} time_invited
 *
 * @typedef {object} SharedFolder
 * @property {string} id                           shared_folder_id = the namespace id
 * @property {string} name
 * @property {string} owner                        account_id
 * @property {{ member_policy: string, acl_update_policy: string, shared_link_policy: string, viewer_info_policy: string }} policy
 * @property {'inherit'|'no_inherit'} access_inheritance
 * @property {Map<string, Membership>} members     by account_id
 * @property {Map<string, Invitee>} invitees       by lower-cased email
 * @property {string} preview
 */

/** @type {WeakMap<Store, { folders: Map<string, SharedFolder> }>} */
const registry = new WeakMap();

/** The sharing state of a store, created on first use. @param {Store} store */
function sharingOf(store) {
	let state = registry.get(store);
	if (!state) registry.set(store, (state = { folders: new Map() }));
	return state;
}

const tagged = (/** @type {string} */ tag) => ({ '.tag': tag });
const accessFail = (/** @type {string} */ tag) => new Fail({ '.tag': 'access_error', access_error: tagged(tag) });
const fail = (/** @type {string} */ tag) => new Fail(tagged(tag));
const now = () => iso(Date.now());

/** Is this account on the same team as that one? @param {Account | undefined} a @param {Account | undefined} b */
const sameTeam = (a, b) => Boolean(a?.team_member_id && b?.team_member_id);

// ---- moving content between namespaces -------------------------------------------------------------

/**
 * Move everything below `fromLower` in namespace `from` to below `toLower`/`toDisplay` in `to`, keeping ids,
 * revisions and deleted entries, without logging changes (the content did not change; only the namespace
 * holding it did). `fromLower` '' moves the whole namespace.
 * @param {Store} store @param {string} from @param {string} fromLower @param {number} fromDisplayLength
 * @param {string} to @param {string} toLower @param {string} toDisplay
 */
function moveTree(store, from, fromLower, fromDisplayLength, to, toLower, toDisplay) {
	const src = store.namespace(from);
	const dst = store.namespace(to);
	const inside = (/** @type {string} */ p) => (fromLower === '' ? p !== '' : isUnder(p, fromLower));
	const place = (/** @type {{ path_lower: string, path_display: string }} */ e) => ({
		path_lower: toLower + e.path_lower.slice(fromLower.length),
		path_display: toDisplay + e.path_display.slice(fromDisplayLength),
	});
	for (const e of [...src.entries.values()]) {
		if (!inside(e.path_lower)) continue;
		const moved = { ...e, ...place(e) };
		src.entries.delete(e.path_lower);
		dst.entries.set(moved.path_lower, moved);
		if (e.id) store.byId.set(e.id, { ns: to, path_lower: moved.path_lower });
		const revs = src.pathRevs.get(e.path_lower);
		if (revs) {
			src.pathRevs.delete(e.path_lower);
			dst.pathRevs.set(moved.path_lower, revs);
			for (const rev of revs) {
				const r = store.revisions.get(rev);
				if (r) store.revisions.set(rev, { ns: to, entry: { ...r.entry, ...place(r.entry) } });
			}
		}
	}
	for (const d of [...src.deleted.values()]) {
		if (!inside(d.path_lower)) continue;
		src.deleted.delete(d.path_lower);
		const moved = { ...d, ...place(d) };
		dst.deleted.set(moved.path_lower, moved);
	}
}

/**
 * A plain copy of a shared folder's content at `display` in namespace `nsId` (leave a copy): new ids, the
 * same bytes, every write logged (it is new content in that tree).
 * @param {Store} store @param {string} fromNs @param {string} nsId @param {string} display
 */
function copyTree(store, fromNs, nsId, display) {
	store.ensureFolder(nsId, display);
	for (const e of store.descendants(fromNs, '')) {
		if (e.tag === 'folder') store.ensureFolder(nsId, display + e.path_display);
		else if (e.blob) store.writeFile(nsId, { path_display: display + e.path_display, blob: e.blob, clientModified: e.client_modified });
	}
}

/** A name not taken at the root of a namespace: "Name", then "Name (1)", ... @param {Store} store @param {string} nsId @param {string} name */
function freeName(store, nsId, name) {
	for (let i = 0; ; i++) {
		const candidate = i === 0 ? name : `${name} (${i})`;
		if (!store.lookup(nsId, `/${candidate}`)) return candidate;
	}
}

// ---- looking folders up --------------------------------------------------------------------------

/**
 * Mount points as the trees show them now: a member may have moved the folder (files/move_v2 keeps its namespace)
 * or deleted it (then it is no longer mounted).
 * @param {Store} store @param {SharedFolder} folder
 */
function refresh(store, folder) {
	for (const m of folder.members.values()) {
		if (!m.mount) continue;
		if (store.lookup(m.mount.ns, m.mount.path_lower)?.mountedNamespaceId === folder.id) continue;
		const moved = [...store.namespace(m.mount.ns).mounts].find(([, child]) => child === folder.id);
		m.mount = moved ? { ns: m.mount.ns, path_lower: moved[0] } : null;
	}
}

/**
 * The folder and the caller's membership; access errors otherwise. An invitation counts where `pending`
 * is allowed (metadata, mounting), an account that is not a member at all is `not_a_member`.
 * @param {Store} store @param {Account} account @param {string} id @param {{ pending?: boolean }} [options]
 */
function access(store, account, id, options = {}) {
	const folder = sharingOf(store).folders.get(id);
	if (!folder) throw accessFail('invalid_id');
	refresh(store, folder);
	const membership = folder.members.get(account.account_id);
	if (!membership || (membership.pending && !options.pending)) throw accessFail('not_a_member');
	return { folder, membership };
}

/** May this membership change the member list (the folder's ACL update policy)? @param {SharedFolder} folder @param {Membership} m */
const mayManageMembers = (folder, m) => m.access === 'owner' || (m.access === 'editor' && folder.policy.acl_update_policy === 'editors');

/**
 * What the caller may do (FolderPermission list for the `actions` asked about).
 * @param {SharedFolder} folder @param {Membership} m @param {string[]} actions
 */
function permissions(folder, m, actions) {
	const owner = m.access === 'owner';
	const manage = mayManageMembers(folder, m);
	const editor = owner || m.access === 'editor';
	/** @type {Record<string, boolean>} */
	const allow = {
		change_options: owner,
		disable_viewer_info: owner,
		enable_viewer_info: owner,
		edit_contents: editor,
		invite_editor: manage,
		invite_viewer: manage,
		invite_viewer_no_comment: manage,
		relinquish_membership: !owner,
		unmount: Boolean(m.mount),
		unshare: owner,
		leave_a_copy: !owner,
		share_link: true,
		create_link: true,
		create_view_link: true,
		create_edit_link: editor,
		set_access_inheritance: owner,
	};
	return actions.map((action) => ({ action: tagged(action), allow: allow[action] ?? false, ...(!allow[action] && { reason: tagged('permission_denied') }) }));
}

/**
 * sharing.SharedFolderMetadata as `viewer` sees it (the path only where it is mounted in their tree).
 * @param {Store} store @param {SharedFolder} folder @param {Account} viewer @param {string} rootNsId @param {string[] | null} [actions]
 */
function folderMetadata(store, folder, viewer, rootNsId, actions) {
	const m = folder.members.get(viewer.account_id);
	const owner = store.accounts.get(folder.owner);
	const team = owner?.team_member_id && store.team ? store.team : null;
	/** @type {Record<string, unknown>} */
	const out = {
		access_type: tagged(m?.access ?? 'viewer'),
		is_inside_team_folder: false,
		is_team_folder: false,
		owner_display_names: owner ? [owner.name.display_name] : [],
		...(team && { owner_team: { id: team.team_id, name: team.name } }),
	};
	const mount = m?.mount;
	const prefix = mount && store.viewPrefix(rootNsId, mount.ns);
	const entry = mount && store.lookup(mount.ns, mount.path_lower);
	if (prefix && entry) {
		out.path_lower = prefix.lower + entry.path_lower;
		out.path_display = prefix.display + entry.path_display;
	}
	out.name = folder.name;
	if (actions && m) out.permissions = permissions(folder, m, actions);
	out.policy = {
		...(team && { member_policy: tagged(folder.policy.member_policy), resolved_member_policy: tagged(folder.policy.member_policy) }),
		acl_update_policy: tagged(folder.policy.acl_update_policy),
		shared_link_policy: tagged(folder.policy.shared_link_policy),
		viewer_info_policy: tagged(folder.policy.viewer_info_policy),
	};
	out.preview_url = `https://www.dropbox.com/scl/fo/${folder.preview}`;
	out.shared_folder_id = folder.id;
	out.time_invited = m?.time_invited ?? now();
	out.access_inheritance = tagged(folder.access_inheritance);
	if (entry) out.folder_id = entry.id;
	return out;
}

// ---- sharing and unsharing -----------------------------------------------------------------------

/**
 * share_folder: the folder at `loc` (created when missing) becomes a shared namespace owned by `account`.
 * @param {Store} store @param {Account} account @param {import('../files/paths').Loc} loc
 * @param {{ acl_update_policy?: string, member_policy?: string, shared_link_policy?: string, viewer_info_policy?: string, access_inheritance?: string }} settings
 * @param {(folder: SharedFolder) => unknown} shown   the metadata of an existing shared folder (already_shared)
 * @returns {SharedFolder}
 */
function share(store, account, loc, settings, shown) {
	const bad = (/** @type {any} */ reason) => new Fail({ '.tag': 'bad_path', bad_path: reason });
	let entry = loc.entry;
	if (loc.fileAncestor || entry?.tag === 'file') throw bad(tagged('is_file'));
	if (entry?.mountedNamespaceId) {
		const existing = sharingOf(store).folders.get(entry.mountedNamespaceId);
		if (existing) throw bad({ '.tag': 'already_shared', already_shared: shown(existing) });
		throw bad(tagged('invalid_path'));
	}
	const ns = store.namespace(loc.ns);
	if (ns.kind === 'shared_folder') throw bad(tagged('inside_shared_folder'));
	if (ns.kind === 'team_root' && loc.lower.split('/').length === 2) throw bad(tagged('invalid_path'));
	if (entry && [...ns.mounts.keys()].some((at) => isUnder(at, entry?.path_lower ?? ''))) throw bad(tagged('contains_shared_folder'));
	const team = Boolean(account.team_member_id);
	if (settings.member_policy && !team) throw fail('team_policy_disallows_member_policy');
	if (!entry) entry = store.ensureFolder(loc.ns, loc.display);

	const shared = store.createNamespace('shared_folder', entry.name);
	moveTree(store, loc.ns, entry.path_lower, entry.path_display.length, shared.id, '', '');
	store.writeFolder(loc.ns, entry.path_display, entry.id, shared.id);
	/** @type {SharedFolder} */
	const folder = {
		id: shared.id,
		name: entry.name,
		owner: account.account_id,
		policy: {
			member_policy: settings.member_policy ?? 'anyone',
			acl_update_policy: settings.acl_update_policy ?? 'editors',
			shared_link_policy: settings.shared_link_policy ?? 'anyone',
			viewer_info_policy: settings.viewer_info_policy ?? 'enabled',
		},
		access_inheritance: settings.access_inheritance === 'no_inherit' ? 'no_inherit' : 'inherit',
		members: new Map([[account.account_id, { access: 'owner', time_invited: now(), pending: false, mount: { ns: loc.ns, path_lower: entry.path_lower } }]]),
		invitees: new Map(),
		preview: stableId(`shared-folder:${shared.id}`, 10).toLowerCase(),
	};
	sharingOf(store).folders.set(folder.id, folder);
	return folder;
}

/**
 * Takes the folder out of a member's tree; with `leaveCopy`, a plain copy stays where it was.
 * @param {Store} store @param {SharedFolder} folder @param {Membership} m @param {boolean} leaveCopy
 */
function takeOut(store, folder, m, leaveCopy) {
	if (!m.mount) return;
	const entry = store.lookup(m.mount.ns, m.mount.path_lower);
	const { ns } = m.mount;
	m.mount = null;
	if (!entry || entry.mountedNamespaceId !== folder.id) return;
	store.remove(ns, entry.path_lower);
	if (leaveCopy) copyTree(store, folder.id, ns, entry.path_display);
}

/**
 * unshare_folder: members lose the folder (or keep a copy); the owner keeps the content as a plain folder.
 * @param {Store} store @param {SharedFolder} folder @param {boolean} leaveCopy
 */
function unshare(store, folder, leaveCopy) {
	for (const [accountId, m] of folder.members) if (accountId !== folder.owner) takeOut(store, folder, m, leaveCopy);
	const ownerMembership = folder.members.get(folder.owner);
	const at = ownerMembership?.mount;
	const entry = at && store.lookup(at.ns, at.path_lower);
	if (at && entry?.mountedNamespaceId === folder.id) {
		store.namespace(at.ns).mounts.delete(entry.path_lower);
		moveTree(store, folder.id, '', 0, at.ns, entry.path_lower, entry.path_display);
		store.writeFolder(at.ns, entry.path_display, entry.id);
	} else {
		// The owner had unmounted it: the content comes back at the root of their home.
		const owner = /** @type {Account} */ (store.accounts.get(folder.owner));
		const name = freeName(store, owner.home_namespace_id, folder.name);
		const made = store.ensureFolder(owner.home_namespace_id, `/${name}`);
		moveTree(store, folder.id, '', 0, owner.home_namespace_id, made.path_lower, made.path_display);
	}
	sharingOf(store).folders.delete(folder.id);
}

// ---- members -------------------------------------------------------------------------------------

/**
 * add_folder_member. Members already there keep their access (Dropbox's union has no error for them).
 * @param {Store} store @param {Account} caller @param {SharedFolder} folder @param {Membership} m
 * @param {Array<{ member: { '.tag': string, email?: string, dropbox_id?: string }, access_level: { '.tag': string } | null }>} members
 */
function addMembers(store, caller, folder, m, members) {
	if (!mayManageMembers(folder, m)) throw fail('no_permission');
	const badMember = (/** @type {string} */ tag, /** @type {string} */ value) => new Fail({ '.tag': 'bad_member', bad_member: { '.tag': tag, [tag]: value } });
	const owner = store.accounts.get(folder.owner);
	/** @type {Array<() => void>} */
	const changes = [];
	for (const { member, access_level } of members) {
		const access = /** @type {Access} */ (access_level?.['.tag'] ?? 'viewer');
		// Assumed: "owner" is refused as the spec says it is disallowed; no_permission is the closest tag.
		if (access === 'owner') throw fail('no_permission');
		/** @type {Account | undefined} */
		let account;
		if (member['.tag'] === 'dropbox_id') {
			const id = String(member.dropbox_id);
			account = store.accounts.get(id) ?? store.members.get(id);
			if (!account) throw badMember('invalid_dropbox_id', id);
		} else {
			const email = String(member.email);
			// Assumed: addresses under the reserved .invalid domain stand for the ones Dropbox cannot deliver to.
			if (/\.invalid$/i.test(email)) throw badMember('invalid_email', email);
			account = [...store.accounts.values()].find((a) => a.email.toLowerCase() === email.toLowerCase());
			if (!account) {
				if (folder.policy.member_policy === 'team' && owner?.team_member_id) throw fail('cant_share_outside_team');
				const key = email.toLowerCase();
				changes.push(() => {
					if (!folder.invitees.has(key)) folder.invitees.set(key, { email, access, time_invited: now() });
				});
				continue;
			}
		}
		if (folder.policy.member_policy === 'team' && owner?.team_member_id && !sameTeam(owner, account)) throw fail('cant_share_outside_team');
		const found = account;
		changes.push(() => {
			if (!folder.members.has(found.account_id)) folder.members.set(found.account_id, { access, time_invited: now(), pending: true, mount: null });
		});
	}
	// All or nothing: a bad member refuses the whole call.
	for (const change of changes) change();
}

/**
 * The member a MemberSelector names: an account's membership or an invitee.
 * @param {Store} store @param {SharedFolder} folder @param {{ '.tag': string, email?: string, dropbox_id?: string }} selector
 */
function findMember(store, folder, selector) {
	if (selector['.tag'] === 'dropbox_id') {
		const account = store.accounts.get(String(selector.dropbox_id)) ?? store.members.get(String(selector.dropbox_id));
		if (!account) return { problem: 'invalid_dropbox_id' };
		const m = folder.members.get(account.account_id);
		return m ? { accountId: account.account_id, membership: m } : { problem: 'not_a_member' };
	}
	const key = String(selector.email).toLowerCase();
	const account = [...store.accounts.values()].find((a) => a.email.toLowerCase() === key);
	const m = account && folder.members.get(account.account_id);
	if (account && m) return { accountId: account.account_id, membership: m };
	const invitee = folder.invitees.get(key);
	return invitee ? { inviteeKey: key, invitee } : { problem: 'not_a_member' };
}

/** @param {string} tag */
const memberFail = (tag) => new Fail({ '.tag': 'member_error', member_error: tagged(tag) });

/**
 * update_folder_member: a new access level for a member or invitee (not the owner; not to owner).
 * @param {Store} store @param {SharedFolder} folder @param {Membership} m @param {any} selector @param {Access} access
 */
function updateMember(store, folder, m, selector, access) {
	if (!mayManageMembers(folder, m)) throw fail('no_permission');
	const found = findMember(store, folder, selector);
	if ('problem' in found) throw memberFail(/** @type {string} */ (found.problem));
	// Assumed: the owner's level changes only through transfer_folder; no_permission is the closest tag.
	if (access === 'owner' || found.membership?.access === 'owner') throw fail('no_permission');
	if (found.membership) found.membership.access = access;
	if (found.invitee) found.invitee.access = access;
	return { access_level: tagged(access) };
}

/**
 * remove_folder_member: refusals at once; the returned removal (run as the job) takes the folder from the
 * member (leaving a copy when asked) or withdraws an invitation.
 * @param {Store} store @param {SharedFolder} folder @param {Membership} m @param {any} selector @param {boolean} leaveCopy
 * @returns {() => void}
 */
function removeMember(store, folder, m, selector, leaveCopy) {
	if (!mayManageMembers(folder, m)) throw fail('no_permission');
	const found = findMember(store, folder, selector);
	if ('problem' in found) throw memberFail(/** @type {string} */ (found.problem));
	if (found.membership?.access === 'owner') throw fail('folder_owner');
	return () => {
		if (found.membership && found.accountId) {
			takeOut(store, folder, found.membership, leaveCopy);
			folder.members.delete(found.accountId);
		}
		if (found.inviteeKey) folder.invitees.delete(found.inviteeKey);
	};
}

/**
 * relinquish_folder_membership: the caller leaves (with a copy when asked). The owner cannot.
 * @param {Store} store @param {Account} account @param {SharedFolder} folder @param {Membership} m @param {boolean} leaveCopy
 */
function relinquish(store, account, folder, m, leaveCopy) {
	if (m.access === 'owner') throw fail('folder_owner');
	takeOut(store, folder, m, leaveCopy);
	folder.members.delete(account.account_id);
}

/**
 * mount_folder: the folder appears at the root of the member's home as "/<name>" (renamed when taken).
 * @param {Store} store @param {Account} account @param {SharedFolder} folder @param {Membership} m
 */
function mount(store, account, folder, m) {
	if (m.mount) throw fail('already_mounted');
	const nsId = account.home_namespace_id;
	const name = freeName(store, nsId, folder.name);
	const entry = store.writeFolder(nsId, `/${name}`, undefined, folder.id);
	m.mount = { ns: nsId, path_lower: entry.path_lower };
	m.pending = false;
}

/**
 * unmount_folder: the folder leaves the member's tree; they stay a member and can mount it again.
 * @param {Store} store @param {SharedFolder} folder @param {Membership} m
 */
function unmount(store, folder, m) {
	if (!m.mount) throw accessFail('unmounted');
	const at = m.mount;
	if (store.namespace(at.ns).kind === 'shared_folder') throw fail('not_unmountable');
	const entry = store.lookup(at.ns, at.path_lower);
	m.mount = null;
	if (entry?.mountedNamespaceId === folder.id) store.remove(at.ns, entry.path_lower);
}

/**
 * transfer_folder: a mounted member becomes the owner; the old owner becomes an editor.
 * @param {Store} store @param {SharedFolder} folder @param {Membership} m @param {string} toId
 */
function transfer(store, folder, m, toId) {
	if (m.access !== 'owner') throw fail('no_permission');
	const account = store.accounts.get(toId) ?? store.members.get(toId);
	if (!account) throw fail('invalid_dropbox_id');
	const target = folder.members.get(account.account_id);
	if (!target || target.pending) throw fail('new_owner_not_a_member');
	if (!target.mount) throw fail('new_owner_unmounted');
	m.access = 'editor';
	target.access = 'owner';
	folder.owner = account.account_id;
}

/**
 * update_folder_policy (owner only).
 * @param {Store} store @param {Account} account @param {SharedFolder} folder @param {Membership} m @param {any} arg
 */
function updatePolicy(store, account, folder, m, arg) {
	if (m.access !== 'owner') throw fail('no_permission');
	if (arg.member_policy && !account.team_member_id) throw fail('not_on_team');
	// Assumed: "team" links need a team, as the spec marks the member deprecated and team-only.
	if (arg.shared_link_policy?.['.tag'] === 'team' && !account.team_member_id) throw fail('disallowed_shared_link_policy');
	for (const key of /** @type {const} */ (['member_policy', 'acl_update_policy', 'viewer_info_policy', 'shared_link_policy']))
		if (arg[key]) folder.policy[key] = arg[key]['.tag'];
}

/**
 * The rows of list_folder_members: users (members who accepted), invitees (accounts invited but not yet
 * mounted, and emails without an account), each with its access and, when asked, permissions.
 * @param {Store} store @param {SharedFolder} folder @param {Account} viewer @param {string[] | null} actions
 */
function memberRows(store, folder, viewer, actions) {
	const viewerMembership = folder.members.get(viewer.account_id);
	const manage = viewerMembership ? mayManageMembers(folder, viewerMembership) : false;
	/** @param {Access} access @param {boolean} self */
	const perms = (access, self) =>
		actions?.map((action) => {
			const allow = action === 'leave_a_copy' ? self && access !== 'owner' : manage && access !== 'owner' && !self;
			return { action: tagged(action), allow, ...(!allow && { reason: tagged(access === 'owner' ? 'target_is_owner' : self ? 'target_is_self' : 'permission_denied') }) };
		});
	/** @param {Account} a */
	const userInfo = (a) => ({
		account_id: a.account_id,
		email: a.email,
		display_name: a.name.display_name,
		same_team: sameTeam(a, viewer),
		...(sameTeam(a, viewer) && a.team_member_id && { team_member_id: a.team_member_id }),
	});
	const users = [];
	const invitees = [];
	for (const [accountId, m] of folder.members) {
		const a = /** @type {Account} */ (store.accounts.get(accountId));
		const p = perms(m.access, accountId === viewer.account_id);
		const base = { access_type: tagged(m.access), ...(p && { permissions: p }), is_inherited: false };
		if (m.pending) invitees.push({ ...base, invitee: { '.tag': 'email', email: a.email }, user: userInfo(a) });
		else users.push({ ...base, user: userInfo(a) });
	}
	for (const i of folder.invitees.values()) {
		const p = perms(i.access, false);
		invitees.push({ access_type: tagged(i.access), ...(p && { permissions: p }), is_inherited: false, invitee: { '.tag': 'email', email: i.email } });
	}
	return { users, invitees };
}

/**
 * Shared folders an account has: `mine` (list_folders: those it is a member of) or the mountable ones
 * (list_mountable_folders: invitations and folders it has unmounted). Oldest first.
 * @param {Store} store @param {Account} account @param {'mine'|'mountable'} which
 */
function foldersOf(store, account, which) {
	return [...sharingOf(store).folders.values()].filter((folder) => {
		refresh(store, folder);
		const m = folder.members.get(account.account_id);
		if (!m) return false;
		return which === 'mine' ? !m.pending : !m.mount;
	});
}

module.exports = {
	sharingOf,
	access,
	folderMetadata,
	share,
	unshare,
	addMembers,
	updateMember,
	removeMember,
	relinquish,
	mount,
	unmount,
	transfer,
	updatePolicy,
	memberRows,
	foldersOf,
	mayManageMembers,
	lower,
};
