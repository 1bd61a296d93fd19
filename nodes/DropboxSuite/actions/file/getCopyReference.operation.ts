import { toItems } from '../common/output';
import { locatorPath, pathLocator } from '../common/paths';
import type { OperationDefinition } from '../types';

export const getCopyReference: OperationDefinition = {
	operation: 'getCopyReference',
	name: 'Get Copy Reference',
	action: 'Get a copy reference to a file',
	description: 'Get a reference that another Dropbox account can use to save a copy of the file (Save Copy Reference)',
	routes: ['files/copy_reference/get'],
	properties: [pathLocator('file', 'File or Folder', 'any')],
	async execute({ dropbox, check, param }) {
		const path = locatorPath(check, 'File or Folder', param('file'), 'read');
		return toItems(await dropbox.rpc('files/copy_reference/get', { path }));
	},
};
