import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { DropboxClient } from '../../shared/client';

const PAGE = 200;

const matches = (filter: string | undefined, ...texts: unknown[]) =>
	!filter || texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(filter.toLowerCase()));

/**
 * The team's members, page by page, by name and email; the value is the team_member_id. Dropbox has no member
 * search, so the filter applies to each page (an empty page with a token means "load more").
 * Team routes: the client carries no Select-User, whatever Act As says.
 */
export async function searchTeamMembers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const dropbox = new DropboxClient(this);
	const page = paginationToken
		? await dropbox.rpc<IDataObject>('team/members/list/continue_v2', { cursor: paginationToken })
		: await dropbox.rpc<IDataObject>('team/members/list_v2', { limit: PAGE });
	const results: INodeListSearchItems[] = [];
	for (const member of (page.members as Array<{ profile?: IDataObject }> | undefined) ?? []) {
		const profile = member.profile ?? {};
		const name = String((profile.name as IDataObject | undefined)?.display_name ?? '');
		const email = String(profile.email ?? '');
		if (!matches(filter, name, email)) continue;
		const status = String((profile.status as IDataObject | undefined)?.['.tag'] ?? 'active');
		const label = `${name ? `${name} <${email}>` : email}${status === 'active' ? '' : ` (${status})`}`;
		results.push({ name: label, value: String(profile.team_member_id) });
	}
	return { results, paginationToken: page.has_more === true && typeof page.cursor === 'string' ? page.cursor : undefined };
}
