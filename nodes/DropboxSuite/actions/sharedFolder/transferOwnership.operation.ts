import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied } from '../../../shared/client';
import { memberLocator } from '../common/members';
import { toItems } from '../common/output';
import type { OperationContext, OperationDefinition } from '../types';
import { LOCATOR_ROUTES, allMembers, call, folderNow, memberKeys, memberOf, sharedFolderId, sharedFolderLocator } from './common';

/** Dropbox names the new owner by account ID only: an email is looked up among the folder's members. */
async function accountIdOf(ctx: OperationContext, folderId: string): Promise<string> {
	const member = memberOf(ctx, 'newOwner', 'New Owner');
	if (member['.tag'] === 'dropbox_id') return member.dropbox_id;
	const key = `email:${member.email.toLowerCase()}`;
	const row = (await allMembers(ctx, folderId)).find((r) => r.kind === 'user' && memberKeys(r).includes(key));
	const accountId = (row?.user as IDataObject | undefined)?.account_id;
	if (typeof accountId !== 'string')
		ctx.check.fail('New Owner', `${member.email} is not a member of this folder who accepted the invitation`, 'Add them with Add Members and let them mount the folder first.');
	return accountId;
}

export const transferOwnership: OperationDefinition = {
	operation: 'transferOwnership',
	name: 'Transfer Ownership',
	action: 'Transfer ownership of a shared folder',
	description: 'Make another member the owner of a shared folder; this account becomes an editor',
	routes: ['sharing/transfer_folder', 'sharing/list_folder_members', 'sharing/list_folder_members/continue', 'sharing/get_folder_metadata', ...LOCATOR_ROUTES],
	properties: [
		sharedFolderLocator(),
		memberLocator('newOwner', 'New Owner', 'searchSharedFolderMembers', { description: 'A member of the folder who has mounted it' }),
	],
	async execute(ctx) {
		memberOf(ctx, 'newOwner', 'New Owner');
		const id = await sharedFolderId(ctx);
		const to = await accountIdOf(ctx, id);
		await call(ctx, 'sharing/transfer_folder', { shared_folder_id: id, to_dropbox_id: to }, {
			reconcile: {
				whatToCheck: `who owns shared folder ${id}`,
				// This account owned it before the call: no longer the owner means the transfer happened.
				async check() {
					const now = await folderNow(ctx, id);
					return (now?.access_type as IDataObject | undefined)?.['.tag'] === 'owner' ? notApplied : applied(null);
				},
			},
		});
		return toItems({ shared_folder_id: id, new_owner: to });
	},
};
