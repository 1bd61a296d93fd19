import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient } from '../../../shared/client';
import { paginate } from '../../../shared/paginate';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained } from './common';

/** Dropbox returns at most 300 received files a page. */
const PAGE_LIMIT = 300;

/** Received-file pages say whether more follow only by carrying a cursor; paginate reads has_more. */
export const receivedPages = (dropbox: Pick<DropboxClient, 'rpc'>): Pick<DropboxClient, 'rpc'> => ({
	rpc: async <T>(route: string, arg?: unknown) => {
		const page = await dropbox.rpc<IDataObject>(route, arg);
		return { ...page, has_more: typeof page.cursor === 'string' } as T;
	},
});

export const listReceived: OperationDefinition = {
	operation: 'listReceived',
	name: 'List Received Files',
	action: 'List files shared with this account',
	description: 'List the files other people shared with this account, one item per file',
	routes: ['sharing/list_received_files', 'sharing/list_received_files/continue'],
	properties: [...returnAllProperties],
	async execute({ dropbox, param, fn }) {
		const limit = limitOf(param);
		const page = await explained(
			fn.getNode(),
			paginate<IDataObject>(receivedPages(dropbox), {
				route: 'sharing/list_received_files',
				arg: { limit: Math.min(limit ?? PAGE_LIMIT, PAGE_LIMIT) },
				continueRoute: 'sharing/list_received_files/continue',
				itemsKey: 'entries',
				limit,
			}),
		);
		return toItems(page.items);
	},
};
