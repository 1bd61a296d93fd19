import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { DropboxClient } from '../../../shared/client';
import { paginate } from '../../../shared/paginate';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explainFileRequestError } from './common';

/** list_v2's largest page (its default). */
const MAX_PAGE = 1000;

/**
 * Whether Dropbox refused list_v2 itself (HTTP 400: it could not take the call, as for a route it does not offer
 * this app) rather than failing for the account: the one-page v1 list is then the way to the same requests.
 */
const listV2Refused = (error: unknown) => (error as NodeApiError).httpCode === '400';

/** Every request through the v1 list, which has no pages: the Limit is applied here. */
async function listV1(dropbox: DropboxClient, limit: number | undefined): Promise<IDataObject[]> {
	const { file_requests: all = [] } = await dropbox.rpc<{ file_requests?: IDataObject[] }>('file_requests/list');
	return limit === undefined ? all : all.slice(0, limit);
}

export const list: OperationDefinition = {
	operation: 'list',
	name: 'List',
	action: 'List file requests',
	description: 'List the file requests of the account, open and closed, with their links and file counts',
	routes: ['file_requests/list_v2', 'file_requests/list/continue', 'file_requests/list'],
	properties: [...returnAllProperties],
	async execute({ fn, dropbox, param }) {
		const limit = limitOf(param);
		const requests = await paginate<IDataObject>(dropbox, {
			route: 'file_requests/list_v2',
			arg: { limit: Math.min(limit ?? MAX_PAGE, MAX_PAGE) },
			continueRoute: 'file_requests/list/continue',
			itemsKey: 'file_requests',
			limit,
		})
			.then((page) => page.items)
			.catch(async (error: unknown) => (listV2Refused(error) ? await listV1(dropbox, limit) : await Promise.reject(error)))
			.catch((error: unknown) => explainFileRequestError(fn.getNode(), error));
		return toItems(requests);
	},
};
