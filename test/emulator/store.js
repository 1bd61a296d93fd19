// @ts-check
'use strict';

const { stableId } = require('./ids');
const { Blob, BlobStore } = require('./blob');

/**
 * The in-memory Dropbox. Content lives in namespaces (a user's home, a team space, later shared and
 * team folders); each namespace has its own tree, keyed by lower-cased path so lookups are
 * case-insensitive while entries keep the case they were created with, its deleted entries, and its
 * own change log. Changes carry one store-wide sequence number, so a list_folder cursor that spans
 * several namespaces (a team space with members' folders mounted in it) is a single number.
 * Accounts and the team refer to namespaces by id. Entries are never mutated once stored: a write
 * stores a new entry object, so change-log records and revisions are snapshots.
 *
 * @typedef {{ given_name: string, surname: string, familiar_name: string, display_name: string, abbreviated_name: string }} Name
 *
 * @typedef {object} Account
 * @property {string} account_id
 * @property {Name} name
 * @property {string} email
 * @property {boolean} email_verified
 * @property {boolean} disabled
 * @property {string} country
 * @property {string} locale
 * @property {string} referral_link
 * @property {'basic'|'pro'|'business'} account_type
 * @property {boolean} is_paired
 * @property {string} home_namespace_id
 * @property {string} root_namespace_id
 * @property {number} allocated                 bytes (individual accounts)
 * @property {string} [home_path]                 team members: their folder under the team space
 * @property {string} [team_member_id]
 * @property {'team_admin'|'member_only'} [role]   team_admin when `roles` holds the team admin role
 * @property {string[]} [roles]                   team members: role_ids of their admin roles (none: member only)
 * @property {'active'|'invited'|'suspended'|'removed'} [status]   team members (absent: active)
 * @property {string} [external_id]
 * @property {string} [persistent_id]
 * @property {boolean} [is_directory_restricted]
 * @property {string} [suspended_on]
 * @property {boolean} [recoverable]              removed members: still recoverable (not kept as Basic account)
 * @property {boolean} [keptAccount]              removed members kept as a Basic account (is_disconnected)
 * @property {number} [removedAt]                 removed members: when (epoch ms), for the 7 days of recovery
 * @property {string} [joined_on]
 *
 * @typedef {object} Team
 * @property {string} team_id
 * @property {string} name
 * @property {string} root_namespace_id
 * @property {string} adminMemberId              the admin who links team apps by default
 * @property {string[]} memberIds                team_member_ids, in joining order
 * @property {number} allocated
 * @property {number} num_licensed_users
 * @property {boolean} [teamSpace]                whether the team has a team space (default true); see README "Team"
 * @property {Array<{ role_id: string, name: string, description: string }>} [roles]   get_available_team_member_roles
 * @property {Map<string, TeamFolder>} [teamFolders]   by team_folder_id (its namespace id)
 * @property {number} [archivePolls]              checks of a team folder archive job answered in_progress (default 2)
 *
 * @typedef {object} TeamFolder
 * @property {string} team_folder_id
 * @property {string} name
 * @property {'active'|'archived'|'archive_in_progress'|'deleted'} status
 * @property {'default'|'not_synced'} sync_setting
 * @property {Array<{ id: string, sync_setting: 'default'|'not_synced' }>} content_sync_settings
 *
 * @typedef {object} Entry
 * @property {'file'|'folder'} tag
 * @property {string} id
 * @property {string} name
 * @property {string} path_lower                  within its namespace ('' is the namespace root)
 * @property {string} path_display
 * @property {string} [rev]
 * @property {number} [size]
 * @property {string} [content_hash]
 * @property {Blob} [blob]                         file bytes (shared between copies and revisions)
 * @property {string} [client_modified]
 * @property {string} [server_modified]
 * @property {string} [modified_by]                account_id of the last writer, when known
 * @property {number} [paper_revision]             .paper documents
 * @property {string} [mountedNamespaceId]         a folder that is the root of another namespace
 *
 * @typedef {object} Deleted
 * @property {'file'|'folder'} tag
 * @property {string} id                           the id the entry had
 * @property {string} name
 * @property {string} path_lower
 * @property {string} path_display
 * @property {string} server_deleted
 * @property {string} [rev]                        files: the last revision
 *
 * @typedef {object} Change
 * @property {number} seq                          store-wide, increasing
 * @property {string} ns                           namespace id
 * @property {'put'|'delete'} op
 * @property {string} path_lower                   within the namespace
 * @property {Entry} entry                         put: the entry as written; delete: the entry as it was
 *
 * @typedef {object} Namespace
 * @property {string} id
 * @property {'user_home'|'team_root'|'team_member_folder'|'shared_folder'|'team_folder'|'app_folder'} kind
 * @property {string} name
 * @property {Map<string, Entry>} entries          by path_lower
 * @property {Map<string, Deleted>} deleted        by path_lower: what used to be there
 * @property {Map<string, string[]>} pathRevs      by path_lower: revisions written at that path, oldest first
 * @property {Map<string, string>} mounts          path_lower of a folder -> id of the namespace mounted there
 * @property {{ ns: string, path_lower: string } | undefined} mountedIn
 * @property {Change[]} changes
 *
 * @typedef {{ ns: string, entry: Entry }} Revision   a file as one of its revisions left it
 */

const iso = (/** @type {number} */ ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const parentOf = (/** @type {string} */ p) => p.slice(0, p.lastIndexOf('/'));
const lower = (/** @type {string} */ p) => p.toLowerCase();
const baseName = (/** @type {string} */ p) => p.slice(p.lastIndexOf('/') + 1);
/** Is `p` strictly below `folder` ('' is the root)? @param {string} p @param {string} folder */
const isUnder = (p, folder) => p.startsWith(`${folder}/`);

class Store {
	constructor() {
		/** @type {Map<string, Account>} */
		this.accounts = new Map();
		/** @type {Map<string, Account>} by team_member_id */
		this.members = new Map();
		/** @type {Team | null} */
		this.team = null;
		/** @type {string[] | undefined} addresses the team sent a welcome email to, in order */
		this.welcomeEmails = undefined;
		/** The account a user-linked app is linked to unless told otherwise. */
		this.personalAccountId = '';
		/** @type {Map<string, Namespace>} */
		this.namespaces = new Map();
		this.counters = { namespace: 1_000_000, entry: 0, rev: 0x15f0000000, seq: 0 };
		/** @type {Map<string, { ns: string, path_lower: string }>} live entry id -> where it is */
		this.byId = new Map();
		/** @type {Map<string, Revision>} */
		this.revisions = new Map();
		/** @type {Map<string, string[]>} file id -> its revisions, oldest first */
		this.idRevs = new Map();
		/** @type {Map<string, string[]>} entry id -> tags */
		this.tags = new Map();
		/** @type {Map<string, { created: string, account_id: string }>} file id -> lock */
		this.locks = new Map();
		/** @type {Set<(change: Change) => void>} */
		this.listeners = new Set();
		this.blobs = new BlobStore();
	}

	/** The store-wide sequence number of the latest change. */
	get seq() {
		return this.counters.seq;
	}

	/**
	 * @param {Namespace['kind']} kind @param {string} name
	 * @returns {Namespace}
	 */
	createNamespace(kind, name) {
		/** @type {Namespace} */
		const ns = {
			id: String(++this.counters.namespace),
			kind,
			name,
			entries: new Map(),
			deleted: new Map(),
			pathRevs: new Map(),
			mounts: new Map(),
			mountedIn: undefined,
			changes: [],
		};
		this.namespaces.set(ns.id, ns);
		return ns;
	}

	/** @param {string} id */
	namespace(id) {
		const ns = this.namespaces.get(id);
		if (!ns) throw new Error(`no namespace ${id}`);
		return ns;
	}

	personal() {
		return /** @type {Account} */ (this.accounts.get(this.personalAccountId));
	}

	/** @param {Account} account */
	addAccount(account) {
		this.accounts.set(account.account_id, account);
		if (account.team_member_id) this.members.set(account.team_member_id, account);
		return account;
	}

	/**
	 * Namespaces an account can reach: its home and root, and every namespace mounted inside those that
	 * it may see.
	 * @param {Account} account
	 */
	accessibleNamespaces(account) {
		const out = new Set([account.home_namespace_id, account.root_namespace_id]);
		const queue = [...out];
		while (queue.length) {
			const ns = this.namespaces.get(/** @type {string} */ (queue.shift()));
			for (const child of ns?.mounts.values() ?? []) if (!out.has(child) && this.mayEnter(account, child)) out.add(child), queue.push(child);
		}
		return out;
	}

	/**
	 * May `account` see namespace `nsId` where it is mounted? In a team space every member's folder is
	 * mounted at the root, but each member sees only their own.
	 * @param {Account | undefined} account @param {string} nsId
	 */
	mayEnter(account, nsId) {
		const ns = this.namespaces.get(nsId);
		return !ns || ns.kind !== 'team_member_folder' || account?.home_namespace_id === nsId;
	}

	/** Is this entry visible to `account` (not another member's folder)? @param {Account | undefined} account @param {Entry} entry */
	visibleTo(account, entry) {
		return !entry.mountedNamespaceId || this.mayEnter(account, entry.mountedNamespaceId);
	}

	/**
	 * Where namespace `nsId` appears in the tree of `rootNsId` (the caller's path root): the view path of
	 * the namespace's root, or null when it is not mounted below that root.
	 * @param {string} rootNsId @param {string} nsId
	 * @returns {{ lower: string, display: string } | null}
	 */
	viewPrefix(rootNsId, nsId) {
		return this.prefixVia(rootNsId, nsId, new Set());
	}

	/**
	 * viewPrefix through any of the namespace's mount points: a shared folder is mounted in the tree of each
	 * member who mounted it, so the one that leads to `rootNsId` is the caller's.
	 * @param {string} rootNsId @param {string} nsId @param {Set<string>} seen
	 * @returns {{ lower: string, display: string } | null}
	 */
	prefixVia(rootNsId, nsId, seen) {
		if (nsId === rootNsId) return { lower: '', display: '' };
		if (seen.has(nsId) || !this.namespaces.has(nsId)) return null;
		seen.add(nsId);
		for (const at of this.mountPoints(nsId)) {
			const folder = this.lookup(at.ns, at.path_lower);
			if (!folder || folder.mountedNamespaceId !== nsId) continue;
			// Each mount folder's path is relative to its own namespace: chain them.
			const above = this.prefixVia(rootNsId, at.ns, seen);
			if (above) return { lower: above.lower + folder.path_lower, display: above.display + folder.path_display };
		}
		return null;
	}

	/**
	 * Where a namespace is mounted: `mountedIn` first, then any other folder that mounts it.
	 * @param {string} nsId @returns {Array<{ ns: string, path_lower: string }>}
	 */
	mountPoints(nsId) {
		const primary = this.namespace(nsId).mountedIn;
		const out = primary ? [primary] : [];
		for (const other of this.namespaces.values())
			for (const [at, child] of other.mounts)
				if (child === nsId && !(primary && primary.ns === other.id && primary.path_lower === at)) out.push({ ns: other.id, path_lower: at });
		return out;
	}

	/** @param {string} nsId @param {string} path  '' or '/a/b' */
	lookup(nsId, path) {
		return this.namespace(nsId).entries.get(lower(path));
	}

	/** @param {string} nsId @param {string} path */
	children(nsId, path) {
		const prefix = `${lower(path)}/`;
		return [...this.namespace(nsId).entries.values()].filter(
			(e) => e.path_lower.startsWith(prefix) && !e.path_lower.slice(prefix.length).includes('/'),
		);
	}

	/** Every entry strictly below `path`, parents before children. @param {string} nsId @param {string} path */
	descendants(nsId, path) {
		const prefix = `${lower(path)}/`;
		const out = [...this.namespace(nsId).entries.values()].filter((e) => e.path_lower.startsWith(prefix));
		return out.sort((a, b) => depth(a.path_lower) - depth(b.path_lower));
	}

	/** The live entry with this id, and its namespace. @param {string} id */
	byEntryId(id) {
		const at = this.byId.get(id);
		const entry = at && this.namespace(at.ns).entries.get(at.path_lower);
		return at && entry ? { ns: at.ns, entry } : undefined;
	}

	/**
	 * Write a file, creating missing parent folders. Overwriting keeps the file's id and gives a new rev.
	 * Used by seeding scripts; routes go through files/ops.js, which checks conflicts first.
	 * @param {string} nsId @param {string} path @param {Buffer | Blob} content
	 * @param {{ clientModified?: string }} [options]
	 */
	putFile(nsId, path, content, options = {}) {
		const folder = this.ensureFolder(nsId, parentOf(path));
		const existing = this.lookup(nsId, path);
		if (existing && existing.tag !== 'file') throw new Error(`${path} is a folder`);
		const blob = content instanceof Blob ? content : Blob.fromBuffer(content);
		return this.writeFile(nsId, {
			id: existing?.id,
			path_display: existing?.path_display ?? `${folder.path_display}/${baseName(path)}`,
			blob,
			clientModified: options.clientModified,
		});
	}

	/**
	 * Store a file entry at a path whose parent exists (a new revision of whatever id it is given).
	 * @param {string} nsId
	 * @param {{ id?: string, path_display: string, blob: Blob, clientModified?: string, modifiedBy?: string, paperRevision?: number }} file
	 * @returns {Entry}
	 */
	writeFile(nsId, { id, path_display, blob, clientModified, modifiedBy, paperRevision }) {
		const now = iso(Date.now());
		/** @type {Entry} */
		const entry = {
			tag: 'file',
			id: id ?? this.newEntryId(),
			name: baseName(path_display),
			path_lower: lower(path_display),
			path_display,
			rev: this.newRev(),
			size: blob.size,
			content_hash: blob.contentHash,
			blob,
			client_modified: clientModified ?? now,
			server_modified: now,
			...(modifiedBy && { modified_by: modifiedBy }),
			...(lower(path_display).endsWith('.paper') && { paper_revision: paperRevision ?? 1 }),
		};
		this.record(nsId, entry);
		return entry;
	}

	/**
	 * The folder at `path`, created (with its parents) when missing; keeps the case of existing folders.
	 * @param {string} nsId @param {string} path
	 * @returns {Entry}
	 */
	ensureFolder(nsId, path) {
		if (path === '') return { tag: 'folder', id: '', name: '', path_lower: '', path_display: '' };
		const existing = this.lookup(nsId, path);
		if (existing) {
			if (existing.tag !== 'folder') throw new Error(`${path} is a file`);
			return existing;
		}
		const parent = this.ensureFolder(nsId, parentOf(path));
		return this.writeFolder(nsId, `${parent.path_display}/${baseName(path)}`);
	}

	/**
	 * Store a folder entry at a path whose parent exists (a moved mount point keeps its namespace).
	 * @param {string} nsId @param {string} path_display @param {string} [id] @param {string} [mountedNamespaceId]
	 */
	writeFolder(nsId, path_display, id, mountedNamespaceId) {
		/** @type {Entry} */
		const entry = { tag: 'folder', id: id ?? this.newEntryId(), name: baseName(path_display), path_lower: lower(path_display), path_display };
		if (mountedNamespaceId) {
			entry.mountedNamespaceId = mountedNamespaceId;
			this.namespace(nsId).mounts.set(entry.path_lower, mountedNamespaceId);
			this.namespace(mountedNamespaceId).mountedIn = { ns: nsId, path_lower: entry.path_lower };
		}
		this.record(nsId, entry);
		return entry;
	}

	/**
	 * Show namespace `childNsId` as a folder of `parentNsId` (a member's home inside the team space).
	 * @param {string} parentNsId @param {string} path @param {string} childNsId
	 */
	mount(parentNsId, path, childNsId) {
		const folder = this.ensureFolder(parentNsId, path);
		const mounted = { ...folder, mountedNamespaceId: childNsId };
		this.namespace(parentNsId).entries.set(mounted.path_lower, mounted);
		this.namespace(parentNsId).mounts.set(mounted.path_lower, childNsId);
		this.namespace(childNsId).mountedIn = { ns: parentNsId, path_lower: mounted.path_lower };
		const log = this.namespace(parentNsId).changes;
		if (log.length && log[log.length - 1].entry === folder) log[log.length - 1].entry = mounted;
		return mounted;
	}

	/**
	 * Remove an entry and everything under it; each removed entry is logged as a deletion (the entry
	 * first, then what was inside it) and remembered as deleted.
	 * @param {string} nsId @param {string} path
	 * @returns {Entry[]} what was removed, the entry first
	 */
	remove(nsId, path) {
		const ns = this.namespace(nsId);
		const key = lower(path);
		const top = ns.entries.get(key);
		if (!top) return [];
		const removed = [top, ...this.descendants(nsId, key)];
		const now = iso(Date.now());
		for (const entry of removed) {
			ns.entries.delete(entry.path_lower);
			const at = this.byId.get(entry.id);
			if (at && at.ns === nsId && at.path_lower === entry.path_lower) this.byId.delete(entry.id);
			if (entry.mountedNamespaceId) ns.mounts.delete(entry.path_lower);
			ns.deleted.set(entry.path_lower, {
				tag: entry.tag,
				id: entry.id,
				name: entry.name,
				path_lower: entry.path_lower,
				path_display: entry.path_display,
				server_deleted: now,
				...(entry.rev && { rev: entry.rev }),
			});
			this.log(ns, 'delete', entry);
		}
		return removed;
	}

	/**
	 * Forget deleted entries and revisions at and below `path` (permanent deletion).
	 * @param {string} nsId @param {string} path
	 */
	purge(nsId, path) {
		const ns = this.namespace(nsId);
		const key = lower(path);
		const hit = (/** @type {string} */ p) => p === key || isUnder(p, key);
		for (const [p, d] of [...ns.deleted]) {
			if (!hit(p)) continue;
			ns.deleted.delete(p);
			this.tags.delete(d.id);
		}
		for (const [p, revs] of [...ns.pathRevs]) {
			if (!hit(p)) continue;
			for (const rev of revs) {
				const r = this.revisions.get(rev);
				this.revisions.delete(rev);
				if (r) {
					const list = this.idRevs.get(r.entry.id)?.filter((x) => x !== rev);
					if (list?.length) this.idRevs.set(r.entry.id, list);
					else this.idRevs.delete(r.entry.id);
				}
			}
			ns.pathRevs.delete(p);
		}
	}

	/** Store a put and log it. @param {string} nsId @param {Entry} entry */
	record(nsId, entry) {
		const ns = this.namespace(nsId);
		ns.entries.set(entry.path_lower, entry);
		ns.deleted.delete(entry.path_lower);
		if (entry.id) this.byId.set(entry.id, { ns: nsId, path_lower: entry.path_lower });
		if (entry.tag === 'file' && entry.rev && !this.revisions.has(entry.rev)) {
			this.revisions.set(entry.rev, { ns: nsId, entry });
			push(ns.pathRevs, entry.path_lower, entry.rev);
			push(this.idRevs, entry.id, entry.rev);
		}
		this.log(ns, 'put', entry);
	}

	/**
	 * @param {Namespace} ns @param {'put'|'delete'} op @param {Entry} entry
	 */
	log(ns, op, entry) {
		/** @type {Change} */
		const change = { seq: ++this.counters.seq, ns: ns.id, op, path_lower: entry.path_lower, entry };
		ns.changes.push(change);
		for (const listener of this.listeners) {
			try {
				listener(change);
			} catch {
				// A listener's failure must not break the write that caused it.
			}
		}
	}

	/**
	 * Be told of every change as it is logged (webhook delivery and long polls hook in here).
	 * @param {(change: Change) => void} listener
	 * @returns {() => void} unsubscribe
	 */
	onChange(listener) {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Changes of a namespace after `seq`, oldest first.
	 * @param {string} nsId @param {number} seq
	 */
	changesSince(nsId, seq) {
		const log = this.namespace(nsId).changes;
		let lo = 0;
		let hi = log.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (log[mid].seq <= seq) lo = mid + 1;
			else hi = mid;
		}
		return log.slice(lo);
	}

	/** The bytes of a file (small files; tests and scripts). @param {string} nsId @param {string} path */
	async readFile(nsId, path) {
		const entry = this.lookup(nsId, path);
		if (!entry?.blob) throw new Error(`no file at ${path}`);
		return entry.blob.read();
	}

	/** Bytes stored in the given namespaces. @param {Iterable<string>} nsIds */
	usedBytes(nsIds) {
		let used = 0;
		for (const id of nsIds) for (const e of this.namespace(id).entries.values()) used += e.size ?? 0;
		return used;
	}

	newEntryId() {
		return `id:${stableId(`entry:${++this.counters.entry}`, 22)}`;
	}

	newRev() {
		return (++this.counters.rev).toString(16);
	}

	/** Drop the scratch files of large blobs. */
	dispose() {
		this.listeners.clear();
		this.blobs.dispose();
	}
}

/** @param {string} p */
const depth = (p) => p.split('/').length;

/** @template V @param {Map<string, V[]>} map @param {string} key @param {V} value */
function push(map, key, value) {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

module.exports = { Store, iso, lower, parentOf, baseName, isUnder };
