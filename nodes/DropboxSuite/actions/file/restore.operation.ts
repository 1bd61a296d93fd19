import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied } from '../../../shared/client';
import { lookup } from '../../../shared/reconcile';
import { toItems } from '../common/output';
import { markAfterWrite, markWrittenField } from '../common/write';
import type { OperationDefinition } from '../types';

/**
 * After a restore's answer was lost: the file at the path holding the revision's content means it was restored.
 * Otherwise it is sent again: restoring a revision twice leaves the same file, so that is safe, and Dropbox then
 * answers for itself (an unknown revision, say).
 */
function restoredAt(dropbox: DropboxClient, path: string, rev: string): Reconcile<IDataObject> {
	return {
		whatToCheck: `whether "${path}" holds revision ${rev}`,
		async check() {
			const [now, wanted] = await Promise.all([lookup(dropbox, path), lookup(dropbox, `rev:${rev}`)]);
			if (now?.['.tag'] === 'file' && wanted?.content_hash !== undefined && now.content_hash === wanted.content_hash) return applied(now);
			return notApplied;
		},
	};
}

export const restore: OperationDefinition = {
	operation: 'restore',
	name: 'Restore Revision',
	action: 'Restore a revision of a file',
	description: 'Make an earlier revision the current version of a file (also brings back deleted files)',
	routes: ['files/restore', 'files/get_metadata'],
	properties: [
		{
			displayName: 'File Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: '/Reports/2026/summary.pdf',
			description: 'The path to restore the file to',
		},
		{
			displayName: 'Revision',
			name: 'rev',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'a1c10ce0dd78',
			description: 'The revision to restore, from List Revisions',
		},
		markWrittenField,
	],
	async execute(ctx) {
		const { dropbox, check, param } = ctx;
		const path = check.path('File Path', param('path'), 'write');
		const rev = check.rev('Revision', param('rev'));
		const restored = await dropbox.rpc<IDataObject>('files/restore', { path, rev }, { reconcile: restoredAt(dropbox, path, rev) });
		return toItems(await markAfterWrite(ctx, restored, { markWritten: param('markWritten', false) }));
	},
};
