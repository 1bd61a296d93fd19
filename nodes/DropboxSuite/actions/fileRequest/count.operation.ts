import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explainFileRequestError } from './common';

export const count: OperationDefinition = {
	operation: 'count',
	name: 'Count',
	action: 'Count file requests',
	description: 'Count the file requests of the account, open and closed',
	routes: ['file_requests/count'],
	properties: [],
	async execute({ fn, dropbox }) {
		const result = await dropbox
			.rpc<IDataObject>('file_requests/count')
			.catch((error: unknown) => explainFileRequestError(fn.getNode(), error));
		return toItems(result);
	},
};
