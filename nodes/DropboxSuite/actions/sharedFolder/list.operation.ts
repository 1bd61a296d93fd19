import type { IDataObject } from 'n8n-workflow';

import { simplifyProperty } from '../common/options';
import { returnAllProperties, simplified, simplifyMetadata, toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { sharingList } from './common';

export const list: OperationDefinition = {
	operation: 'list',
	name: 'List',
	action: 'List my shared folders',
	description: 'List the shared folders this account is a member of',
	routes: ['sharing/list_folders', 'sharing/list_folders/continue'],
	properties: [...returnAllProperties, simplifyProperty],
	async execute(ctx) {
		const entries = (page: IDataObject) => (page.entries as IDataObject[] | undefined) ?? [];
		return toItems(simplified(ctx.param, await sharingList(ctx, 'sharing/list_folders', 'sharing/list_folders/continue', {}, entries), simplifyMetadata));
	},
};
