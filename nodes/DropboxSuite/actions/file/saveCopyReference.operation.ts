import { toItems } from '../common/output';
import { pathField } from '../common/paths';
import type { OperationDefinition } from '../types';

export const saveCopyReference: OperationDefinition = {
	operation: 'saveCopyReference',
	name: 'Save Copy Reference',
	action: 'Save a copy reference',
	description: 'Save a copy of a file or folder into this Dropbox from a copy reference',
	routes: ['files/copy_reference/save'],
	properties: [
		{
			displayName: 'Copy Reference',
			name: 'copyReference',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The copy_reference from Get Copy Reference',
		},
		pathField('path', 'Destination Path', '/Shared with me/report.pdf', 'Where to save the copy, with its name'),
	],
	async execute({ dropbox, check, param }) {
		const copyReference = check.required('Copy Reference', param('copyReference'));
		const path = check.path('Destination Path', param('path'), 'write');
		return toItems(await dropbox.rpc('files/copy_reference/save', { copy_reference: copyReference, path }));
	},
};
