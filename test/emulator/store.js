// @ts-check
'use strict';

const { stableId } = require('./ids');
const { contentHash } = require('./content-hash');

/**
 * The in-memory Dropbox. Content lives in namespaces (a user's home, a team space, later shared and
 * team folders); each namespace has its own tree, keyed by lower-cased path so lookups are
 * case-insensitive while entries keep the case they were created with, and its own change log, which
 * list_folder cursors will point into. Accounts and the team refer to namespaces by id.
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
 * @property {'team_admin'|'member_only'} [role]
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
 * @property {Buffer} [content]
 * @property {string} [client_modified]
 * @property {string} [server_modified]
 * @property {string} [mountedNamespaceId]         a folder that is the root of another namespace
 *
 * @typedef {{ seq: number, op: 'put'|'delete', path_lower: string, entry?: Entry }} Change
 *
 * @typedef {object} Namespace
 * @property {string} id
 * @property {'user_home'|'team_root'|'team_member_folder'|'shared_folder'|'team_folder'} kind
 * @property {string} name
 * @property {Map<string, Entry>} entries
 * @property {Change[]} changes
 */

const iso = (/** @type {number} */ ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const parentOf = (/** @type {string} */ p) => p.slice(0, p.lastIndexOf('/'));
const lower = (/** @type {string} */ p) => p.toLowerCase();

class Store {
	constructor() {
		/** @type {Map<string, Account>} */
		this.accounts = new Map();
		/** @type {Map<string, Account>} by team_member_id */
		this.members = new Map();
		/** @type {Team | null} */
		this.team = null;
		/** The account a user-linked app is linked to unless told otherwise. */
		this.personalAccountId = '';
		/** @type {Map<string, Namespace>} */
		this.namespaces = new Map();
		this.counters = { namespace: 1_000_000, entry: 0, rev: 0x15f0000000 };
	}

	/**
	 * @param {Namespace['kind']} kind @param {string} name
	 * @returns {Namespace}
	 */
	createNamespace(kind, name) {
		const ns = { id: String(++this.counters.namespace), kind, name, entries: new Map(), changes: [] };
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
	 * Namespaces an account may name in Dropbox-API-Path-Root `namespace_id` (shared folders join later).
	 * @param {Account} account
	 */
	accessibleNamespaces(account) {
		return new Set([account.home_namespace_id, account.root_namespace_id]);
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

	/**
	 * Write a file, creating missing parent folders. Overwriting keeps the file's id and gives a new rev.
	 * @param {string} nsId @param {string} path @param {Buffer} content
	 * @param {{ clientModified?: string }} [options]
	 */
	putFile(nsId, path, content, options = {}) {
		const folder = this.ensureFolder(nsId, parentOf(path));
		const existing = this.lookup(nsId, path);
		const now = iso(Date.now());
		/** @type {Entry} */
		const entry = {
			tag: 'file',
			id: existing?.id ?? this.newEntryId(),
			name: existing?.name ?? path.slice(path.lastIndexOf('/') + 1),
			path_lower: lower(path),
			path_display: existing?.path_display ?? `${folder.path_display}/${path.slice(path.lastIndexOf('/') + 1)}`,
			rev: (++this.counters.rev).toString(16),
			size: content.length,
			content_hash: contentHash(content),
			content,
			client_modified: options.clientModified ?? now,
			server_modified: now,
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
		const name = path.slice(path.lastIndexOf('/') + 1);
		const entry = /** @type {Entry} */ ({ tag: 'folder', id: this.newEntryId(), name, path_lower: lower(path), path_display: `${parent.path_display}/${name}` });
		this.record(nsId, entry);
		return entry;
	}

	/**
	 * Show namespace `childNsId` as a folder of `parentNsId` (a member's home inside the team space).
	 * @param {string} parentNsId @param {string} path @param {string} childNsId
	 */
	mount(parentNsId, path, childNsId) {
		const folder = this.ensureFolder(parentNsId, path);
		folder.mountedNamespaceId = childNsId;
		return folder;
	}

	/** Remove an entry and everything under it. @param {string} nsId @param {string} path */
	remove(nsId, path) {
		const ns = this.namespace(nsId);
		const key = lower(path);
		for (const k of [...ns.entries.keys()]) if (k === key || k.startsWith(`${key}/`)) ns.entries.delete(k);
		ns.changes.push({ seq: ns.changes.length + 1, op: 'delete', path_lower: key });
	}

	/** @param {string} nsId @param {Entry} entry */
	record(nsId, entry) {
		const ns = this.namespace(nsId);
		ns.entries.set(entry.path_lower, entry);
		ns.changes.push({ seq: ns.changes.length + 1, op: 'put', path_lower: entry.path_lower, entry });
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
}

module.exports = { Store, iso };
