import { toItems } from '../output';
import type { OperationDefinition } from '../types';

export const restore: OperationDefinition = {
	operation: 'restore',
	name: 'Restore Revision',
	action: 'Restore a revision of a file',
	description: 'Make an earlier revision the current version of a file (also brings back deleted files)',
	routes: ['files/restore'],
	properties: [
		{
			displayName: 'File Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: '/Reports/2026/summary.pdf',
			description: 'The path to restore the file to',
		},
		{
			displayName: 'Revision',
			name: 'rev',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'a1c10ce0dd78',
			description: 'The revision to restore, from List Revisions',
		},
	],
	async execute({ dropbox, check, param }) {
		const path = check.path('File Path', param('path'), 'write');
		const rev = check.rev('Revision', param('rev'));
		return toItems(await dropbox.rpc('files/restore', { path, rev }));
	},
};
