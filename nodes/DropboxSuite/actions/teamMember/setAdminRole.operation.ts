import type { IDataObject } from 'n8n-workflow';

import type { OperationDefinition } from '../types';
import { call, checkRoleId, memberField, memberOf } from './common';

export const setAdminRole: OperationDefinition = {
	operation: 'setAdminRole',
	name: 'Set Admin Role',
	action: 'Set the admin roles of a team member',
	description: 'Give a member admin roles, replacing the ones they have, or take them all away',
	routes: ['team/members/set_admin_permissions_v2'],
	properties: [
		memberField('member', 'Member', 'The member whose roles change: their email or team member ID'),
		{
			displayName: 'Role IDs',
			name: 'roleIds',
			type: 'string',
			default: '',
			placeholder: 'pid_dbtmr:...',
			description: 'The roles the member has afterwards, separated by commas, from List Available Roles; leave empty for a member without admin rights',
		},
	],
	async execute(ctx) {
		const user = memberOf(ctx, 'member', 'Member');
		const raw = String(ctx.param('roleIds', '') ?? '').trim();
		const roles = raw ? ctx.check.list('Role IDs', raw, (id) => checkRoleId(ctx.check, 'Role IDs', id)) : [];
		// Setting the same roles twice gives the same roles: safe to send again.
		const result = await call<IDataObject>(ctx, 'team/members/set_admin_permissions_v2', { user, new_roles: [...new Set(roles)] });
		return [{ json: result }];
	},
};
