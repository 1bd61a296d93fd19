// @ts-check
'use strict';

const { view } = require('./paths');
const { groupsFor } = require('./properties');

/**
 * Store entries as Dropbox shows them. Where a type is declared as `Metadata` (a struct with
 * enumerated subtypes) the value carries ".tag" file|folder|deleted; where it is declared as
 * `FileMetadata` or `FolderMetadata` it does not (Stone serialises the subtype plainly).
 *
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Entry} Entry
 * @typedef {import('./paths').Prefix} Prefix
 *
 * @typedef {object} ViewOptions
 * @property {string} [viewer]                    account_id of the caller (file_lock_info.is_lockholder)
 * @property {boolean} [explicitMembers]          include has_explicit_shared_members
 * @property {boolean} [restorable]               include is_restorable
 * @property {string[]} [propertyTemplates]        include_property_groups: the templates whose groups to show
 */

/**
 * Extensions whose files cannot be downloaded, only exported: export_as and the formats offered. Paper docs
 * export as html, markdown or plain_text (Dropbox's announcement of the files/paper routes: "a Markdown, HTML, or
 * plain text representation of a Paper doc"); the Google formats are assumed to offer only one.
 */
const EXPORTABLE = /** @type {Record<string, { as: string, options: string[] }>} */ ({
	paper: { as: 'html', options: ['html', 'markdown', 'plain_text'] },
	gdoc: { as: 'docx', options: ['docx'] },
	gsheet: { as: 'xlsx', options: ['xlsx'] },
	gslides: { as: 'pptx', options: ['pptx'] },
});

/** @param {string} name */
const extensionOf = (name) => (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '');

/** @param {Entry} entry */
const exportInfo = (entry) => (entry.tag === 'file' ? EXPORTABLE[extensionOf(entry.name)] : undefined);

/** @param {Entry} entry */
const isDownloadable = (entry) => !exportInfo(entry);

/**
 * files.FileMetadata (untagged).
 * @param {Store} store @param {string} nsId @param {Entry} e @param {Prefix} prefix @param {ViewOptions} [options]
 */
function fileMetadata(store, nsId, e, prefix, options = {}) {
	const ns = store.namespace(nsId);
	const shared = ns.kind === 'shared_folder' || ns.kind === 'team_folder';
	const lock = store.locks.get(e.id);
	const exp = exportInfo(e);
	/** @type {Record<string, unknown>} */
	const out = {
		name: e.name,
		id: e.id,
		client_modified: e.client_modified,
		server_modified: e.server_modified,
		rev: e.rev,
		size: e.size,
		...view(prefix, e.path_lower, e.path_display),
	};
	if (shared) {
		out.parent_shared_folder_id = nsId;
		out.sharing_info = { read_only: false, parent_shared_folder_id: nsId, ...(e.modified_by && { modified_by: e.modified_by }) };
	}
	out.is_downloadable = !exp;
	if (exp) out.export_info = { export_as: exp.as, export_options: exp.options };
	if (options.explicitMembers) out.has_explicit_shared_members = false;
	out.content_hash = e.content_hash;
	if (lock) {
		const holder = store.accounts.get(lock.account_id);
		out.file_lock_info = {
			is_lockholder: lock.account_id === options.viewer,
			lockholder_name: holder?.name.display_name,
			lockholder_account_id: lock.account_id,
			created: lock.created,
		};
	}
	if (options.restorable) out.is_restorable = true;
	return out;
}

/**
 * files.FolderMetadata (untagged).
 * @param {Store} store @param {string} nsId @param {Entry} e @param {Prefix} prefix
 */
function folderMetadata(store, nsId, e, prefix) {
	const ns = store.namespace(nsId);
	const inShared = ns.kind === 'shared_folder' || ns.kind === 'team_folder';
	/** @type {Record<string, unknown>} */
	const out = { name: e.name, id: e.id, ...view(prefix, e.path_lower, e.path_display) };
	if (inShared) out.parent_shared_folder_id = nsId;
	if (e.mountedNamespaceId) out.shared_folder_id = e.mountedNamespaceId;
	if (inShared || e.mountedNamespaceId)
		out.sharing_info = {
			read_only: false,
			...(inShared && { parent_shared_folder_id: nsId }),
			...(e.mountedNamespaceId && { shared_folder_id: e.mountedNamespaceId }),
			traverse_only: false,
			no_access: false,
		};
	return out;
}

/**
 * files.Metadata: file or folder, tagged.
 * @param {Store} store @param {string} nsId @param {Entry} e @param {Prefix} prefix @param {ViewOptions} [options]
 */
function metadata(store, nsId, e, prefix, options = {}) {
	const groups = groupsFor(store, e.id, options.propertyTemplates);
	return e.tag === 'file'
		? { '.tag': 'file', ...fileMetadata(store, nsId, e, prefix, options), ...(groups && { property_groups: groups }) }
		: { '.tag': 'folder', ...folderMetadata(store, nsId, e, prefix), ...(groups && { property_groups: groups }) };
}

/**
 * files.DeletedMetadata, tagged.
 * @param {{ name: string, path_lower: string, path_display: string }} d @param {Prefix} prefix @param {boolean} [restorable]
 */
const deletedMetadata = (d, prefix, restorable) => ({
	'.tag': 'deleted',
	name: d.name,
	...view(prefix, d.path_lower, d.path_display),
	...(restorable !== undefined && { is_restorable: restorable }),
});

module.exports = { fileMetadata, folderMetadata, metadata, deletedMetadata, exportInfo, isDownloadable, extensionOf, EXPORTABLE };
