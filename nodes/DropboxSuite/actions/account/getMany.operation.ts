import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const getMany: OperationDefinition = {
	operation: 'getMany',
	name: 'Get Many',
	action: 'Get many accounts by ID',
	description: 'Get the public information of several accounts in one call, one item per account',
	routes: ['users/get_account_batch'],
	properties: [
		{
			displayName: 'Account IDs',
			name: 'accountIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc, dbid:AAD...',
			description: 'Account IDs separated by commas; duplicates are sent once',
		},
	],
	async execute({ dropbox, check, param }) {
		const ids = check.list('Account IDs', param('accountIds'), (id) => check.accountId('Account IDs', id));
		return toItems(await dropbox.rpc<IDataObject[]>('users/get_account_batch', { account_ids: [...new Set(ids)] }));
	},
};
