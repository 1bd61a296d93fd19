import type { OperationDefinition } from '../types';
import { changeStatus, memberField, memberOf } from './common';

export const unsuspend: OperationDefinition = {
	operation: 'unsuspend',
	name: 'Unsuspend',
	action: 'Unsuspend a team member',
	description: 'Let a suspended member sign in again',
	routes: ['team/members/unsuspend', 'team/members/get_info_v2'],
	properties: [memberField('member', 'Member', 'The suspended member: their email or team member ID')],
	async execute(ctx) {
		const user = memberOf(ctx, 'member', 'Member');
		return [{ json: await changeStatus(ctx, 'team/members/unsuspend', { user }, 'suspended', 'active') }];
	},
};
