import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../output';
import type { OperationDefinition } from '../types';

export const create: OperationDefinition = {
	operation: 'create',
	name: 'Create',
	action: 'Create a folder',
	description: 'Create a folder (and any missing parent folders)',
	routes: ['files/create_folder_v2'],
	properties: [
		{
			displayName: 'Folder Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: '/Reports/2026',
			description: 'The path of the new folder',
		},
		{
			displayName: 'Autorename',
			name: 'autorename',
			type: 'boolean',
			default: false,
			description: 'Whether Dropbox should pick a free name such as "Reports (1)" when the name is taken',
		},
	],
	async execute({ dropbox, check, param }) {
		const path = check.path('Folder Path', param('path'), 'write');
		const result = await dropbox.rpc<{ metadata: IDataObject }>('files/create_folder_v2', { path, autorename: param('autorename', false) });
		return toItems(result.metadata);
	},
};
