import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, call, sharedFolderId, sharedFolderLocator } from './common';

export const get: OperationDefinition = {
	operation: 'get',
	name: 'Get',
	action: 'Get a shared folder',
	description: 'Get the metadata of a shared folder: its path, policies, access level and owner',
	routes: ['sharing/get_folder_metadata', ...LOCATOR_ROUTES],
	properties: [sharedFolderLocator()],
	async execute(ctx) {
		const id = await sharedFolderId(ctx);
		return toItems(await call(ctx, 'sharing/get_folder_metadata', { shared_folder_id: id }));
	},
};
