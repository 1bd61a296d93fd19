import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient } from './client';

export interface Page<T> {
	items: T[];
	/**
	 * Where a later run continues from, exactly after the last item (list_folder cursors also report later
	 * changes). Absent when there is none that does: the list ended without one, or items were trimmed.
	 */
	cursor?: string;
	hasMore: boolean;
}

export interface PaginateOptions<T = IDataObject> {
	/** The first call, e.g. files/list_folder with its argument. */
	route: string;
	arg: unknown;
	/** The continue route, e.g. files/list_folder/continue, called with {cursor}. */
	continueRoute: string;
	/** The list in each page: entries, matches, members, ... */
	itemsKey: string;
	/** Stop once this many items are collected; undefined collects all pages. */
	limit?: number;
	/**
	 * What to do when the last page goes past the limit (Dropbox's page size is approximate): 'trim' to the
	 * limit and return no cursor, or keep the 'wholePage' (a few more items than the limit) and its cursor.
	 * Callers that hand the cursor to the user want 'wholePage'.
	 */
	atLimit?: 'trim' | 'wholePage';
	/** Some continue routes name the cursor differently. */
	cursorKey?: string;
	/** Some routes say `has_more`, others `more`. */
	hasMoreKey?: string;
	/** Keeps only the items it accepts (a filter Dropbox does not offer); the limit counts kept items. */
	keep?: (item: T) => boolean;
}

/**
 * Follows a Dropbox cursor until the list ends or the limit is reached (Return All / Limit).
 *
 * The one rule for every paginated operation: a returned cursor continues exactly after the last returned
 * item. Dropbox's cursor points after a whole page, so a page cut short at the limit loses its cursor;
 * a continuation from it would skip the items that were cut.
 */
export async function paginate<T = IDataObject>(
	dropbox: Pick<DropboxClient, 'rpc'>,
	options: PaginateOptions<T>,
): Promise<Page<T>> {
	const { itemsKey, limit, atLimit = 'trim', cursorKey = 'cursor', hasMoreKey = 'has_more', keep = () => true } = options;
	const items: T[] = [];
	let page = await dropbox.rpc<IDataObject>(options.route, options.arg);
	for (;;) {
		items.push(...((page[itemsKey] as T[] | undefined) ?? []).filter(keep));
		const cursor = page[cursorKey] as string | undefined;
		const hasMore = page[hasMoreKey] === true;
		if (!hasMore || !cursor || (limit !== undefined && items.length >= limit)) {
			if (limit === undefined || items.length <= limit || atLimit === 'wholePage') return { items, cursor, hasMore };
			return { items: items.slice(0, limit), hasMore: true };
		}
		page = await dropbox.rpc<IDataObject>(options.continueRoute, { [cursorKey]: cursor });
	}
}
