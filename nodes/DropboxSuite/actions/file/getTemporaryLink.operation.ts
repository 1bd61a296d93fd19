import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const getTemporaryLink: OperationDefinition = {
	operation: 'getTemporaryLink',
	name: 'Get Temporary Link',
	action: 'Get a temporary download link for a file',
	description: 'Get a direct download link that works for four hours, without sign-in',
	routes: ['files/get_temporary_link'],
	properties: [pathLocator('file', 'File', 'file')],
	async execute({ dropbox, check, param }) {
		const path = locatorPath(check, 'File', param('file'), 'read');
		return toItems(await dropbox.rpc('files/get_temporary_link', { path }));
	},
};
