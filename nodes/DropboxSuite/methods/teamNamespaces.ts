import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { DropboxClient } from '../../shared/client';

const PAGE = 200;

const KINDS: Record<string, string> = {
	app_folder: 'app folder',
	shared_folder: 'shared folder',
	team_folder: 'team folder',
	team_member_folder: 'member folder',
	team_member_root: 'member root',
};

/**
 * The team's namespaces (team folders, shared folders, members' folders) for Path Root "Namespace", page by page;
 * the filter applies to each page's names (Dropbox has no namespace search). A team route: no Select-User.
 */
export async function searchTeamNamespaces(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const dropbox = new DropboxClient(this);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>('team/namespaces/list/continue', { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>('team/namespaces/list', { limit: PAGE });
	const results: INodeListSearchItems[] = [];
	for (const namespace of (page.namespaces as IDataObject[] | undefined) ?? []) {
		const name = String(namespace.name ?? '');
		if (filter && !name.toLowerCase().includes(filter.toLowerCase())) continue;
		const tag = String((namespace.namespace_type as IDataObject | undefined)?.['.tag'] ?? '');
		results.push({ name: `${name} (${KINDS[tag] ?? tag})`, value: String(namespace.namespace_id) });
	}
	return { results, paginationToken: page.has_more === true && typeof page.cursor === 'string' ? page.cursor : undefined };
}
