import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, call, folderNow, leaveCopyField, settle, sharedFolderId, sharedFolderLocator, waitField, SHARING_JOBS } from './common';

export const relinquishMembership: OperationDefinition = {
	operation: 'relinquishMembership',
	name: 'Relinquish Membership',
	action: 'Leave a shared folder',
	description: 'Leave a shared folder this account is a member of (not its owner), keeping a copy or not',
	routes: ['sharing/relinquish_folder_membership', 'sharing/check_job_status', 'sharing/get_folder_metadata', ...LOCATOR_ROUTES],
	properties: [sharedFolderLocator(), leaveCopyField('Whether to keep a copy of the folder in this Dropbox'), waitField],
	async execute(ctx) {
		const id = await sharedFolderId(ctx);
		const leaveCopy = ctx.param('leaveCopy', false);
		const launched = await call<IDataObject>(ctx, 'sharing/relinquish_folder_membership', { shared_folder_id: id, leave_a_copy: leaveCopy }, {
			reconcile: {
				whatToCheck: `whether this account is still a member of shared folder ${id}`,
				// No longer a member: done. Still one: without a copy Dropbox answers at once, so it did not happen;
				// with a copy it runs as a job that may still be under way.
				async check() {
					if ((await folderNow(ctx, id)) === null) return applied({ '.tag': 'complete' });
					return leaveCopy ? unknownOutcome : notApplied;
				},
			},
		});
		return toItems(await settle(ctx, SHARING_JOBS.unshareOrRelinquish, launched, { shared_folder_id: id }));
	},
};
