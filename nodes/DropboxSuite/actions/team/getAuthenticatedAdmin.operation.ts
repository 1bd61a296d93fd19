import type { IDataObject } from 'n8n-workflow';

import type { OperationDefinition } from '../types';

export const getAuthenticatedAdmin: OperationDefinition = {
	operation: 'getAuthenticatedAdmin',
	name: 'Get Authenticated Admin',
	action: 'Get the admin who connected the app',
	description: 'Get the profile of the team admin who linked this app to the team',
	routes: ['team/token/get_authenticated_admin'],
	properties: [],
	async execute({ dropbox }) {
		const { admin_profile: profile } = await dropbox.rpc<{ admin_profile: IDataObject }>('team/token/get_authenticated_admin');
		return [{ json: profile }];
	},
};
