import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained, fileLocator, fileOf } from './common';

export const updatePolicy: OperationDefinition = {
	operation: 'updatePolicy',
	name: 'Update Policy',
	action: 'Update the sharing policy of a file',
	description: 'Turn viewer information (who has seen the file) on or off for a file this account owns',
	routes: ['sharing/update_file_policy'],
	properties: [
		fileLocator(),
		{
			displayName: 'Viewer Info',
			name: 'viewerInfoPolicy',
			type: 'options',
			options: [
				{ name: 'Enabled', value: 'enabled', description: 'Members can see who viewed the file' },
				{ name: 'Disabled', value: 'disabled', description: 'Nobody sees who viewed the file' },
			],
			default: 'enabled',
		},
	],
	async execute(ctx) {
		const file = fileOf(ctx);
		const arg = { file, viewer_info_policy: ctx.param<string>('viewerInfoPolicy', 'enabled') };
		return toItems(await explained(ctx.fn.getNode(), ctx.dropbox.rpc<IDataObject>('sharing/update_file_policy', arg)));
	},
};
