import type { IDataObject } from 'n8n-workflow';

import { simplifyProperty } from '../common/options';
import { returnAllProperties, simplified, simplifyMetadata, toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { sharingList } from './common';

export const listMountable: OperationDefinition = {
	operation: 'listMountable',
	name: 'List Mountable',
	action: 'List shared folders to mount',
	description: 'List the shared folders this account was invited to or has unmounted, which Mount adds to its Dropbox',
	routes: ['sharing/list_mountable_folders', 'sharing/list_mountable_folders/continue'],
	properties: [...returnAllProperties, simplifyProperty],
	async execute(ctx) {
		const entries = (page: IDataObject) => (page.entries as IDataObject[] | undefined) ?? [];
		return toItems(simplified(ctx.param, await sharingList(ctx, 'sharing/list_mountable_folders', 'sharing/list_mountable_folders/continue', {}, entries), simplifyMetadata));
	},
};
