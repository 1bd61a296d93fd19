import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained, fileLocator, fileOf } from './common';

export const getMetadata: OperationDefinition = {
	operation: 'getMetadata',
	name: 'Get Sharing Metadata',
	action: 'Get the sharing metadata of a file',
	description: 'Get how a file is shared: its owner, this account\'s access, its policy and preview URL',
	routes: ['sharing/get_file_metadata'],
	properties: [fileLocator()],
	async execute(ctx) {
		const file = fileOf(ctx);
		return toItems(await explained(ctx.fn.getNode(), ctx.dropbox.rpc<IDataObject>('sharing/get_file_metadata', { file })));
	},
};
