import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied } from '../../../shared/client';
import { rethrow } from '../../../shared/errors';
import { dropboxErrorOf } from '../../../shared/reconcile';
import { optionsCollection } from '../common/options';
import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { POLICY_FIELDS, accessInheritanceField, call, policyArg, settle, sharedAt, waitField, SHARING_JOBS } from './common';

/** After a lost answer: the folder shows a shared_folder_id once the share took effect (then it is not sent again). */
function sharedNow(dropbox: DropboxClient, path: string): Reconcile<IDataObject> {
	return {
		whatToCheck: `whether "${path}" is shared now`,
		async check() {
			const metadata = await sharedAt(dropbox, path);
			return metadata ? applied({ '.tag': 'complete', ...metadata }) : notApplied;
		},
	};
}

/** The metadata Dropbox's already_shared error carries (at launch or as the job's failure), if that is the error. */
function alreadyShared(error: unknown): IDataObject | undefined {
	let union = dropboxErrorOf(error);
	if (union?.['.tag'] === 'failed') union = union.failed as IDataObject;
	const reason = union?.['.tag'] === 'bad_path' ? (union.bad_path as IDataObject | undefined) : undefined;
	return reason?.['.tag'] === 'already_shared' ? (reason.already_shared as IDataObject) : undefined;
}

export const share: OperationDefinition = {
	operation: 'share',
	name: 'Share',
	action: 'Share a folder',
	description: 'Turn a folder into a shared folder (Dropbox creates the folder when it does not exist); a folder that is shared already is returned as it is',
	routes: ['sharing/share_folder', 'sharing/check_share_job_status', 'files/get_metadata', 'sharing/get_folder_metadata'],
	properties: [
		pathLocator('folder', 'Folder', 'folder'),
		waitField,
		optionsCollection([
			...POLICY_FIELDS,
			accessInheritanceField,
		]),
	],
	async execute(ctx) {
		const path = locatorPath(ctx.check, 'Folder', ctx.param('folder'), 'writeOrId');
		const options = ctx.param<IDataObject>('options', {});
		const arg: IDataObject = { path, ...policyArg(options) };
		if (options.accessInheritance) arg.access_inheritance = options.accessInheritance;
		try {
			const launched = await call<IDataObject>(ctx, 'sharing/share_folder', arg, { reconcile: sharedNow(ctx.dropbox, path) });
			return toItems(await settle(ctx, SHARING_JOBS.share, launched, {}));
		} catch (error) {
			const existing = alreadyShared(error);
			// Dropbox's error names the folder that is shared already: that is what was asked for.
			if (existing) return toItems({ status: 'complete', already_shared: true, ...existing });
			rethrow(ctx.fn.getNode(), error);
		}
	},
};
