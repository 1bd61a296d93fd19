import type { IDataObject } from 'n8n-workflow';

import { locatorPath, pathLocator } from '../fields';
import { toItems } from '../output';
import type { OperationDefinition } from '../types';

export const permanentlyDelete: OperationDefinition = {
	operation: 'permanentlyDelete',
	name: 'Permanently Delete',
	action: 'Permanently delete a file or folder',
	description: 'Delete a file or folder beyond recovery (Dropbox Business teams only)',
	routes: ['files/permanently_delete'],
	properties: [
		pathLocator('file', 'File or Folder', 'any'),
		{
			displayName: 'Only If Revision',
			name: 'parentRev',
			type: 'string',
			default: '',
			placeholder: 'a1c10ce0dd78',
			description: 'Delete only if the file still has this revision',
		},
	],
	async execute({ dropbox, check, param }) {
		const path = locatorPath(check, 'File or Folder', param('file'), 'writeOrId');
		const arg: IDataObject = { path };
		if (param('parentRev', '')) arg.parent_rev = check.rev('Only If Revision', param('parentRev'));
		await dropbox.rpc('files/permanently_delete', arg);
		return toItems({ path, permanentlyDeleted: true });
	},
};
