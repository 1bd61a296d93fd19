import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, accessInheritanceField, call, settle, sharedFolderId, sharedFolderLocator, SHARING_JOBS } from './common';

export const setAccessInheritance: OperationDefinition = {
	operation: 'setAccessInheritance',
	name: 'Set Access Inheritance',
	action: 'Set access inheritance of a shared folder',
	description: 'Choose whether members of the parent folder keep access to this shared folder (owner only)',
	routes: ['sharing/set_access_inheritance', 'sharing/check_share_job_status', ...LOCATOR_ROUTES],
	properties: [
		sharedFolderLocator(),
		accessInheritanceField,
	],
	async execute(ctx) {
		const id = await sharedFolderId(ctx);
		const launched = await call<IDataObject>(ctx, 'sharing/set_access_inheritance', { shared_folder_id: id, access_inheritance: ctx.param('accessInheritance', 'inherit') });
		// Dropbox answers with the folder's metadata, or a job for large folders: waited for here.
		return toItems(await settle(ctx, SHARING_JOBS.share, launched, {}));
	},
};
