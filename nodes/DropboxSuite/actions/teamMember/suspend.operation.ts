import type { OperationDefinition } from '../types';
import { changeStatus, memberField, memberOf } from './common';

export const suspend: OperationDefinition = {
	operation: 'suspend',
	name: 'Suspend',
	action: 'Suspend a team member',
	description: 'Suspend an active member: they can no longer sign in, and their files stay with the team',
	routes: ['team/members/suspend', 'team/members/get_info_v2'],
	properties: [
		memberField('member', 'Member', 'The member to suspend: their email or team member ID'),
		{
			displayName: 'Wipe Data',
			name: 'wipeData',
			type: 'boolean',
			default: true,
			description: 'Whether to delete the team\'s files from the member\'s linked devices',
		},
	],
	async execute(ctx) {
		const user = memberOf(ctx, 'member', 'Member');
		return [{ json: await changeStatus(ctx, 'team/members/suspend', { user, wipe_data: ctx.param('wipeData', true) }, 'active', 'suspended') }];
	},
};
