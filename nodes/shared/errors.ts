import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { presetsWith } from './scopes';

/** What came back from a failed Dropbox call, whatever layer threw it. */
export interface DropboxFailure {
	/** HTTP status; undefined when the connection failed before a response. */
	status?: number;
	/** Network error code (ECONNRESET, ...) when there was no response. */
	code?: string;
	headers: Record<string, unknown>;
	/** Parsed JSON, or text (400 answers are plain text). */
	body: unknown;
}

type ErrorLike = {
	code?: string;
	cause?: ErrorLike;
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
};

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ECONNREFUSED',
	'ENOTFOUND',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
]);

function isByteStream(value: unknown): value is AsyncIterable<Buffer> {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function readBody(data: unknown): Promise<unknown> {
	if (!isByteStream(data)) return data;
	const chunks: Buffer[] = [];
	for await (const chunk of data) chunks.push(Buffer.from(chunk));
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * Finds the HTTP response (or network failure) behind an error from n8n's request helpers, which wrap the
 * transport's error in a NodeApiError (`cause`). Returns undefined for errors that are not about HTTP.
 */
export async function failureOf(error: unknown): Promise<DropboxFailure | undefined> {
	for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 4; depth++) {
		if (current.response?.status) {
			return {
				status: current.response.status,
				headers: current.response.headers ?? {},
				body: await readBody(current.response.data),
			};
		}
		if (current.code && NETWORK_CODES.has(current.code)) return { code: current.code, headers: {}, body: undefined };
		current = current.cause;
	}
	return undefined;
}

/** The chain of union tags in a Dropbox error: {".tag":"path","path":{".tag":"not_found"}} -> path, not_found. */
export function errorTags(body: unknown): string[] {
	const tags: string[] = [];
	let node = (body as IDataObject | undefined)?.error as IDataObject | undefined;
	// A 429's error is {reason: {".tag": ...}, retry_after}: the union sits under `reason`.
	if (node && typeof node === 'object' && node['.tag'] === undefined && typeof node.reason === 'object') node = node.reason as IDataObject;
	while (node && typeof node === 'object' && typeof node['.tag'] === 'string') {
		const tag = node['.tag'];
		tags.push(tag);
		const next = node[tag] ?? node.reason;
		node = typeof next === 'object' ? (next as IDataObject) : undefined;
	}
	return tags;
}

/** True when Dropbox reports write contention in the namespace: the tag, at any depth of the error's union. */
export function isWriteContention(body: unknown): boolean {
	return errorTags(body).includes('too_many_write_operations');
}

// Which argument a path error is about, by the first tag of the route error.
const PATH_ARGUMENT_BY_TAG: Record<string, string> = {
	from_lookup: 'from_path',
	from_write: 'from_path',
	to: 'to_path',
};

function pathOf(tags: string[], arg: unknown): string | undefined {
	const args = (arg ?? {}) as IDataObject;
	const key = PATH_ARGUMENT_BY_TAG[tags[0]] ?? 'path';
	const value = args[key] ?? args.path;
	return typeof value === 'string' ? value : undefined;
}

const RECONNECT = 'Open the Dropbox Suite credential in n8n and click "Reconnect" to authorize again.';

/**
 * What to do about a path error. `detail` is the tag under `reason` (a conflict's "file", "folder" or
 * "file_ancestor"): a conflict with a folder is not solved by overwriting, only by naming a file inside it.
 */
function pathHint(reason: string, path: string | undefined, detail?: string): string | undefined {
	const where = path === undefined ? 'the given path' : `"${path || '(root)'}"`;
	// Examples only for paths: an "id:..." names no place to add a name to.
	const isPath = path !== undefined && path.startsWith('/');
	switch (reason) {
		case 'not_found':
			return `Nothing exists at ${where}. Dropbox paths start with "/", ignore letter case, and the root is empty; check the path or pick the item from the list.`;
		case 'malformed_path':
			return `${where} is not a valid Dropbox path. Start it with "/", leave out any trailing slash, or use an "id:..." identifier.`;
		case 'conflict':
			if (detail === 'folder')
				return `A folder exists at ${where}, and Overwrite does not replace folders. To put the file inside that folder, add the file's name after a slash${isPath ? `, such as "${path}/report.pdf"` : ''}; otherwise pick another name.`;
			if (detail === 'file_ancestor')
				return `A folder in ${where} is a file in Dropbox, so nothing can be put below it. Check each part of the path, or pick another folder.`;
			return `Something already exists at ${where}. Choose the Overwrite mode, turn on Autorename, or pick another name.`;
		case 'not_file':
			return `${where} is a folder, but this operation needs a file: give the path of a file${isPath ? `, such as "${path}/report.pdf" for one inside it` : ''}.`;
		case 'not_folder':
			return `${where} is a file, but this operation needs a folder: give the folder's path${isPath && path.lastIndexOf('/') > 0 ? `, such as "${path.slice(0, path.lastIndexOf('/'))}" for the folder holding it` : ''}.`;
		case 'restricted_content':
			return `Dropbox does not allow this operation on ${where} (restricted content).`;
		case 'no_write_permission':
			return `This account may not write to ${where}. Check the folder's sharing permissions.`;
		case 'insufficient_space':
			return 'The Dropbox account is out of space. Free some space or upgrade the plan, then run again.';
		case 'disallowed_name':
			return `Dropbox does not allow the name in ${where}. Avoid names such as "desktop.ini" or ".DS_Store" and characters like "/" or "\\".`;
		case 'locked':
			return `${where} is locked for editing by someone else. Unlock it or wait, then run again.`;
		default:
			return undefined;
	}
}

function hintFor(failure: DropboxFailure, tags: string[], arg: unknown): string {
	const body = (failure.body ?? {}) as IDataObject;
	const error = (body.error ?? {}) as IDataObject;
	const [first] = tags;
	switch (failure.status) {
		case 400:
			return 'Dropbox could not read the request. Check the parameters for unusual values; if they look right, report this to the node\'s maintainers with the route name.';
		case 401:
			if (first === 'missing_scope') {
				const scope = String(error.required_scope ?? 'the scope named above');
				const presets = presetsWith(scope).map((preset) => `"${preset.name}"`);
				const choose = presets.length
					? `choose a scope preset that includes it (${presets.join(', ')}) or add it to the Custom list`
					: 'no scope preset includes it: choose "Custom" and add it to the list';
				return `This connection lacks the "${scope}" permission. In the Dropbox App Console, open your app's Permissions tab, tick "${scope}" and submit; then in the n8n credential ${choose}. ${RECONNECT}`;
			}
			if (first === 'expired_access_token')
				return `The access token expired and n8n could not refresh it. ${RECONNECT}`;
			if (first === 'invalid_access_token')
				return `Dropbox no longer accepts this connection (revoked, or the app was changed). ${RECONNECT}`;
			if (first === 'invalid_select_user')
				return 'The Team Member ID under Request Options is not an active member of this team. Check the "dbmid:..." ID: the Dropbox Suite triggers show members\' IDs as teamMemberId on a team credential.';
			if (first === 'invalid_select_admin')
				return 'The Team Member ID under Request Options is not a team admin. Pick an admin, or act as the member instead.';
			if (first === 'user_suspended') return 'This Dropbox user is suspended. A team admin can unsuspend the member.';
			if (first === 'route_access_denied')
				return 'This app may not call this route (for example an App Folder app calling a full-Dropbox route). Check the app type in the App Console.';
			return RECONNECT;
		case 403:
			if (first === 'team_access_denied' || first === 'no_permission')
				return 'This account may not do this. Acting as a team member or admin needs a team-linked app linked by a team admin; check the app type and the admin role.';
			if (first === 'invalid_account_type')
				return 'This feature needs another Dropbox plan (for example Business).';
			return 'Dropbox refused access to this resource.';
		case 409: {
			const path = pathOf(tags, arg);
			const hint = tags.map((tag, i) => pathHint(tag, path, tags[i + 1])).find(Boolean);
			return hint ?? `See Dropbox's error "${summaryOf(failure, tags)}" in the Dropbox API documentation of this route for what to change.`;
		}
		case 422:
			return 'The team space root changed (the account joined, left or moved to a team space). Run the operation again; if you set Path Root under Request Options, choose it again.';
		case 429:
			return 'Dropbox kept rate-limiting the requests. Raise Max Attempts or Max Wait under Request Options, or slow the workflow down (for example with batching).';
		default:
			if ((failure.status ?? 0) >= 500)
				return 'Dropbox is having trouble right now. Try again later, or raise Max Attempts and Max Wait under Request Options.';
			return 'The connection to Dropbox failed. Check the network and any proxy, then run again.';
	}
}

function summaryOf(failure: DropboxFailure, tags: string[]): string {
	const body = failure.body;
	if (typeof body === 'object' && body !== null) {
		const summary = (body as IDataObject).error_summary;
		if (typeof summary === 'string') return summary.replace(/\/\.*$/, '');
		if (tags.length) return tags.join('/');
		const oauth = (body as IDataObject).error;
		if (typeof oauth === 'string') return oauth;
	}
	if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
	if (failure.code) return `connection failed (${failure.code})`;
	return `HTTP ${failure.status ?? 'error'}`;
}

/**
 * Turns a failed Dropbox call into the error the user sees: Dropbox's error summary as the message, its
 * user_message and a concrete next step as the description. Built from a plain object so that no request
 * header (and so no token) can reach the error output.
 */
export function dropboxApiError(
	node: INode,
	route: string,
	arg: unknown,
	failure: DropboxFailure,
	options: { itemIndex?: number; attempts?: number } = {},
): NodeApiError {
	const tags = errorTags(failure.body);
	const summary = summaryOf(failure, tags);
	const userMessage = ((failure.body as IDataObject | undefined)?.user_message as IDataObject | undefined)?.text;
	const gaveUp = options.attempts && options.attempts > 1 ? ` Gave up after ${options.attempts} attempts.` : '';
	const description = [typeof userMessage === 'string' ? `Dropbox says: ${userMessage}` : '', hintFor(failure, tags, arg) + gaveUp]
		.filter(Boolean)
		.join(' ');
	const httpCode = failure.status ? String(failure.status) : undefined;
	const response: JsonObject = { route, error_summary: summary, status: failure.status ?? null };
	if (tags.length) response.error_tags = tags;
	const error = new NodeApiError(node, response, {
		message: `Dropbox: ${summary}`,
		description,
		httpCode,
		itemIndex: options.itemIndex,
	});
	// Callers branch on the route error's union (incorrect_offset, lookup_failed, ...).
	const union = (failure.body as IDataObject | undefined)?.error;
	if (typeof union === 'object' && union !== null) error.context.dropboxError = union as IDataObject;
	return error;
}

/**
 * A call that is not safe to repeat failed ambiguously (see retry.ts) and looking at Dropbox could not tell
 * whether it took effect. It was not sent again; the user is told what to check before running again.
 */
export function outcomeUnknownError(
	node: INode,
	route: string,
	failure: DropboxFailure,
	whatToCheck: string,
	itemIndex?: number,
): NodeApiError {
	const lost = failure.status === undefined ? `the connection was lost (${failure.code})` : `Dropbox answered HTTP ${failure.status}`;
	const error = new NodeApiError(
		node,
		{ route, status: failure.status ?? null, outcome: 'unknown' },
		{
			message: `Dropbox: outcome unknown (${route})`,
			description:
				`The request was sent, then ${lost}, so Dropbox may or may not have carried it out. It was not sent again, ` +
				`because repeating it could do the work twice. Check ${whatToCheck} before running this item again.`,
			httpCode: failure.status ? String(failure.status) : undefined,
			itemIndex,
		},
	);
	error.context.outcome = 'unknown';
	return error;
}

/** Whether an error is an "outcome unknown" from outcomeUnknownError. */
export function isOutcomeUnknown(error: unknown): boolean {
	return (error as NodeApiError | undefined)?.context?.outcome === 'unknown';
}

/** Rethrows an error from the client as n8n's own error type; wrapping an n8n error returns it unchanged. */
export function rethrow(node: INode, error: unknown): never {
	if (error instanceof NodeOperationError) throw new NodeOperationError(node, error);
	throw new NodeApiError(node, error as JsonObject);
}
