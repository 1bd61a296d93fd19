import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { lookup } from '../../../shared/reconcile';
import { toItems } from '../common/output';
import { markAfterWrite, markWrittenField } from '../common/write';
import type { OperationDefinition } from '../types';

type Created = { metadata: IDataObject };

/**
 * After a create's answer was lost: a folder at the path is the result (one that was there before would have made
 * Dropbox answer path/conflict/folder; either way the folder asked for exists, and no second one is made). Nothing
 * there, or a file, which this call cannot have made: not created, so it is sent again and Dropbox answers for
 * itself. When Autorename met a taken path, the new folder may sit beside it under a new name: unknown.
 */
function folderAt(dropbox: DropboxClient, path: string, takenBefore: boolean): Reconcile<Created> {
	return {
		whatToCheck: takenBefore ? `whether a folder such as "${path} (1)" was created beside "${path}"` : `whether the folder "${path}" exists`,
		async check() {
			if (takenBefore) return unknownOutcome;
			const now = await lookup(dropbox, path);
			return now?.['.tag'] === 'folder' ? applied({ metadata: now }) : notApplied;
		},
	};
}

export const create: OperationDefinition = {
	operation: 'create',
	name: 'Create',
	action: 'Create a folder',
	description: 'Create a folder (and any missing parent folders)',
	routes: ['files/create_folder_v2', 'files/get_metadata'],
	properties: [
		{
			displayName: 'Folder Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: '/Reports/2026',
			description: 'The path of the new folder',
		},
		{
			displayName: 'Autorename',
			name: 'autorename',
			type: 'boolean',
			default: false,
			description: 'Whether Dropbox should pick a free name such as "Reports (1)" when the name is taken',
		},
		markWrittenField,
	],
	async execute(ctx) {
		const { dropbox, check, param } = ctx;
		const path = check.path('Folder Path', param('path'), 'write');
		const autorename = param<boolean>('autorename', false) === true;
		// Only Autorename can put the folder elsewhere; whether the path is free decides where to look.
		const takenBefore = autorename && (await lookup(dropbox, path)) !== null;
		const result = await dropbox.rpc<Created>('files/create_folder_v2', { path, autorename }, { reconcile: folderAt(dropbox, path, takenBefore) });
		return toItems(await markAfterWrite(ctx, result.metadata, { markWritten: param('markWritten', false) }));
	},
};
