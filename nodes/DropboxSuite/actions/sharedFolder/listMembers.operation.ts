import { returnAllProperties, toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, memberItems, sharedFolderId, sharedFolderLocator, sharingList } from './common';

export const listMembers: OperationDefinition = {
	operation: 'listMembers',
	name: 'List Members',
	action: 'List members of a shared folder',
	description: 'List the members of a shared folder and the people invited to it, with their access levels',
	routes: ['sharing/list_folder_members', 'sharing/list_folder_members/continue', ...LOCATOR_ROUTES],
	properties: [sharedFolderLocator(), ...returnAllProperties],
	async execute(ctx) {
		const id = await sharedFolderId(ctx);
		return toItems(await sharingList(ctx, 'sharing/list_folder_members', 'sharing/list_folder_members/continue', { shared_folder_id: id }, memberItems));
	},
};
