import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import { simplifyProperty } from '../common/options';
import type { OperationDefinition } from '../types';
import { call } from './common';

/** A member as one flat object: the profile's fields, its status tag and the names of its roles. */
export function simplifyMember(info: IDataObject): IDataObject {
	const profile = (info.profile as IDataObject | undefined) ?? {};
	const status = profile.status as IDataObject | undefined;
	const name = (profile.name as IDataObject | undefined) ?? {};
	return {
		team_member_id: profile.team_member_id,
		account_id: profile.account_id ?? null,
		email: profile.email,
		name: name.display_name,
		status: status?.['.tag'],
		...(status?.['.tag'] === 'removed' && { is_recoverable: status.is_recoverable }),
		external_id: profile.external_id ?? null,
		persistent_id: profile.persistent_id ?? null,
		roles: ((info.roles as IDataObject[] | undefined) ?? []).map((role) => role.name),
		role_ids: ((info.roles as IDataObject[] | undefined) ?? []).map((role) => role.role_id),
		joined_on: profile.joined_on ?? profile.invited_on ?? null,
		member_folder_id: profile.member_folder_id,
	};
}

export const list: OperationDefinition = {
	operation: 'list',
	name: 'List',
	action: 'List team members',
	description: 'List the members of the team, one item per member',
	routes: ['team/members/list_v2', 'team/members/list/continue_v2'],
	properties: [
		...returnAllProperties,
		{
			displayName: 'Include Removed',
			name: 'includeRemoved',
			type: 'boolean',
			default: false,
			description: 'Whether to list removed members too (they can be recovered for 7 days)',
		},
		simplifyProperty,
	],
	async execute(ctx) {
		const limit = limitOf(ctx.param);
		const pages = { rpc: async <T>(route: string, arg: unknown) => await call<T>(ctx, route, arg) };
		const { items } = await paginate<IDataObject>(pages, {
			route: 'team/members/list_v2',
			arg: { limit: Math.min(limit ?? 1000, 1000), include_removed: ctx.param('includeRemoved', false) },
			continueRoute: 'team/members/list/continue_v2',
			itemsKey: 'members',
			limit,
		});
		return toItems(ctx.param('simplify', true) ? items.map(simplifyMember) : items);
	},
};
