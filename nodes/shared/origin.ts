// Marks what this package writes, in Dropbox itself, so that the change triggers can skip their own echoes.
//
// The mark is a file property (Dropbox's file_properties): a property group of the package's own template,
// "n8n Dropbox Suite origin", holding the content hash and the name of the version the package wrote. A trigger
// with "Ignore Changes Made by Dropbox Suite" asks list_folder for that group (include_property_groups: the cursor keeps the
// request, so every later page carries it) and skips an entry exactly when its content hash and name are the ones
// marked. A person's later edit gives a new content hash, a rename a new name: both fire. Nothing is kept in n8n,
// so this holds while the writing execution still runs, in queue mode, and across workflows.
//
// Templates belong to the app and to a user (user apps, templates/*_for_user) or to a team (team apps,
// templates/*_for_team, which members' properties may use; Dropbox does not let team templates tag folders).
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { DropboxContext } from './client';
import { CREDENTIAL_TYPE, DropboxClient, applied, notApplied } from './client';
import { errorTags } from './errors';
import { dropboxErrorOf } from './reconcile';

export const ORIGIN_TEMPLATE_NAME = 'n8n Dropbox Suite origin';
const ORIGIN_TEMPLATE_DESCRIPTION = 'Set by the n8n Dropbox Suite nodes on what they write, so that their triggers can skip their own changes';
/** The field holding the content hash of the version written ("" for a folder). */
export const HASH_FIELD = 'content_hash';
/** The field holding the lower-cased name written, so that a later rename by a person still fires. */
export const NAME_FIELD = 'name';

/** Routes a personal app calls to find (or create) the template. */
export const ORIGIN_TEMPLATE_ROUTES = ['file_properties/templates/list_for_user', 'file_properties/templates/get_for_user', 'file_properties/templates/add_for_user'];
/** ... and to mark an entry after a write. */
export const ORIGIN_ROUTES = [...ORIGIN_TEMPLATE_ROUTES, 'file_properties/properties/overwrite'];
/** Team apps find (or create) a team-owned template instead: these need files.team_metadata.write. */
export const ORIGIN_TEAM_ROUTES = ['file_properties/templates/list_for_team', 'file_properties/templates/get_for_team', 'file_properties/templates/add_for_team'];

export interface PropertyGroup extends IDataObject {
	template_id: string;
	fields: Array<{ name: string; value: string }>;
}

// A template ID never changes, so it is kept per process and owner: looked up once, not once per write or pass.
const templates = new Map<string, Promise<string>>();

/** The package's template for the credential's owner (user or team), created the first time it is needed. */
export async function originTemplate(fn: DropboxContext): Promise<string> {
	const credentials = await fn.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	const team = credentials.appType === 'team';
	const tokens = (credentials.oauthTokenData ?? {}) as IDataObject;
	const owner = team ? `team:${String(tokens.team_id ?? '')}` : `user:${String(tokens.account_id ?? '')}`;
	let found = templates.get(owner);
	if (!found) {
		found = findOrCreate(new DropboxClient(fn), team);
		templates.set(owner, found);
		// A failed lookup is not kept: the next write or pass asks again.
		found.catch(() => templates.delete(owner));
	}
	return await found;
}

/** Forgets the kept template IDs (tests; and after Dropbox said a template is gone). */
export function forgetOriginTemplates(): void {
	templates.clear();
}

async function findOrCreate(dropbox: DropboxClient, team: boolean): Promise<string> {
	const kind = team ? 'team' : 'user';
	const existing = await findOurs(dropbox, kind);
	if (existing) return existing;
	const created = await dropbox.rpc<{ template_id: string }>(
		`file_properties/templates/add_for_${kind}`,
		{
			name: ORIGIN_TEMPLATE_NAME,
			description: ORIGIN_TEMPLATE_DESCRIPTION,
			fields: [
				{ name: HASH_FIELD, description: 'Content hash of the version n8n wrote', type: 'string' },
				{ name: NAME_FIELD, description: 'Lower-cased name n8n wrote', type: 'string' },
			],
		},
		{
			reconcile: {
				whatToCheck: `whether the template "${ORIGIN_TEMPLATE_NAME}" exists`,
				check: async () => {
					const id = await findOurs(dropbox, kind);
					return id ? applied({ template_id: id }) : notApplied;
				},
			},
		},
	);
	// Two processes may create it at the same moment: every process settles on the same one, the smallest ID.
	return (await findOurs(dropbox, kind)) ?? created.template_id;
}

/** The smallest ID among the templates with our name (the app sees only its own templates). */
async function findOurs(dropbox: DropboxClient, kind: 'user' | 'team'): Promise<string | undefined> {
	const { template_ids: ids } = await dropbox.rpc<{ template_ids: string[] }>(`file_properties/templates/list_for_${kind}`);
	const ours: string[] = [];
	for (const id of ids) {
		const template = await dropbox.rpc<{ name: string }>(`file_properties/templates/get_for_${kind}`, { template_id: id });
		if (template.name === ORIGIN_TEMPLATE_NAME) ours.push(id);
	}
	return ours.sort()[0];
}

const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1).toLowerCase();

/** The mark for a version with this content hash ("" for a folder) written at this path. */
export function originGroup(templateId: string, contentHash: string, path: string): PropertyGroup {
	return { template_id: templateId, fields: [{ name: HASH_FIELD, value: contentHash }, { name: NAME_FIELD, value: nameOf(path) }] };
}

/**
 * An upload's commit with the mark in its property_groups, the content hash filled in once it is known (the
 * bytes are hashed while they stream): the mark arrives with the file in the same commit, so no trigger can
 * see the file unmarked.
 */
export function withContentHash<T extends { property_groups?: PropertyGroup[] }>(commit: T, contentHash: string): T {
	const groups = commit.property_groups;
	if (!groups) return commit;
	return {
		...commit,
		property_groups: groups.map((group) => ({
			...group,
			fields: group.fields.map((field) => (field.name === HASH_FIELD ? { ...field, value: contentHash } : field)),
		})),
	};
}

/**
 * Marks an entry after a write that cannot carry the mark itself (copy, move, rename, create folder, restore,
 * Paper). properties/overwrite sets the whole group, present or not, and may be sent again safely. Until it
 * lands, a trigger reading the entry sees it unmarked: see the README for this window. The write itself has
 * succeeded by then, so a failed mark is returned as a warning for the item, not thrown (running the write again
 * would copy or create twice).
 */
export async function markWritten(dropbox: DropboxClient, templateId: string, metadata: IDataObject): Promise<string | undefined> {
	const isFolder = metadata['.tag'] === 'folder' || (metadata['.tag'] === undefined && metadata.content_hash === undefined);
	const group = originGroup(templateId, isFolder ? '' : String(metadata.content_hash ?? ''), String(metadata.path_display ?? metadata.name ?? ''));
	try {
		await dropbox.rpc('file_properties/properties/overwrite', { path: String(metadata.id ?? metadata.path_lower), property_groups: [group] });
		return undefined;
	} catch (error) {
		const tags = errorTags({ error: dropboxErrorOf(error) });
		if (tags.includes('template_not_found')) forgetOriginTemplates();
		// Team templates cannot tag folders (unsupported_folder): such a folder's creation is reported by the triggers.
		return `Written, but not marked as written by n8n (${(error as Error).message}): a trigger with "Ignore Changes Made by Dropbox Suite" reports this change.`;
	}
}

/** Whether an entry, as list_folder shows it with our property group, is exactly what the package wrote. */
export function writtenByN8n(entry: IDataObject, templateId: string): boolean {
	if (entry['.tag'] === 'deleted') return false;
	const group = ((entry.property_groups as PropertyGroup[] | undefined) ?? []).find((g) => g.template_id === templateId);
	if (!group) return false;
	const field = (name: string) => group.fields.find((f) => f.name === name)?.value;
	const hash = entry['.tag'] === 'folder' ? '' : String(entry.content_hash ?? '');
	return field(HASH_FIELD) === hash && field(NAME_FIELD) === String(entry.name ?? '').toLowerCase();
}
