import type { IDataObject } from 'n8n-workflow';

import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const listRevisions: OperationDefinition = {
	operation: 'listRevisions',
	name: 'List Revisions',
	action: 'List the revisions of a file',
	description: 'List earlier versions of a file, newest first, one item per revision',
	routes: ['files/list_revisions'],
	properties: [
		pathLocator('file', 'File', 'file'),
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 50,
			description: 'Max number of results to return',
		},
		{
			displayName: 'Follow Moves',
			name: 'byId',
			type: 'boolean',
			default: false,
			description: 'Whether to include revisions from before the file was moved or renamed (revisions of the file ID rather than of the path)',
		},
	],
	async execute({ dropbox, check, param }) {
		const path = locatorPath(check, 'File', param('file'), 'read');
		const result = await dropbox.rpc<{ entries: IDataObject[] }>('files/list_revisions', {
			path,
			mode: param('byId', false) ? 'id' : 'path',
			limit: Number(param('limit', 50)),
		});
		return toItems(result.entries);
	},
};
