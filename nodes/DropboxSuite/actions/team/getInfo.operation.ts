import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const getInfo: OperationDefinition = {
	operation: 'getInfo',
	name: 'Get Info',
	action: 'Get the team\'s information',
	description: 'Get the team\'s name, ID, licences and policies',
	routes: ['team/get_info'],
	properties: [],
	async execute({ dropbox }) {
		return toItems(await dropbox.rpc<IDataObject>('team/get_info'));
	},
};
