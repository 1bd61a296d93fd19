import type { INodeParameterResourceLocator, INodeProperties, INodePropertyMode } from 'n8n-workflow';

import type { PathForm } from '../../../shared';
import type { InputChecker } from '../../../shared/validate';
import { kindOf, PATH_PATTERNS, webAddress } from '../../../shared/validate';

/**
 * What each locator mode accepts, as regular expressions the editor checks (n8n wraps them in ^...$) and the
 * node checks again at run time (expressions are only known then). Strings, because n8n keeps them as such.
 */
export const LOCATOR_REGEX = {
	/** "/" (the root), "/a/b" without a trailing slash, "ns:<id>[/...]", and the "id:" / "rev:" forms paths also take. */
	path: `(?:/|/.*[^/]|${PATH_PATTERNS.namespace}(?:/.*[^/])?|id:\\S+|rev:${PATH_PATTERNS.rev})`,
	/** A file or folder ID, with or without its "id:" prefix. */
	id: '(?:id:)?[A-Za-z0-9_-]+',
	/** A folder or file address of the Dropbox website; the group is what follows the host: /home/...[?preview=...]. */
	url: 'https?://(?:[a-z0-9-]+\\.)*dropbox\\.com(/home(?:/[^?#]*)?(?:\\?[^#]*)?)(?:#.*)?',
} as const;

const matches = (regex: string, value: string) => new RegExp(`^${regex}$`).test(value);

type Kind = 'file' | 'folder' | 'any';

const EXAMPLE_PATH: Record<Kind, string> = { file: '/Reports/2026/summary.pdf', folder: '/Reports/2026', any: '/Reports/2026/summary.pdf' };
const SEARCH_METHOD: Record<Kind, string> = { file: 'searchFiles', folder: 'searchFolders', any: 'searchEntries' };
/** What the editor says when a By Path value cannot be a path of this kind. */
const PATH_MESSAGE: Record<Kind, string> = {
	file: `Not a Dropbox file path: start with "/" and end with the file's name, such as ${EXAMPLE_PATH.file}`,
	folder: `Not a Dropbox folder path: start with "/" and leave off any trailing slash, such as ${EXAMPLE_PATH.folder}`,
	any: `Not a Dropbox path: start with "/" and end with the file's or folder's name, such as ${EXAMPLE_PATH.any}`,
};
const URL_EXAMPLE: Record<Kind, string> = {
	file: 'https://www.dropbox.com/home/Reports/2026?preview=summary.pdf',
	folder: 'https://www.dropbox.com/home/Reports/2026',
	any: 'https://www.dropbox.com/home/Reports/2026?preview=summary.pdf',
};

/**
 * A string mode of a locator whose value the editor checks against `regex`. An empty value passes: n8n's
 * "required" check speaks for required locators, and for the others (Folder → List) empty means the root.
 * n8n also refuses to run a workflow whose literal value fails the check.
 */
function checkedMode(mode: Omit<INodePropertyMode, 'type' | 'validation'>, regex: string, errorMessage: string): INodePropertyMode {
	return { ...mode, type: 'string', validation: [{ type: 'regex', properties: { regex: `(?:${regex})?`, errorMessage } }] };
}

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
			checkedMode(
				{ displayName: 'By Path', name: 'path', placeholder: EXAMPLE_PATH[kind] },
				LOCATOR_REGEX.path,
				PATH_MESSAGE[kind],
			),
			checkedMode(
				{ displayName: 'By ID', name: 'id', placeholder: 'id:a4ayc_80_OEAAAAAAAAAXw' },
				LOCATOR_REGEX.id,
				'Not a Dropbox ID: use the "id" of the metadata, such as id:a4ayc_80_OEAAAAAAAAAXw',
			),
			{
				...checkedMode(
					{ displayName: 'By URL', name: 'url', placeholder: URL_EXAMPLE[kind] },
					LOCATOR_REGEX.url,
					`Not a Dropbox web address of an item in this Dropbox: open it on dropbox.com and copy the address, which starts with https://www.dropbox.com/home/, such as ${URL_EXAMPLE[kind]} (a shared link names no path here)`,
				),
				extractValue: { type: 'regex', regex: LOCATOR_REGEX.url },
			},
		],
		...extra,
	};
}

/** A plain Dropbox path parameter ("File Path", "Destination Path", ...). */
export function pathField(name: string, displayName: string, placeholder: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', placeholder, description };
}

/** Several files by path or ID, one parameter: the lock operations take a list. */
export const filePathsField: INodeProperties = {
	displayName: 'File Paths',
	name: 'paths',
	type: 'string',
	typeOptions: { rows: 3 },
	required: true,
	default: '',
	placeholder: '/Contracts/2026.docx',
	description: 'Paths or IDs of the files, separated by commas or new lines',
};

/**
 * The Dropbox path a locator points at. Web addresses of the Dropbox site are turned into paths:
 * /home/<folder>?preview=<file> names a file, /home/<folder> a folder.
 */
export function locatorPath(check: InputChecker, displayName: string, value: unknown, form: PathForm): string {
	const locator = (typeof value === 'object' && value !== null ? value : { mode: 'path', value }) as INodeParameterResourceLocator;
	const raw = String(locator.value ?? '').trim();
	if (locator.mode === 'url' || /^https?:\/\//i.test(raw)) return check.path(displayName, pathFromWebUrl(check, displayName, raw), form);
	if (locator.mode === 'id') {
		if (raw && !matches(LOCATOR_REGEX.id, raw))
			check.fail(displayName, `"${raw}" is not a Dropbox ID`, 'Use the "id" of the file or folder metadata, such as id:a4ayc_80_OEAAAAAAAAAXw, or choose By Path.');
		return check.path(displayName, raw.startsWith('id:') ? raw : `id:${raw}`, form);
	}
	return check.path(displayName, raw, form);
}

/** The path of a Dropbox website address given By URL; any other address, or one naming the wrong kind, is refused with its fix. */
function pathFromWebUrl(check: InputChecker, displayName: string, raw: string): string {
	const address = webAddress(raw);
	const kind = kindOf(displayName);
	const fits = address && 'path' in address && !(kind === 'folder' && address.isFile);
	return fits ? address.path : check.webAddressInstead(displayName, raw, kind);
}
