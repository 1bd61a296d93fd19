import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { lookup } from '../../../shared/reconcile';
import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import type { Kind } from './common';
import { label } from './common';

/**
 * After a delete's answer was lost: a deleted entry at the path means it was deleted. Dropbox keeps only the name
 * and path of a deleted entry, so that is returned, marked `confirmedAfterLostAnswer`. The entry still there means
 * it was not deleted, so it is sent again (with the same revision condition). Nothing at all: unknown.
 */
function deletedAt(dropbox: DropboxClient, path: string): Reconcile<{ metadata: IDataObject }> {
	return {
		whatToCheck: `whether "${path}" is in Dropbox's deleted files`,
		async check() {
			const now = await lookup(dropbox, path, { includeDeleted: true });
			if (!now) return unknownOutcome;
			return now['.tag'] === 'deleted' ? applied({ metadata: { ...now, confirmedAfterLostAnswer: true } }) : notApplied;
		},
	};
}

export function deleteOperation(kind: Kind): OperationDefinition {
	return {
		operation: 'delete',
		name: 'Delete',
		action: `Delete a ${kind}`,
		description: `Delete a ${kind}${kind === 'folder' ? ' and everything in it' : ''}; it can be restored from Dropbox's deleted files`,
		routes: ['files/delete_v2', 'files/get_metadata'],
		properties: [
			pathLocator(kind, label(kind), kind),
			{
				displayName: 'Only If Revision',
				name: 'parentRev',
				type: 'string',
				default: '',
				placeholder: 'a1c10ce0dd78',
				description: 'Delete only if the file still has this revision (files only)',
			},
		],
		async execute({ dropbox, check, param }) {
			const path = locatorPath(check, label(kind), param(kind), 'writeOrId');
			const arg: IDataObject = { path };
			if (param('parentRev', '')) arg.parent_rev = check.rev('Only If Revision', param('parentRev'));
			const result = await dropbox.rpc<{ metadata: IDataObject }>('files/delete_v2', arg, { reconcile: deletedAt(dropbox, path) });
			return toItems(result.metadata);
		},
	};
}
