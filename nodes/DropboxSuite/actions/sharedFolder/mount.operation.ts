import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied } from '../../../shared/client';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, call, folderNow, sharedFolderId, sharedFolderLocator } from './common';

export const mount: OperationDefinition = {
	operation: 'mount',
	name: 'Mount',
	action: 'Mount a shared folder',
	description: 'Add a shared folder this account was invited to (or had unmounted) to its Dropbox',
	routes: ['sharing/mount_folder', 'sharing/get_folder_metadata', ...LOCATOR_ROUTES],
	properties: [sharedFolderLocator('searchMountableFolders')],
	async execute(ctx) {
		const id = await sharedFolderId(ctx);
		const metadata = await call<IDataObject>(ctx, 'sharing/mount_folder', { shared_folder_id: id }, {
			reconcile: {
				whatToCheck: `whether shared folder ${id} is in this Dropbox`,
				// A mounted folder has a path in the account's Dropbox; without one, the mount did not happen.
				async check() {
					const now = await folderNow(ctx, id);
					return now?.path_lower ? applied(now) : notApplied;
				},
			},
		});
		return toItems(metadata);
	},
};
