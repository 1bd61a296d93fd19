import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const get: OperationDefinition = {
	operation: 'get',
	name: 'Get',
	action: 'Get an account by ID',
	description: 'Get the public information of another Dropbox account',
	routes: ['users/get_account'],
	properties: [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
			description: 'The "account_id" of the account, as found in sharing and member data',
		},
	],
	async execute({ dropbox, check, param }) {
		const accountId = check.accountId('Account ID', param('accountId'));
		return toItems(await dropbox.rpc('users/get_account', { account_id: accountId }));
	},
};
