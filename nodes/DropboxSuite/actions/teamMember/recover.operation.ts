import type { OperationDefinition } from '../types';
import { changeStatus, memberField, memberOf } from './common';

export const recover: OperationDefinition = {
	operation: 'recover',
	name: 'Recover',
	action: 'Recover a removed team member',
	description: 'Bring back a member removed in the last 7 days whose files were left with the team',
	routes: ['team/members/recover', 'team/members/get_info_v2'],
	properties: [memberField('member', 'Member', 'The removed member: their email or team member ID')],
	async execute(ctx) {
		const user = memberOf(ctx, 'member', 'Member');
		return [{ json: await changeStatus(ctx, 'team/members/recover', { user }, 'removed', 'active') }];
	},
};
