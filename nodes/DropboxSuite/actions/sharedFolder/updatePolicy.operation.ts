import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, POLICY_FIELDS, call, policyArg, sharedFolderId, sharedFolderLocator } from './common';

export const updatePolicy: OperationDefinition = {
	operation: 'updatePolicy',
	name: 'Update Policy',
	action: 'Update a shared folder policy',
	description: 'Change who can be a member, who can change members, whom links work for, and whether viewer info is shown (owner only)',
	routes: ['sharing/update_folder_policy', ...LOCATOR_ROUTES],
	properties: [
		sharedFolderLocator(),
		{ displayName: 'Update Fields', name: 'updateFields', type: 'collection', placeholder: 'Add Field', default: {}, options: POLICY_FIELDS },
	],
	async execute(ctx) {
		const policy = policyArg(ctx.param<IDataObject>('updateFields', {}));
		if (!Object.keys(policy).length) ctx.check.fail('Update Fields', 'is empty', 'Add at least one policy to change.');
		const id = await sharedFolderId(ctx);
		return toItems(await call(ctx, 'sharing/update_folder_policy', { shared_folder_id: id, ...policy }));
	},
};
