import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DropboxClient } from './client';
import { writtenByN8n } from './origin';

/** What happened to an entry, as the triggers report it. */
export type ChangeEvent = 'fileAdded' | 'fileModified' | 'fileDeleted' | 'fileMoved' | 'folderAdded' | 'folderDeleted' | 'folderMoved';
export const CHANGE_EVENTS: ChangeEvent[] = ['fileAdded', 'fileModified', 'fileDeleted', 'fileMoved', 'folderAdded', 'folderDeleted', 'folderMoved'];

/** Which part of the Dropbox a feed watches; a change of these starts a new baseline. */
export interface FeedScope {
	/** "" for the whole Dropbox. */
	path: string;
	recursive: boolean;
	includeNonDownloadable: boolean;
	/**
	 * "Ignore Changes Made by Dropbox Suite": the package's property template (origin.ts), asked of every entry. The cursor
	 * keeps the request, so list_folder/continue shows the mark with no call of its own.
	 */
	originTemplate?: string;
}

/** Which changes are reported. */
export interface FeedFilter {
	events: ChangeEvent[];
	/** Lower-case extensions without the dot; empty means all. */
	extensions: string[];
	glob?: RegExp;
	includeLink: boolean;
	/** Whether a move is one fileMoved/folderMoved event (true) or a deletion plus an addition, as Dropbox lists it. */
	reportMoves: boolean;
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
	/** Moves only: where the entry was before. */
	previousPath?: string;
	link?: string;
	/**
	 * The same for every delivery of this change, different for every other change: a change read again after a
	 * crash (see watch.ts) carries the key it had, so that n8n's Remove Duplicates node can drop the repeat.
	 */
	key: string;
	/** Set when part of the change could not be read (its link, or whether it was added or modified). */
	warning?: string;
}

type Rpc = Pick<DropboxClient, 'rpc'>;

function feedArg(scope: FeedScope): IDataObject {
	return {
		path: scope.path,
		recursive: scope.recursive,
		include_deleted: true,
		include_mounted_folders: true,
		include_non_downloadable_files: scope.includeNonDownloadable,
		...(scope.originTemplate && { include_property_groups: { '.tag': 'filter_some', filter_some: [scope.originTemplate] } }),
	};
}

/** The starting point of a feed: a cursor that returns only what changes from now on. */
export async function startCursor(dropbox: Rpc, scope: FeedScope): Promise<string> {
	return (await dropbox.rpc<{ cursor: string }>('files/list_folder/get_latest_cursor', feedArg(scope))).cursor;
}

/**
 * Everything in the watched folder now, as a feed reading from the very start would list it, with the cursor
 * after it: for a member who joined after the feed's baseline, whose Dropbox began empty.
 */
export async function fromStart(dropbox: Rpc, scope: FeedScope): Promise<{ entries: Entry[]; cursor: string }> {
	const entries: Entry[] = [];
	let page = await dropbox.rpc<{ entries: Entry[]; cursor: string; has_more: boolean }>('files/list_folder', feedArg(scope));
	for (;;) {
		entries.push(...page.entries);
		if (!page.has_more) return { entries, cursor: page.cursor };
		page = await dropbox.rpc<{ entries: Entry[]; cursor: string; has_more: boolean }>('files/list_folder/continue', { cursor: page.cursor });
	}
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

function matchesPattern(entry: Entry, scope: FeedScope, filter: FeedFilter): boolean {
	return !filter.glob || filter.glob.test(relativePath(entry, scope)) || filter.glob.test(entry.name);
}

/** A small pool: at most `limit` calls at once, results in order. */
export async function mapLimit<T, R>(values: T[], limit: number, fn: (value: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(values.length);
	let next = 0;
	const worker = async () => {
		for (let index = next++; index < values.length; index = next++) results[index] = await fn(values[index]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
	return results;
}

const wants = (filter: FeedFilter, ...events: ChangeEvent[]) => events.some((event) => filter.events.includes(event));
const parentOf = (pathLower: string) => pathLower.slice(0, Math.max(0, pathLower.lastIndexOf('/')));
const baseName = (pathLower: string) => pathLower.slice(pathLower.lastIndexOf('/') + 1);

/**
 * Revisions read at a deleted path: more than one, so that a file moved away is still recognised when a new
 * file was put at its old path in the same pass (the newest revisions there are then the new file's).
 */
const REVISIONS_AT_PATH = 10;

/**
 * What a deleted path was: a file (with the IDs in its revision history there, newest first, and the revision
 * it was deleted at) or a folder.
 */
type Gone = { file: true; ids: string[]; rev?: string } | { file: false };

// Deleted entries carry no ID. The revision history at the path tells what was there: file revisions mean a
// file, each revision with the file's ID; a route error (not_file, not_found) means a folder.
// Assumed (Dropbox documents neither way): in path mode, list_revisions on the path a file was moved away from
// still returns the revisions it had there, with the file's ID, which a move keeps. If Dropbox answered
// otherwise (not_found, or no such revisions), the move is not recognised and is reported as before this was
// added: a deletion at the old path and an addition or modification at the new one. Nothing is lost or doubled.
async function whatWasAt(dropbox: Rpc, entry: Entry): Promise<Gone> {
	const history = await dropbox
		.rpc<{ entries: Array<{ id?: string; rev?: string }> }>('files/list_revisions', { path: entry.path_lower, mode: 'path', limit: REVISIONS_AT_PATH })
		.catch(async (error) => (routeErrorTag(error) !== undefined ? undefined : await Promise.reject(error)));
	if (!history) return { file: false };
	return { file: true, ids: history.entries.map((revision) => revision.id ?? '').filter(Boolean), rev: history.entries[0]?.rev };
}

/** The most revisions list_revisions gives in one call. */
const MAX_REVISIONS = 100;

/**
 * Added or modified: the revision listed was an addition when the file has no older one, a modification when it
 * has. The history is read after the change list, so the file may have changed again in between (a person's
 * quick edit, a sync writing back): then newer revisions come first, and counting them would call the addition a
 * modification, which an "added" trigger drops and which gets a key of its own (queue mode: a repeat of the
 * change that Remove Duplicates cannot catch). So the listed revision is looked for in the history; when it is
 * not among the two newest, the history is read once more, as far as one call goes. A history without the listed
 * revision counts as before: more than one revision is a modification. A file Dropbox will not give the history
 * of (deleted or moved away since it was listed: a route error) is unknown; any other error fails the pass, which
 * keeps the cursor, so the change is read again.
 */
async function wasModified(dropbox: Rpc, entry: Entry): Promise<boolean | { unknown: string }> {
	type History = { entries: IDataObject[]; has_more?: boolean };
	const read = async (limit: number) => await dropbox.rpc<History>('files/list_revisions', { path: entry.id, mode: 'id', limit });
	const listed = typeof entry.rev === 'string' ? entry.rev : undefined;
	const at = (history: History) => (listed === undefined ? -1 : history.entries.findIndex((revision) => revision.rev === listed));
	try {
		let history = await read(2);
		if (listed !== undefined && at(history) < 0 && history.has_more === true) history = await read(MAX_REVISIONS);
		const index = at(history);
		if (index < 0) return history.entries.length > 1;
		return index < history.entries.length - 1 || history.has_more === true;
	} catch (error) {
		return routeErrorTag(error) !== undefined ? { unknown: summaryOf(error) } : await Promise.reject(error);
	}
}

/** A Dropbox error's message, "Dropbox: <error_summary>" (errors.ts). */
function summaryOf(error: unknown): string {
	return (error as Error).message;
}

/** A short stable digest: the same cursor always gives the same one. */
export function digestOf(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The changes among `entries` that pass the filter, each with its event (and a temporary link if asked).
 *
 * Dropbox's entries say that a file or folder exists now, or that a path was deleted, not what happened. The
 * filters (events, extensions, pattern) are applied first, and only what could still be reported is looked up:
 * a deleted path's history (file or folder, and which file), then a file's history by ID (added or modified).
 *
 * Moves: Dropbox lists a move as a deletion at the old path and the entry, with its ID, at the new one. When one
 * pass holds both, the deleted path's history names the ID and the two become one fileMoved event; a deleted
 * folder and a new folder become folderMoved when a file moved from below the one to the same place below the
 * other (a folder's own ID cannot be read once it is deleted), and so do empty subfolders at the same place below
 * a moved folder. A moved folder reports every folder and file in it (folderMoved, fileMoved), as a deleted folder
 * reports everything in it. A move passes the filters when its new or its old path does.
 */
export async function describeChanges(dropbox: Rpc, entries: Entry[], scope: FeedScope, filter: FeedFilter, from = ''): Promise<Change[]> {
	const pattern = (entry: Entry) => matchesPattern(entry, scope, filter);
	const asFile = (entry: Entry) => hasExtension(entry, filter) && pattern(entry);
	const deleted = entries.filter((entry) => entry['.tag'] === 'deleted');
	const live = entries.filter((entry) => entry['.tag'] !== 'deleted');
	const liveFiles = live.filter((entry) => entry['.tag'] === 'file');

	const deletedAt = new Map(deleted.map((entry) => [entry.path_lower, entry]));
	// A deleted path with deletions below it in the same pass was a folder: no need to ask.
	const folders = new Set<string>();
	for (const entry of deleted) {
		for (let parent = parentOf(entry.path_lower); parent && deletedAt.has(parent) && !folders.has(parent); parent = parentOf(parent)) folders.add(parent);
	}
	const addsWanted = wants(filter, 'fileAdded', 'fileModified');
	/** Whether an event other than a move would be reported for the entry, as far as is known without looking. */
	const mayReport = (entry: Entry): boolean => {
		if (entry['.tag'] === 'file') return addsWanted && asFile(entry);
		if (entry['.tag'] === 'folder') return wants(filter, 'folderAdded') && pattern(entry);
		const folder = folders.has(entry.path_lower);
		return (wants(filter, 'fileDeleted') && !folder && asFile(entry)) || (wants(filter, 'folderDeleted') && pattern(entry));
	};
	// Whether pairing a deleted path with a file listed elsewhere could change what is reported: the file's
	// addition or modification, a fileMoved event, or (for a path in a deleted folder) the folder events.
	const filesMatter = liveFiles.some(mayReport) || (wants(filter, 'fileMoved') && entries.some(pattern));
	const foldersMatter = live.some((entry) => entry['.tag'] === 'folder') && wants(filter, 'folderAdded', 'folderDeleted', 'folderMoved');
	const moveMatters = (entry: Entry) =>
		filter.reportMoves && liveFiles.length > 0 && (filesMatter || (foldersMatter && folders.has(parentOf(entry.path_lower))));

	const toAsk = deleted.filter((entry) => !folders.has(entry.path_lower) && (mayReport(entry) || moveMatters(entry)));
	const answers = await mapLimit(toAsk, 4, async (entry) => await whatWasAt(dropbox, entry));
	const gone = new Map(toAsk.map((entry, index) => [entry, answers[index]]));

	// Pairs of a live entry and the deleted entry it was at (both directions).
	const movedFrom = new Map<Entry, Entry>();
	const movedTo = new Map<Entry, Entry>();
	if (filter.reportMoves) pairMoves(entries, deletedAt, gone, movedFrom, movedTo);

	// A file exactly as a Dropbox Suite node wrote it (Ignore Changes Made by Dropbox Suite) is not reported unless it
	// moved (see skipOwnWrites in watch.ts): its history is not read, so an echo costs no call beyond the feed.
	const template = scope.originTemplate;
	const own = (entry: Entry) => template !== undefined && writtenByN8n(entry, template);
	const toClassify = liveFiles.filter((entry) => !movedFrom.has(entry) && mayReport(entry) && !own(entry));
	const modified = await mapLimit(toClassify, 4, async (entry) => await wasModified(dropbox, entry));
	const modifiedByEntry = new Map(toClassify.map((entry, index) => [entry, modified[index]]));

	// The key: what changed (event, entry, revision, place) and where the pass started (`from`, the digest of its
	// cursor): a pass read again from the same cursor gives the same keys; a later change of the same kind has a
	// later start, so a folder deleted, made again and deleted again is two changes. A file added or modified has a
	// revision of its own, which names the change wherever the pass started: passes of several processes (queue
	// mode) that overlap give it the same key.
	const keyOf = (event: ChangeEvent, entry: Entry, rev?: string) =>
		rev && (event === 'fileAdded' || event === 'fileModified')
			? [event, entry.id ?? '', rev, entry.path_lower].join(':')
			: [event, entry.id ?? '', rev ?? '', entry.path_lower, from].join(':');
	const changes: Change[] = [];
	const report = (event: ChangeEvent, entry: Entry, extra: { previous?: Entry; rev?: string; warning?: string } = {}) => {
		if (!filter.events.includes(event)) return;
		changes.push({
			event,
			path: entry.path_display,
			name: entry.name,
			id: entry.id ?? null,
			metadata: entry,
			...(extra.previous && { previousPath: extra.previous.path_display }),
			key: keyOf(event, entry, extra.rev ?? (entry.rev as string | undefined)),
			...(extra.warning && { warning: extra.warning }),
		});
	};
	for (const entry of entries) {
		const previous = movedFrom.get(entry);
		if (entry['.tag'] === 'deleted') {
			if (movedTo.has(entry)) continue;
			const was = gone.get(entry);
			if (folders.has(entry.path_lower) || was?.file === false) {
				if (pattern(entry)) report('folderDeleted', entry);
			} else if (was?.file && asFile(entry)) report('fileDeleted', entry, { rev: was.rev });
		} else if (entry['.tag'] === 'folder') {
			if (previous) {
				if (pattern(entry) || pattern(previous)) report('folderMoved', entry, { previous });
			} else if (pattern(entry)) report('folderAdded', entry);
		} else if (previous) {
			if (asFile(entry) || asFile(previous)) report('fileMoved', entry, { previous });
		} else {
			const modified = modifiedByEntry.get(entry);
			if (modified === undefined) continue;
			if (typeof modified === 'boolean') report(modified ? 'fileModified' : 'fileAdded', entry);
			else {
				// Reported, not dropped: as added when that is asked for (a file gone again at once was most likely new).
				const event = wants(filter, 'fileAdded') ? 'fileAdded' : 'fileModified';
				report(event, entry, { warning: `Whether the file was added or modified could not be read (${modified.unknown}); reported as ${event === 'fileAdded' ? 'added' : 'modified'}.` });
			}
		}
	}

	if (filter.includeLink) {
		await mapLimit(
			changes.filter((change) => change.event === 'fileAdded' || change.event === 'fileModified'),
			4,
			async (change) => {
				// A file deleted or moved since it was listed has no link: the change is reported without one.
				const link = await dropbox
					.rpc<{ link: string }>('files/get_temporary_link', { path: change.id ?? change.path })
					.catch(async (error) => (routeErrorTag(error) !== undefined ? { error: summaryOf(error) } : await Promise.reject(error)));
				if ('link' in link) change.link = link.link;
				else change.warning = `No temporary link (${link.error}).`;
			},
		);
	}
	return changes;
}

/**
 * Finds the moves in one pass: a deleted file whose history names the ID of a file listed at another path; then
 * the folders they imply (see describeChanges). Fills movedFrom (live -> deleted) and movedTo (deleted -> live).
 */
function pairMoves(entries: Entry[], deletedAt: Map<string, Entry>, gone: Map<Entry, Gone>, movedFrom: Map<Entry, Entry>, movedTo: Map<Entry, Entry>): void {
	const liveAt = new Map<string, Entry>();
	const fileById = new Map<string, Entry>();
	for (const entry of entries) {
		if (entry['.tag'] === 'deleted') continue;
		liveAt.set(entry.path_lower, entry);
		if (entry['.tag'] === 'file' && entry.id) fileById.set(entry.id, entry);
	}
	const pair = (was: Entry, now: Entry) => {
		movedTo.set(was, now);
		// A file moved twice in one pass (A to B to C) moved from where it was first.
		if (!movedFrom.has(now)) movedFrom.set(now, was);
	};

	const deleted = entries.filter((entry) => entry['.tag'] === 'deleted');
	for (const entry of deleted) {
		const was = gone.get(entry);
		if (!was?.file) continue;
		// The newest ID there that is not of a file put at the same path since.
		const occupant = liveAt.get(entry.path_lower)?.id;
		const id = was.ids.find((candidate) => candidate !== occupant);
		const now = id ? fileById.get(id) : undefined;
		if (now && now.path_lower !== entry.path_lower) pair(entry, now);
	}

	// Each moved file carries its folders along while the names above it stay the same: /A/x to /B/x means /A
	// went to /B when /A was deleted and /B listed in this pass.
	const folderPairs: Array<[Entry, Entry]> = [];
	for (const [now, was] of [...movedFrom]) {
		for (let from = was.path_lower, to = now.path_lower; baseName(from) === baseName(to); ) {
			from = parentOf(from);
			to = parentOf(to);
			const folderWas = deletedAt.get(from);
			const folderNow = liveAt.get(to);
			if (!folderWas || folderNow?.['.tag'] !== 'folder' || from === to) break;
			const known = movedTo.get(folderWas);
			if (known && known !== folderNow) break;
			if (!known) {
				if (movedFrom.has(folderNow)) break;
				pair(folderWas, folderNow);
				folderPairs.push([folderWas, folderNow]);
			}
		}
	}
	// What else was deleted below a moved folder and listed at the same place below its new path moved with it:
	// empty subfolders, whose move no file shows.
	for (const [folderWas, folderNow] of folderPairs) {
		const prefix = `${folderWas.path_lower}/`;
		for (const entry of deleted) {
			if (!entry.path_lower.startsWith(prefix) || movedTo.has(entry) || gone.get(entry)?.file) continue;
			const now = liveAt.get(folderNow.path_lower + entry.path_lower.slice(folderWas.path_lower.length));
			if (now?.['.tag'] === 'folder' && !movedFrom.has(now)) pair(entry, now);
		}
	}
}
