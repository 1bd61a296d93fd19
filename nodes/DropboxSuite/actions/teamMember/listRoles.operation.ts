import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { call } from './common';

export const listRoles: OperationDefinition = {
	operation: 'listRoles',
	name: 'List Available Roles',
	action: 'List the team\'s admin roles',
	description: 'List the admin roles members can have, one item per role with its role_id (for Add and Set Admin Role)',
	routes: ['team/members/get_available_team_member_roles'],
	properties: [],
	async execute(ctx) {
		const { roles } = await call<{ roles: IDataObject[] }>(ctx, 'team/members/get_available_team_member_roles');
		return toItems(roles);
	},
};
