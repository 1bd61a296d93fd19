import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explainFileRequestError, fileRequestId, idField } from './common';

export const get: OperationDefinition = {
	operation: 'get',
	name: 'Get',
	action: 'Get a file request',
	description: 'Get a file request by its ID: its link, folder, deadline, whether it is open and how many files it received',
	routes: ['file_requests/get'],
	properties: [idField],
	async execute({ fn, dropbox, check, param }) {
		const id = fileRequestId(check, 'File Request ID', param('id'));
		const request = await dropbox
			.rpc<IDataObject>('file_requests/get', { id })
			.catch((error: unknown) => explainFileRequestError(fn.getNode(), error));
		return toItems(request);
	},
};
