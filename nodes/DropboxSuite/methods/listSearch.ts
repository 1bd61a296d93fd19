import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DropboxClient } from '../../shared/client';
import { InputChecker } from '../../shared/validate';
import { clientOptionsFor } from '../actions/common/requestOptions';

type Kind = 'file' | 'folder' | 'any';

interface Entry extends IDataObject {
	'.tag': string;
	name: string;
	path_display: string;
	id: string;
}

const PAGE = 100;

/** A client with the operation's Request Options, checked against the routes the browsing calls. */
async function clientFor(fn: ILoadOptionsFunctions, routes: string[]): Promise<DropboxClient> {
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	const raw = (fn.getNodeParameter('requestOptions', {}) ?? {}) as IDataObject;
	const options = await clientOptionsFor(raw, routes, credentials.appType === 'team' ? 'team' : 'user', new InputChecker(fn.getNode(), 0), 0, { fn });
	return new DropboxClient(fn, options);
}

/**
 * Browsing for the resource locators: without a filter, the Dropbox from the root down, page by page;
 * with one, Dropbox's search (which may lag a little behind recent changes).
 */
async function browse(fn: ILoadOptionsFunctions, kind: Kind, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const [route, continueRoute] = filter ? ['files/search_v2', 'files/search/continue_v2'] : ['files/list_folder', 'files/list_folder/continue'];
	const dropbox = await clientFor(fn, [route, continueRoute]);
	let entries: Entry[];
	let cursor: string | undefined;
	let hasMore: boolean;
	if (paginationToken) {
		const page = await dropbox.rpc<IDataObject>(continueRoute, { cursor: paginationToken });
		({ entries, cursor, hasMore } = unpack(page, !!filter));
	} else if (filter) {
		const options: IDataObject = { max_results: PAGE, filename_only: true };
		if (kind === 'folder') options.file_categories = ['folder'];
		({ entries, cursor, hasMore } = unpack(await dropbox.rpc<IDataObject>(route, { query: filter, options }), true));
	} else {
		({ entries, cursor, hasMore } = unpack(await dropbox.rpc<IDataObject>(route, { path: '', recursive: true, limit: PAGE }), false));
	}
	const results: INodeListSearchItems[] = entries
		.filter((entry) => kind === 'any' || entry['.tag'] === kind)
		.map((entry) => ({ name: entry.path_display, value: entry.path_display, url: `https://www.dropbox.com/home${entry.path_display}` }));
	return { results, paginationToken: hasMore ? cursor : undefined };
}

function unpack(page: IDataObject, isSearch: boolean): { entries: Entry[]; cursor?: string; hasMore: boolean } {
	const entries = isSearch
		? ((page.matches as Array<{ metadata: { metadata: Entry } }> | undefined) ?? []).map((match) => match.metadata.metadata)
		: ((page.entries as Entry[] | undefined) ?? []);
	return { entries, cursor: page.cursor as string | undefined, hasMore: page.has_more === true };
}

export async function searchFiles(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await browse(this, 'file', filter, paginationToken);
}

export async function searchFolders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await browse(this, 'folder', filter, paginationToken);
}

export async function searchEntries(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await browse(this, 'any', filter, paginationToken);
}
