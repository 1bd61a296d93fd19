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

	/** A Dropbox path in the form the route takes; "/" alone means the root where the route allows the root. */
	path(parameter: string, value: unknown, form: PathForm): string {
		const path = typeof value === 'string' ? value.trim() : '';
		const expected = `Use ${FORMS_TEXT[form]}.`;
		if (path === '' || path === '/') {
			if (form === 'list') return '';
			this.fail(parameter, 'is empty', `${expected} The root folder cannot be used here.`);
		}
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
			return this.noTrailingSlash(parameter, path);
		}
		if (!path.startsWith('/')) {
			this.fail(parameter, `"${path}" is a relative path`, `Dropbox paths are absolute: write "/${path}". ${expected}`);
		}
		return this.noTrailingSlash(parameter, path);
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

	private noTrailingSlash(parameter: string, path: string): string {
		if (path.endsWith('/'))
			this.fail(parameter, `"${path}" ends with a slash`, `Dropbox paths have no trailing slash: write "${path.replace(/\/+$/, '')}".`);
		return path;
	}
}
