import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { errorTags } from '../../../shared/errors';
import { dropboxErrorOf } from '../../../shared/reconcile';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explainFileRequestError, fileRequestId } from './common';

type Deleted = { file_requests: IDataObject[] };

/**
 * After the delete's answer was lost: Dropbox deletes the IDs together or not at all, so all of them gone means it
 * was done (Dropbox's answer, the deleted requests, is lost: their IDs stand in), all still there that it was not
 * (it is sent again). Anything else: unknown.
 */
function deleted(dropbox: DropboxClient, ids: string[]): Reconcile<Deleted> {
	return {
		whatToCheck: `whether the file requests ${ids.join(', ')} still exist (File Request → Get)`,
		async check() {
			const gone = await Promise.all(
				ids.map(async (id) =>
					await dropbox.rpc('file_requests/get', { id }).then(
						() => false,
						(error: unknown) => (errorTags({ error: dropboxErrorOf(error) })[0] === 'not_found' ? true : Promise.reject(error)),
					),
				),
			);
			if (gone.every(Boolean)) return applied({ file_requests: ids.map((id) => ({ id })) });
			return gone.some(Boolean) ? unknownOutcome : notApplied;
		},
	};
}

export const deleteRequests: OperationDefinition = {
	operation: 'delete',
	name: 'Delete',
	action: 'Delete file requests',
	description: 'Delete one or more closed file requests in one call; the files they collected stay',
	routes: ['file_requests/delete', 'file_requests/get'],
	properties: [
		{
			displayName: 'File Request IDs',
			name: 'ids',
			type: 'string',
			typeOptions: { rows: 2 },
			required: true,
			default: '',
			placeholder: 'oaCAVmEyrqYnkZX9955Y, BaZmehYoXMPtaRmfTbSG',
			description: 'IDs (or URLs) of closed file requests, separated by commas or new lines; Dropbox deletes all or none',
		},
	],
	async execute({ fn, dropbox, check, param }) {
		const ids = [...new Set(check.list('File Request IDs', param('ids'), (entry) => fileRequestId(check, 'File Request IDs', entry)))];
		const result = await dropbox
			.rpc<Deleted>('file_requests/delete', { ids }, { reconcile: deleted(dropbox, ids) })
			.catch((error: unknown) => explainFileRequestError(fn.getNode(), error));
		return toItems(result.file_requests.map((request) => ({ ...request, deleted: true })));
	},
};
