import type { IDataObject } from 'n8n-workflow';

import { applied, unknownOutcome } from '../../../shared/client';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, call, folderNow, leaveCopyField, settle, sharedFolderId, sharedFolderLocator, waitField, SHARING_JOBS } from './common';

export const unshare: OperationDefinition = {
	operation: 'unshare',
	name: 'Unshare',
	action: 'Unshare a folder',
	description: 'Stop sharing a folder (owner only): members lose it, or keep a copy; the owner keeps the content',
	routes: ['sharing/unshare_folder', 'sharing/check_job_status', 'sharing/get_folder_metadata', ...LOCATOR_ROUTES],
	properties: [sharedFolderLocator(), leaveCopyField('Whether members keep a copy of the folder in their Dropbox'), waitField],
	async execute(ctx) {
		const id = await sharedFolderId(ctx);
		const base = { shared_folder_id: id };
		const launched = await call<IDataObject>(ctx, 'sharing/unshare_folder', { shared_folder_id: id, leave_a_copy: ctx.param('leaveCopy', false) }, {
			reconcile: {
				whatToCheck: `whether shared folder ${id} is still shared`,
				// Gone: unshared. Still there: the job may be under way, which cannot be told apart from not started.
				async check() {
					return (await folderNow(ctx, id)) === null ? applied({ '.tag': 'complete' }) : unknownOutcome;
				},
			},
		});
		return toItems(await settle(ctx, SHARING_JOBS.unshareOrRelinquish, launched, base));
	},
};
