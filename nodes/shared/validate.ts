import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The path forms of Dropbox's spec, by argument type:
 * - list:  PathROrId, for listing: "" (root), "/...", "id:...", "ns:<id>[/...]"
 * - read:  ReadPath: "/...", "id:...", "rev:<9+ hex>", "ns:<id>[/...]"
 * - write: WritePath: "/..." or "ns:<id>[/...]"
 * - writeOrId: WritePathOrId: write forms plus "id:..."
 */
export type PathForm = 'list' | 'read' | 'write' | 'writeOrId';

/** Pattern sources of Dropbox's revision and namespace forms, shared with the editor's locator checks. */
export const PATH_PATTERNS = { rev: '[0-9a-f]{9,}', namespace: 'ns:[0-9]+' } as const;

const REV = new RegExp(`^${PATH_PATTERNS.rev}$`);
const NAMESPACE = new RegExp(`^${PATH_PATTERNS.namespace}(/.*)?$`);

const FORMS_TEXT: Record<PathForm, string> = {
	list: 'a path starting with "/", "/" or nothing for the root, an "id:..." file ID or an "ns:..." namespace',
	read: 'a path starting with "/", an "id:..." file ID, a "rev:..." revision or an "ns:..." namespace',
	write: 'a path starting with "/" or an "ns:..." namespace path',
	writeOrId: 'a path starting with "/", an "id:..." file ID or an "ns:..." namespace path',
};

/**
 * What a path parameter names; it decides which fix a hint gives (a file needs its name, a folder none, a copy
 * or move target is the new path of what is copied or moved).
 */
export type PathKind = 'file' | 'folder' | 'any' | 'destination';

/**
 * What a parameter names, read from its display name, which says it throughout the node: "File", "File Path",
 * "Doc" name a file; "Folder", "In Folder", "Destination Folder" a folder; "File or Folder" and "From" either;
 * "Destination Path" the new path of what is copied, moved or saved.
 */
export function kindOf(parameter: string): PathKind {
	const name = parameter.toLowerCase();
	if (name.startsWith('destination path')) return 'destination';
	if (name.includes('file or folder') || name === 'from') return 'any';
	if (name.includes('folder')) return 'folder';
	if (name.includes('file') || name.startsWith('doc')) return 'file';
	return 'any';
}

/** An example name that shows where a name goes. */
const EXAMPLE_NAME: Record<PathKind, string> = { file: 'report.pdf', folder: '2026', any: 'report.pdf', destination: 'report.pdf' };

/**
 * How to write `path` (absolute, maybe with trailing slashes) for a parameter of `kind`. A trailing slash marks a
 * folder: where a file is meant, its name is missing, and taking the slash off would name the folder instead.
 */
export function pathFix(path: string, kind: PathKind): string {
	if (!/\/$/.test(path)) return `write "${path}"`;
	const folder = path.replace(/\/+$/, '');
	const inside = `${folder}/${EXAMPLE_NAME[kind]}`;
	if (kind === 'folder') return `write "${folder || '/'}"`;
	if (kind === 'file') return `add the file's name after the last slash, such as "${inside}"`;
	if (kind === 'destination')
		return `to put it inside "${folder || '/'}", add its name after the last slash, such as "${inside}" ("${folder || '/'}" alone would be its new name)`;
	return `write "${folder || '/'}" for the folder itself, or add a name after the last slash, such as "${inside}", for something inside it`;
}

/** A Dropbox website address: /home/<folder>[?preview=<file>] names a path; /s/, /scl/ and /sh/ are shared links. */
export type WebAddress = { path: string; isFile: boolean } | { sharedLink: true } | { malformed: true };

const WEB_ADDRESS = /^https?:\/\/(?:[a-z0-9-]+\.)*dropbox\.com(\/[^#]*)?(?:#.*)?$/i;

/** What a Dropbox web address points to, or undefined for any other address. */
export function webAddress(raw: string): WebAddress | undefined {
	const match = WEB_ADDRESS.exec(raw.trim());
	if (!match) return undefined;
	const url = new URL(`https://www.dropbox.com${match[1] ?? '/'}`);
	if (/^\/(s|scl|sh)\//.test(url.pathname)) return { sharedLink: true };
	if (!/^\/home(\/|$)/.test(url.pathname)) return undefined;
	let folder: string;
	try {
		folder = decodeURIComponent(url.pathname.slice('/home'.length)).replace(/\/+$/, '');
	} catch {
		return { malformed: true };
	}
	const preview = url.searchParams.get('preview');
	return preview ? { path: `${folder}/${preview}`, isFile: true } : { path: folder || '/', isFile: false };
}

export class InputChecker {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
	) {}

	fail(parameter: string, problem: string, fix: string): never {
		throw new NodeOperationError(this.node, `${parameter}: ${problem}`, { itemIndex: this.itemIndex, description: fix });
	}

	required(parameter: string, value: unknown): string {
		const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
		if (!text) this.fail(parameter, 'is empty', `Fill in ${parameter}; it is required for this operation.`);
		return text;
	}

	/**
	 * A Dropbox path in the form the route takes; "/" alone means the root where the route allows the root.
	 * Each refusal says how to write what was meant, for a parameter naming a `kind` of entry.
	 */
	path(parameter: string, value: unknown, form: PathForm, kind: PathKind = kindOf(parameter)): string {
		const path = typeof value === 'string' ? value.trim() : '';
		const expected = `Use ${FORMS_TEXT[form]}.`;
		if (path === '' || path === '/') {
			if (form === 'list') return '';
			if (path === '/' && kind === 'file') this.fail(parameter, '"/" is the root folder, not a file', `Give the file's full path, with its name, such as "/${EXAMPLE_NAME.file}".`);
			this.fail(parameter, path ? '"/" is the root folder' : 'is empty', `${expected} The root folder cannot be used here.`);
		}
		if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) this.webAddressInstead(parameter, path, kind);
		if (/^[A-Za-z]:([\\/]|$)/.test(path) || path.startsWith('\\\\')) this.computerPathInstead(parameter, path, kind);
		if (path.startsWith('id:')) {
			if (form === 'write') this.fail(parameter, 'cannot be a file ID here', `${expected} This operation needs a path.`);
			if (path.length === 3) this.fail(parameter, `"${path}" has no ID after "id:"`, expected);
			return path;
		}
		if (path.startsWith('rev:')) {
			if (form !== 'read') this.fail(parameter, 'cannot be a revision here', expected);
			if (!REV.test(path.slice(4)))
				this.fail(parameter, `"${path}" is not a revision`, 'A revision is "rev:" followed by at least 9 lowercase hexadecimal digits (0-9, a-f), as in the "rev" field of file metadata.');
			return path;
		}
		if (path.startsWith('ns:')) {
			if (!NAMESPACE.test(path)) this.fail(parameter, `"${path}" is not a namespace path`, 'Write "ns:" followed by the numeric namespace ID, optionally followed by a path such as "ns:1234/Reports".');
			return this.noTrailingSlash(parameter, path, kind);
		}
		if (path.includes('\\') && !path.startsWith('/')) {
			const fixed = `/${path.replace(/\\+/g, '/').replace(/^\/+/, '')}`;
			this.fail(parameter, `"${path}" uses backslashes`, `Dropbox paths separate folders with "/": ${pathFix(fixed, kind)}.`);
		}
		if (!path.startsWith('/')) {
			this.fail(parameter, `"${path}" is a relative path`, `Dropbox paths are absolute, from the top of the Dropbox: ${pathFix(`/${path}`, kind)}. ${expected}`);
		}
		return this.noTrailingSlash(parameter, path, kind);
	}

	/** A web address where a path belongs: the Dropbox path it points to where the address names one. */
	webAddressInstead(parameter: string, raw: string, kind: PathKind): never {
		const address = webAddress(raw);
		if (!address)
			this.fail(parameter, `"${raw}" is a web address, not a Dropbox path`, `Give the path in Dropbox, starting with "/", such as "/Reports/${EXAMPLE_NAME[kind]}". To store a file from the web, use File → Save From URL.`);
		if ('sharedLink' in address)
			this.fail(
				parameter,
				`"${raw}" is a shared link, which names no path in this Dropbox`,
				'Give the path in this Dropbox, starting with "/" (open the item on dropbox.com while signed in to this account: the address then reads https://www.dropbox.com/home/..., and the path is what follows /home). To work with the link itself, use the Shared Link resource.',
			);
		if ('malformed' in address)
			this.fail(parameter, `"${raw}" has a malformed percent-escape`, 'Copy the address again from the Dropbox website; a "%" must be followed by two hexadecimal digits (write a literal "%" as "%25"), or give the path, starting with "/".');
		const { path, isFile } = address;
		if (kind === 'folder' && isFile) {
			const folder = path.slice(0, path.lastIndexOf('/')) || '/';
			this.fail(parameter, `"${raw}" is the web address of the file "${path}"`, `Give the folder's path: for the folder holding that file, write "${folder}".`);
		}
		// Without ?preview= the address may name a folder or (in newer website addresses) a file: both are said.
		const ifFolder = kind === 'file' && !isFile ? ` (if that is a folder, ${pathFix(`${path === '/' ? '' : path}/`, 'file')})` : '';
		return this.fail(parameter, `"${raw}" is a web address, not a Dropbox path`, `It points to "${path}": write "${path}"${ifFolder}.`);
	}

	/** A path on a computer (C:\..., \\server\...): the part inside a Dropbox folder, if it names one. */
	private computerPathInstead(parameter: string, raw: string, kind: PathKind): never {
		const parts = raw.split(/[\\/]+/);
		const top = parts.findIndex((part) => /^Dropbox( \(.+\))?$/i.test(part));
		const problem = `"${raw}" is a path on a computer, not in Dropbox`;
		if (top >= 0 && top < parts.length - 1) {
			const inside = `/${parts.slice(top + 1).join('/')}${/[\\/]$/.test(raw) ? '/' : ''}`;
			this.fail(parameter, problem, `Dropbox paths start at the top of the Dropbox, with "/": for this place in the Dropbox folder, ${pathFix(inside, kind)}.`);
		}
		this.fail(
			parameter,
			problem,
			`Give the path in Dropbox, starting with "/", such as "/Reports/${EXAMPLE_NAME[kind]}". A file on a computer must first be read into the workflow (for example with the Read/Write Files from Disk node) and then uploaded.`,
		);
	}

	rev(parameter: string, value: unknown): string {
		const rev = this.required(parameter, value);
		if (!REV.test(rev))
			this.fail(parameter, `"${rev}" is not a revision`, 'A revision is at least 9 lowercase hexadecimal digits (0-9, a-f), as in the "rev" field of file metadata.');
		return rev;
	}

	accountId(parameter: string, value: unknown): string {
		const id = this.required(parameter, value);
		if (!/^dbid:.{35}$/.test(id))
			this.fail(parameter, `"${id}" is not a Dropbox account ID`, 'An account ID is 40 characters long and starts with "dbid:", as in the "account_id" field of Account → Get Current.');
		return id;
	}

	/** A comma- or newline-separated list, each entry checked by `each`. */
	list(parameter: string, value: unknown, each: (entry: string) => string): string[] {
		const entries = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\n,]/))
			.map((entry) => entry.trim())
			.filter(Boolean);
		if (!entries.length) this.fail(parameter, 'is empty', `Give at least one value in ${parameter}, separated by commas.`);
		return entries.map(each);
	}

	/** A copy or move destination: never the source itself nor inside it (checked for paths; IDs name no place). */
	destination(parameter: string, from: string, to: string): string {
		const source = from.toLowerCase();
		const target = to.toLowerCase();
		if (from.startsWith('/') && (target === source || target.startsWith(source + '/')))
			this.fail(parameter, `"${to}" is ${target === source ? 'the source itself' : 'inside the source'}`, `Choose a destination outside "${from}".`);
		return to;
	}

	/** File extensions, as "pdf, .DOCX": lower case, without the dot. */
	extensions(parameter: string, value: unknown): string[] {
		return this.list(parameter, value, (extension) => extension.replace(/^\./, '').toLowerCase());
	}

	private noTrailingSlash(parameter: string, path: string, kind: PathKind): string {
		if (path.endsWith('/')) {
			const problem = kind === 'file' ? `"${path}" ends with a slash, so it names a folder` : `"${path}" ends with a slash`;
			this.fail(parameter, problem, `Dropbox paths have no trailing slash: ${pathFix(path, kind)}.`);
		}
		return path;
	}
}
