import type { IDataObject, INodeProperties, INodeParameterResourceLocator } from 'n8n-workflow';

import type { CommitInfo, PathForm, WriteMode } from '../../shared';
import type { InputChecker } from '../../shared/validate';

type Kind = 'file' | 'folder' | 'any';

const EXAMPLE_PATH: Record<Kind, string> = { file: '/Reports/2026/summary.pdf', folder: '/Reports/2026', any: '/Reports/2026/summary.pdf' };
const SEARCH_METHOD: Record<Kind, string> = { file: 'searchFiles', folder: 'searchFolders', any: 'searchEntries' };

/** A file or folder picked from a list, or given as a path, an "id:..." or a Dropbox web address. */
export function pathLocator(
	name: string,
	displayName: string,
	kind: Kind,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'path', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: SEARCH_METHOD[kind], searchable: true },
			},
			{ displayName: 'By Path', name: 'path', type: 'string', placeholder: EXAMPLE_PATH[kind] },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'id:a4ayc_80_OEAAAAAAAAAXw' },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://www.dropbox.com/home${EXAMPLE_PATH[kind]}`,
			},
		],
		...extra,
	};
}

/**
 * The Dropbox path a locator points at. Web addresses of the Dropbox site are turned into paths:
 * /home/<folder>?preview=<file> names a file, /home/<folder> a folder.
 */
export function locatorPath(check: InputChecker, displayName: string, value: unknown, form: PathForm): string {
	const locator = (typeof value === 'object' && value !== null ? value : { mode: 'path', value }) as INodeParameterResourceLocator;
	const raw = String(locator.value ?? '').trim();
	if (locator.mode === 'url' || /^https?:\/\//i.test(raw)) return check.path(displayName, pathFromWebUrl(check, displayName, raw), form);
	if (locator.mode === 'id' && raw && !raw.startsWith('id:')) return check.path(displayName, `id:${raw}`, form);
	return check.path(displayName, raw, form);
}

function pathFromWebUrl(check: InputChecker, displayName: string, raw: string): string {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return check.fail(displayName, `"${raw}" is not a web address`, 'Paste the address of a file or folder as the Dropbox website shows it, such as https://www.dropbox.com/home/Reports?preview=summary.pdf.');
	}
	const home = /^\/home(\/.*)?$/.exec(url.pathname);
	if (!/(^|\.)dropbox\.com$/.test(url.hostname) || !home) {
		return check.fail(displayName, `"${raw}" is not a Dropbox folder address`, 'Use an address that starts with https://www.dropbox.com/home/; a shared link does not name a path in this Dropbox.');
	}
	const folder = decodeURIComponent(home[1] ?? '').replace(/\/+$/, '');
	const preview = url.searchParams.get('preview');
	return preview ? `${folder}/${preview}` : folder || '/';
}

/** The options of every write: what happens on a name conflict, notifications, and the modified time. */
export const writeOptionFields: INodeProperties[] = [
	{
		displayName: 'Autorename',
		name: 'autorename',
		type: 'boolean',
		default: false,
		description: 'Whether Dropbox should pick a free name such as "report (1).pdf" when the name is taken',
	},
	{
		displayName: 'Client Modified Time',
		name: 'clientModified',
		type: 'dateTime',
		default: '',
		description: 'The modification time to show for the file, for example the time it changed on the original device',
	},
	{
		displayName: 'Expected Revision',
		name: 'updateRev',
		type: 'string',
		default: '',
		placeholder: 'a1c10ce0dd78',
		description: 'With Write Mode "Update": the revision the file must still have; otherwise it is a conflict',
	},
	{
		displayName: 'Mute Notifications',
		name: 'mute',
		type: 'boolean',
		default: false,
		description: 'Whether to spare the user desktop notifications about this change',
	},
	{
		displayName: 'Strict Conflict',
		name: 'strictConflict',
		type: 'boolean',
		default: false,
		description: 'Whether to treat a file with the same content as a conflict too (with Write Mode "Overwrite" or "Update")',
	},
	{
		displayName: 'Write Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Add', value: 'add', description: 'Never overwrite; a taken name is a conflict (or is autorenamed)' },
			{ name: 'Overwrite', value: 'overwrite', description: 'Replace whatever file is there' },
			{ name: 'Update', value: 'update', description: 'Replace the file only if it still has the Expected Revision' },
		],
		default: 'add',
		description: 'What happens when a file already exists at the path',
	},
];

/** Dropbox's CommitInfo from the write options collection. */
export function commitInfo(check: InputChecker, path: string, options: IDataObject): CommitInfo {
	let mode: WriteMode = options.mode === 'overwrite' ? 'overwrite' : 'add';
	if (options.mode === 'update') mode = { '.tag': 'update', update: check.rev('Expected Revision', options.updateRev) };
	const commit: CommitInfo = { path, mode };
	if (options.autorename) commit.autorename = true;
	if (options.mute) commit.mute = true;
	if (options.strictConflict) commit.strict_conflict = true;
	if (options.clientModified) commit.client_modified = dropboxTime(check, options.clientModified);
	return commit;
}

/** Dropbox wants UTC without fractions: 2026-11-28T08:00:00Z. */
function dropboxTime(check: InputChecker, value: unknown): string {
	const date = new Date(String(value));
	if (Number.isNaN(date.getTime()))
		check.fail('Client Modified Time', `"${String(value)}" is not a date`, 'Give a date and time such as 2026-11-28T08:00:00Z.');
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
