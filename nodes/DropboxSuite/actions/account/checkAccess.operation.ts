import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const checkAccess: OperationDefinition = {
	operation: 'checkAccess',
	name: 'Check Access',
	action: 'Check access to the account',
	description: 'Make a harmless call that succeeds only when the connection and its token work (Dropbox echoes the text back)',
	routes: ['check/user'],
	properties: [
		{
			displayName: 'Echo Text',
			name: 'query',
			type: 'string',
			default: 'n8n',
			description: 'Text Dropbox sends back when the call succeeds',
		},
	],
	async execute({ dropbox, param }) {
		return toItems(await dropbox.rpc('check/user', { query: String(param('query', '')) }));
	},
};
