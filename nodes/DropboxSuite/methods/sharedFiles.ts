// Lists for the Shared File locators: the files shared with this account, and the members of the chosen file.
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult, INodeParameterResourceLocator } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DropboxClient } from '../../shared/client';
import { InputChecker } from '../../shared/validate';
import { locatorPath } from '../actions/common/paths';
import { clientOptionsFor } from '../actions/common/requestOptions';
import { memberItems } from '../actions/sharedFile/common';

const PAGE = 100;

/** A client with the operation's Request Options, checked against the routes the list calls. */
async function clientFor(fn: ILoadOptionsFunctions, routes: string[]): Promise<DropboxClient> {
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	const raw = (fn.getNodeParameter('requestOptions', {}) ?? {}) as IDataObject;
	const options = await clientOptionsFor(raw, routes, credentials.appType === 'team' ? 'team' : 'user', new InputChecker(fn.getNode(), 0), 0, { fn });
	return new DropboxClient(fn, options);
}

const matches = (filter: string | undefined, ...texts: unknown[]) =>
	!filter || texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(filter.toLowerCase()));

/** Files shared with this account, page by page, filtered by name or owner; the value is the file's ID. */
export async function searchReceivedFiles(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const dropbox = await clientFor(this, ['sharing/list_received_files', 'sharing/list_received_files/continue']);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>('sharing/list_received_files/continue', { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>('sharing/list_received_files', { limit: PAGE });
	const results: INodeListSearchItems[] = ((page.entries as IDataObject[] | undefined) ?? [])
		.filter((file) => matches(filter, file.name, ...((file.owner_display_names as string[] | undefined) ?? [])))
		.map((file) => {
			const owners = (file.owner_display_names as string[] | undefined)?.join(', ');
			return { name: owners ? `${String(file.name)} (from ${owners})` : String(file.name), value: String(file.id), url: file.preview_url as string | undefined };
		});
	return { results, paginationToken: typeof page.cursor === 'string' ? page.cursor : undefined };
}

/** The members of the file chosen in the operation (not its owner); the value is the email or account ID. */
export async function searchFileMembers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const locator = this.getCurrentNodeParameter('file') as INodeParameterResourceLocator | string | undefined;
	if (!locator || (typeof locator === 'object' && !locator.value)) return { results: [] };
	const file = locatorPath(new InputChecker(this.getNode(), 0), 'File', locator, 'writeOrId');
	const dropbox = await clientFor(this, ['sharing/list_file_members', 'sharing/list_file_members/continue']);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>('sharing/list_file_members/continue', { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>('sharing/list_file_members', { file, include_inherited: false, limit: PAGE });
	const results: INodeListSearchItems[] = memberItems(page)
		.filter((member) => (member.access_type as IDataObject | undefined)?.['.tag'] !== 'owner')
		.flatMap((member): INodeListSearchItems[] => {
			const user = member.user as IDataObject | undefined;
			const invitee = member.invitee as IDataObject | undefined;
			const email = String(user?.email ?? invitee?.email ?? '');
			const access = String((member.access_type as IDataObject | undefined)?.['.tag'] ?? '');
			if (user && matches(filter, user.display_name, email)) return [{ name: `${String(user.display_name)} <${email}> (${access})`, value: String(user.account_id) }];
			if (!user && email && matches(filter, email)) return [{ name: `${email} (invited, ${access})`, value: email }];
			return [];
		});
	return { results, paginationToken: typeof page.cursor === 'string' ? page.cursor : undefined };
}
