import { applied, notApplied } from '../../../shared/client';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, call, folderNow, sharedFolderId, sharedFolderLocator } from './common';

export const unmount: OperationDefinition = {
	operation: 'unmount',
	name: 'Unmount',
	action: 'Unmount a shared folder',
	description: 'Take a shared folder out of this Dropbox; the account stays a member and can mount it again',
	routes: ['sharing/unmount_folder', 'sharing/get_folder_metadata', ...LOCATOR_ROUTES],
	properties: [sharedFolderLocator()],
	async execute(ctx) {
		const id = await sharedFolderId(ctx);
		await call(ctx, 'sharing/unmount_folder', { shared_folder_id: id }, {
			reconcile: {
				whatToCheck: `whether shared folder ${id} is still in this Dropbox`,
				async check() {
					const now = await folderNow(ctx, id);
					return now && !now.path_lower ? applied(null) : notApplied;
				},
			},
		});
		return toItems({ shared_folder_id: id, mounted: false });
	},
};
