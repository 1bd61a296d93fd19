import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DropboxClient } from './client';

/** What happened to an entry, as the triggers report it. */
export type ChangeEvent = 'fileAdded' | 'fileModified' | 'fileDeleted' | 'folderAdded' | 'folderDeleted';
export const CHANGE_EVENTS: ChangeEvent[] = ['fileAdded', 'fileModified', 'fileDeleted', 'folderAdded', 'folderDeleted'];

/** Which part of the Dropbox a feed watches; a change of these starts a new baseline. */
export interface FeedScope {
	/** "" for the whole Dropbox. */
	path: string;
	recursive: boolean;
	includeNonDownloadable: boolean;
}

/** Which changes are reported. */
export interface FeedFilter {
	events: ChangeEvent[];
	/** Lower-case extensions without the dot; empty means all. */
	extensions: string[];
	glob?: RegExp;
	includeLink: boolean;
}

export interface Entry extends IDataObject {
	'.tag': 'file' | 'folder' | 'deleted';
	name: string;
	path_lower: string;
	path_display: string;
	id?: string;
}

export interface Change extends IDataObject {
	event: ChangeEvent;
	path: string;
	name: string;
	id: string | null;
	metadata: Entry;
	link?: string;
}

type Rpc = Pick<DropboxClient, 'rpc'>;

function feedArg(scope: FeedScope): IDataObject {
	return {
		path: scope.path,
		recursive: scope.recursive,
		include_deleted: true,
		include_mounted_folders: true,
		include_non_downloadable_files: scope.includeNonDownloadable,
	};
}

/** The starting point of a feed: a cursor that returns only what changes from now on. */
export async function startCursor(dropbox: Rpc, scope: FeedScope): Promise<string> {
	return (await dropbox.rpc<{ cursor: string }>('files/list_folder/get_latest_cursor', feedArg(scope))).cursor;
}

export type Drained = { reset: false; entries: Entry[]; cursor: string } | { reset: true; entries: []; cursor: string };

/**
 * Everything that changed since `cursor`, in Dropbox's order, with the cursor after it: continue is called
 * until has_more is false. An invalid cursor (`reset`) starts a new baseline and says so.
 */
export async function drain(dropbox: Rpc, cursor: string, scope: FeedScope): Promise<Drained> {
	const entries: Entry[] = [];
	for (let next = cursor; ; ) {
		const page = await dropbox
			.rpc<{ entries: Entry[]; cursor: string; has_more: boolean }>('files/list_folder/continue', { cursor: next })
			.catch(async (error) => (routeErrorTag(error) === 'reset' ? undefined : await Promise.reject(error)));
		if (!page) return { reset: true, entries: [], cursor: await startCursor(dropbox, scope) };
		entries.push(...page.entries);
		next = page.cursor;
		if (!page.has_more) return { reset: false, entries, cursor: next };
	}
}

/** The first tag of a Dropbox route error (409), or undefined for any other error. */
function routeErrorTag(error: unknown): string | undefined {
	if (!(error instanceof NodeApiError) || error.httpCode !== '409') return undefined;
	return ((error.context.dropboxError as IDataObject | undefined)?.['.tag'] as string | undefined) ?? '';
}

/** "*.pdf", "Invoices/**" -> a regular expression over the path below the watched folder (case-insensitive). */
export function globToRegExp(glob: string): RegExp {
	let source = '';
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i];
		if (c === '*' && glob[i + 1] === '*') {
			i++;
			// "**/" is any number of whole folders, none included; a trailing "**" is anything.
			if (glob[i + 1] === '/') {
				source += '(?:.*/)?';
				i++;
			} else source += '.*';
		} else if (c === '*') source += '[^/]*';
		else if (c === '?') source += '[^/]';
		else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${source}$`, 'i');
}

function relativePath(entry: Entry, scope: FeedScope): string {
	const base = scope.path.toLowerCase();
	const path = entry.path_display.slice(base.startsWith('/') && entry.path_lower.startsWith(base) ? base.length : 0);
	return path.replace(/^\//, '');
}

function hasExtension(entry: Entry, filter: FeedFilter): boolean {
	const extension = /\.([^./]+)$/.exec(entry.name)?.[1]?.toLowerCase() ?? '';
	return !filter.extensions.length || filter.extensions.includes(extension);
}

/** The path filters; the extension filter waits for deleted entries, which may turn out to be folders. */
function matches(entry: Entry, scope: FeedScope, filter: FeedFilter): boolean {
	if (entry['.tag'] === 'file' && !hasExtension(entry, filter)) return false;
	return !filter.glob || filter.glob.test(relativePath(entry, scope)) || filter.glob.test(entry.name);
}

/** A small pool: at most `limit` calls at once, results in order. */
async function mapLimit<T, R>(values: T[], limit: number, fn: (value: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(values.length);
	let next = 0;
	const worker = async () => {
		for (let index = next++; index < values.length; index = next++) results[index] = await fn(values[index]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
	return results;
}

const wants = (filter: FeedFilter, ...events: ChangeEvent[]) => events.some((event) => filter.events.includes(event));

/**
 * Dropbox's entries say a file exists (or a folder, or that something was deleted), not what happened. The
 * revision history tells the rest: a file with a single revision was added, one with more was modified; a
 * deleted path that still has file revisions was a file, anything else a folder. History is read only for
 * entries that pass the filters and whose kind of event is wanted.
 */
async function eventOf(dropbox: Rpc, entry: Entry, filter: FeedFilter): Promise<ChangeEvent | undefined> {
	if (entry['.tag'] === 'folder') return 'folderAdded';
	if (entry['.tag'] === 'file') {
		if (!wants(filter, 'fileAdded', 'fileModified')) return undefined;
		const history = await dropbox.rpc<{ entries: IDataObject[] }>('files/list_revisions', { path: entry.id, mode: 'id', limit: 2 });
		return history.entries.length > 1 ? 'fileModified' : 'fileAdded';
	}
	if (!wants(filter, 'fileDeleted', 'folderDeleted')) return undefined;
	const history = await dropbox
		.rpc('files/list_revisions', { path: entry.path_lower, mode: 'path', limit: 1 })
		.catch(async (error) => (routeErrorTag(error) !== undefined ? undefined : await Promise.reject(error)));
	return history ? 'fileDeleted' : 'folderDeleted';
}

/** The changes among `entries` that pass the filter, each with its event (and a temporary link if asked). */
export async function describeChanges(dropbox: Rpc, entries: Entry[], scope: FeedScope, filter: FeedFilter): Promise<Change[]> {
	const candidates = entries.filter((entry) => matches(entry, scope, filter));
	const events = await mapLimit(candidates, 4, async (entry) => await eventOf(dropbox, entry, filter));
	const changes: Change[] = [];
	candidates.forEach((entry, index) => {
		const event = events[index];
		if (event && filter.events.includes(event) && (event !== 'fileDeleted' || hasExtension(entry, filter)))
			changes.push({ event, path: entry.path_display, name: entry.name, id: entry.id ?? null, metadata: entry });
	});
	if (filter.includeLink) {
		await mapLimit(
			changes.filter((change) => change.event === 'fileAdded' || change.event === 'fileModified'),
			4,
			async (change) => {
				change.link = (await dropbox.rpc<{ link: string }>('files/get_temporary_link', { path: change.id ?? change.path })).link;
			},
		);
	}
	return changes;
}
