import { accessLevelField, memberLocator } from '../common/members';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, call, memberOf, sharedFolderId, sharedFolderLocator } from './common';

export const updateMemberAccess: OperationDefinition = {
	operation: 'updateMemberAccess',
	name: 'Update Member Access',
	action: 'Change the access of a shared folder member',
	description: 'Give a member or invitee of a shared folder another access level',
	routes: ['sharing/update_folder_member', ...LOCATOR_ROUTES],
	properties: [sharedFolderLocator(), memberLocator('member', 'Member', 'searchSharedFolderMembers'), accessLevelField('accessLevel', 'editor')],
	async execute(ctx) {
		const member = memberOf(ctx, 'member', 'Member');
		const id = await sharedFolderId(ctx);
		const result = await call(ctx, 'sharing/update_folder_member', { shared_folder_id: id, member, access_level: ctx.param('accessLevel', 'editor') });
		return toItems({ shared_folder_id: id, member, ...result });
	},
};
