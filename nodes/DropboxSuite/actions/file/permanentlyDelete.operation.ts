import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { lookup } from '../../../shared/reconcile';
import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

/**
 * After the answer was lost: nothing left at the path, not even among deleted files, means it was deleted for
 * good; still there (live or deleted) means it was not, so it is sent again. An ID of an entry that is only
 * deleted may not resolve either, so for an ID "nothing found" stays unknown.
 */
function goneForGood(dropbox: DropboxClient, path: string): Reconcile<null> {
	return {
		whatToCheck: `whether "${path}" is still in Dropbox, deleted files included`,
		async check() {
			const now = await lookup(dropbox, path, { includeDeleted: true });
			if (now) return notApplied;
			return path.startsWith('id:') ? unknownOutcome : applied(null);
		},
	};
}

export const permanentlyDelete: OperationDefinition = {
	operation: 'permanentlyDelete',
	name: 'Permanently Delete',
	action: 'Permanently delete a file or folder',
	description: 'Delete a file or folder beyond recovery (Dropbox Business teams only)',
	routes: ['files/permanently_delete', 'files/get_metadata'],
	properties: [
		pathLocator('file', 'File or Folder', 'any'),
		{
			displayName: 'Only If Revision',
			name: 'parentRev',
			type: 'string',
			default: '',
			placeholder: 'a1c10ce0dd78',
			description: 'Delete only if the file still has this revision',
		},
	],
	async execute({ dropbox, check, param }) {
		const path = locatorPath(check, 'File or Folder', param('file'), 'writeOrId');
		const arg: IDataObject = { path };
		if (param('parentRev', '')) arg.parent_rev = check.rev('Only If Revision', param('parentRev'));
		await dropbox.rpc<null>('files/permanently_delete', arg, { reconcile: goneForGood(dropbox, path) });
		return toItems({ path, permanentlyDeleted: true });
	},
};
