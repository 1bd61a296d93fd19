import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DropboxClient } from '../../shared/client';
import { lookup } from '../../shared/reconcile';
import { InputChecker } from '../../shared/validate';
import { locatorPath } from '../actions/common/paths';
import { clientOptionsFor } from '../actions/common/requestOptions';

/** A client with the operation's Request Options, checked against the routes the browsing calls. */
async function clientFor(fn: ILoadOptionsFunctions, routes: string[]): Promise<DropboxClient> {
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	const raw = (fn.getNodeParameter('requestOptions', {}) ?? {}) as IDataObject;
	const options = await clientOptionsFor(raw, routes, credentials.appType === 'team' ? 'team' : 'user', new InputChecker(fn.getNode(), 0), 0, { fn });
	return new DropboxClient(fn, options);
}

const matches = (filter: string | undefined, ...texts: unknown[]) =>
	!filter || texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(filter.toLowerCase()));

/** Shared folders page by page (Dropbox has no search for them: the filter applies to each page's names and paths). */
async function browseFolders(fn: ILoadOptionsFunctions, route: string, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const continueRoute = `${route}/continue`;
	const dropbox = await clientFor(fn, [route, continueRoute]);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>(continueRoute, { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>(route, { limit: 100 });
	const results: INodeListSearchItems[] = ((page.entries as IDataObject[] | undefined) ?? [])
		.filter((folder) => matches(filter, folder.name, folder.path_display))
		.map((folder) => ({ name: String(folder.path_display ?? folder.name), value: String(folder.shared_folder_id), url: String(folder.preview_url ?? '') || undefined }));
	return { results, paginationToken: typeof page.cursor === 'string' && page.cursor ? page.cursor : undefined };
}

/** Shared folders this account is a member of. */
export async function searchSharedFolders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await browseFolders(this, 'sharing/list_folders', filter, paginationToken);
}

/** Shared folders this account was invited to or has unmounted (for Mount). */
export async function searchMountableFolders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await browseFolders(this, 'sharing/list_mountable_folders', filter, paginationToken);
}

/** The shared folder chosen in the node, as an ID (By URL and By Path look it up). */
async function chosenFolder(fn: ILoadOptionsFunctions, dropbox: DropboxClient): Promise<string> {
	const raw = fn.getCurrentNodeParameter('sharedFolder') as INodeParameterResourceLocator | string | undefined;
	const locator = (typeof raw === 'object' && raw !== null ? raw : { mode: 'id', value: raw ?? '' }) as INodeParameterResourceLocator;
	const value = String(locator.value ?? '').trim();
	if (!value) throw new NodeOperationError(fn.getNode(), 'Choose the shared folder first', { description: 'The members listed are those of the Shared Folder above.' });
	if (locator.mode === 'list' || locator.mode === 'id') return value;
	const entry = await lookup(dropbox, locatorPath(new InputChecker(fn.getNode(), 0), 'Shared Folder', locator, 'read'));
	const id = entry?.shared_folder_id;
	if (typeof id !== 'string') throw new NodeOperationError(fn.getNode(), 'The Shared Folder above is not a shared folder');
	return id;
}

/** Members and invitees of the chosen shared folder; the value is the account ID, or the email of an invitee without an account. */
export async function searchSharedFolderMembers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const dropbox = await clientFor(this, ['sharing/list_folder_members', 'sharing/list_folder_members/continue', 'files/get_metadata']);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>('sharing/list_folder_members/continue', { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>('sharing/list_folder_members', { shared_folder_id: await chosenFolder(this, dropbox), limit: 100 });
	const rows = [...((page.users as IDataObject[] | undefined) ?? []), ...((page.invitees as IDataObject[] | undefined) ?? [])];
	const results: INodeListSearchItems[] = [];
	for (const row of rows) {
		const user = row.user as IDataObject | undefined;
		const email = String(user?.email ?? (row.invitee as IDataObject | undefined)?.email ?? '');
		const access = String((row.access_type as IDataObject | undefined)?.['.tag'] ?? '');
		const label = user ? `${String(user.display_name)} <${email}>` : `${email} (invited)`;
		if (!matches(filter, label)) continue;
		results.push({ name: `${label}: ${access}`, value: typeof user?.account_id === 'string' ? user.account_id : email });
	}
	return { results, paginationToken: typeof page.cursor === 'string' && page.cursor ? page.cursor : undefined };
}
