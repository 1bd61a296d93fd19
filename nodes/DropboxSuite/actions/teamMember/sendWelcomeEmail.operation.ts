import type { OperationDefinition } from '../types';
import { call, memberField, memberOf } from './common';

export const sendWelcomeEmail: OperationDefinition = {
	operation: 'sendWelcomeEmail',
	name: 'Send Welcome Email',
	action: 'Send a welcome email to a team member',
	description: 'Send the invitation email again to a member who has not joined yet; Dropbox does nothing for members who have',
	routes: ['team/members/send_welcome_email'],
	properties: [memberField('member', 'Member', 'The invited member: their email or team member ID')],
	async execute(ctx) {
		const user = memberOf(ctx, 'member', 'Member');
		// Sent twice it is one email more, not a different state: a lost answer is reported, not looked into.
		await call(ctx, 'team/members/send_welcome_email', user);
		return [{ json: { member: user[user['.tag'] as keyof typeof user], sent: true } }];
	},
};
