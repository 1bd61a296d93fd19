import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { notApplied, unknownOutcome } from '../../../shared/client';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explainFileRequestError } from './common';

type Deleted = { file_requests: IDataObject[] };

/**
 * After the answer was lost: closed requests still there mean it was not done (it is sent again). None left means
 * it most likely was, but which requests it deleted (its answer) cannot be told any more: unknown, so that no
 * workflow goes on with an empty list it takes for the truth.
 */
function deleted(dropbox: DropboxClient): Reconcile<Deleted> {
	return {
		whatToCheck: 'whether closed file requests remain (File Request → List)',
		async check() {
			const { file_requests: all = [] } = await dropbox.rpc<{ file_requests?: IDataObject[] }>('file_requests/list');
			return all.some((request) => request.is_open === false) ? notApplied : unknownOutcome;
		},
	};
}

export const deleteAllClosed: OperationDefinition = {
	operation: 'deleteAllClosed',
	name: 'Delete All Closed',
	action: 'Delete all closed file requests',
	description: 'Delete every closed file request of the account, one item per deleted request; the files stay',
	routes: ['file_requests/delete_all_closed', 'file_requests/list'],
	properties: [],
	async execute({ fn, dropbox }) {
		const result = await dropbox
			.rpc<Deleted>('file_requests/delete_all_closed', undefined, { reconcile: deleted(dropbox) })
			.catch((error: unknown) => explainFileRequestError(fn.getNode(), error));
		return toItems(result.file_requests.map((request) => ({ ...request, deleted: true })));
	},
};
