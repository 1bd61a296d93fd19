import type { OperationDefinition } from '../types';
import { toItems } from '../common/output';

export const getCurrent: OperationDefinition = {
	operation: 'getCurrent',
	name: 'Get Current',
	action: 'Get the current account',
	description: 'Get the account the credential (or the team member acted as) belongs to',
	routes: ['users/get_current_account'],
	properties: [],
	async execute({ dropbox }) {
		return toItems(await dropbox.rpc('users/get_current_account'));
	},
};
