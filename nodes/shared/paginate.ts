import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient } from './client';

export interface Page<T> {
	items: T[];
	/** Where a later run can continue from (list_folder cursors also report later changes). */
	cursor?: string;
	hasMore: boolean;
}

export interface PaginateOptions {
	/** The first call, e.g. files/list_folder with its argument. */
	route: string;
	arg: unknown;
	/** The continue route, e.g. files/list_folder/continue, called with {cursor}. */
	continueRoute: string;
	/** The list in each page: entries, matches, members, ... */
	itemsKey: string;
	/** Stop once this many items are collected; undefined collects all pages. */
	limit?: number;
	/** Some continue routes name the cursor differently. */
	cursorKey?: string;
	/** Some routes say `has_more`, others `more`. */
	hasMoreKey?: string;
}

/** Follows a Dropbox cursor until the list ends or the limit is reached (Return All / Limit). */
export async function paginate<T = IDataObject>(
	dropbox: Pick<DropboxClient, 'rpc'>,
	options: PaginateOptions,
): Promise<Page<T>> {
	const { itemsKey, limit, cursorKey = 'cursor', hasMoreKey = 'has_more' } = options;
	const items: T[] = [];
	let page = await dropbox.rpc<IDataObject>(options.route, options.arg);
	for (;;) {
		items.push(...((page[itemsKey] as T[] | undefined) ?? []));
		const cursor = page[cursorKey] as string | undefined;
		const hasMore = page[hasMoreKey] === true;
		if (!hasMore || !cursor || (limit !== undefined && items.length >= limit)) {
			const truncated = limit !== undefined && items.length > limit;
			return { items: truncated ? items.slice(0, limit) : items, cursor, hasMore: hasMore || truncated };
		}
		page = await dropbox.rpc<IDataObject>(options.continueRoute, { [cursorKey]: cursor });
	}
}
