import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied } from '../../../shared/client';
import { memberLocator } from '../common/members';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, allMembers, call, includesMember, leaveCopyField, memberOf, settle, sharedFolderId, sharedFolderLocator, waitField, SHARING_JOBS } from './common';

export const removeMember: OperationDefinition = {
	operation: 'removeMember',
	name: 'Remove Member',
	action: 'Remove a member from a shared folder',
	description: 'Take a member out of a shared folder (keeping a copy in their Dropbox or not), or withdraw an invitation',
	routes: ['sharing/remove_folder_member', 'sharing/check_remove_member_job_status', 'sharing/list_folder_members', 'sharing/list_folder_members/continue', ...LOCATOR_ROUTES],
	properties: [
		sharedFolderLocator(),
		memberLocator('member', 'Member', 'searchSharedFolderMembers'),
		leaveCopyField('Whether the member keeps a copy of the folder in their Dropbox'),
		waitField,
	],
	async execute(ctx) {
		const member = memberOf(ctx, 'member', 'Member');
		const id = await sharedFolderId(ctx);
		const launched = await call<IDataObject>(ctx, 'sharing/remove_folder_member', { shared_folder_id: id, member, leave_a_copy: ctx.param('leaveCopy', false) }, {
			reconcile: {
				whatToCheck: `whether the member is still in shared folder ${id}`,
				// Gone from the member list: removed. Still listed: taken as not removed, so it is sent again.
				async check() {
					return includesMember(await allMembers(ctx, id), member) ? notApplied : applied({ '.tag': 'complete' });
				},
			},
		});
		return toItems(await settle(ctx, SHARING_JOBS.removeMember, launched, { shared_folder_id: id, member: member as unknown as IDataObject }));
	},
};
