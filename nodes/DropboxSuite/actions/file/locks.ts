// Lock, unlock and lock state: Dropbox offers them only as batch routes; one item in, one entry per file out.
import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../output';
import type { OperationDefinition } from '../types';

const pathsField = {
	displayName: 'File Paths',
	name: 'paths',
	type: 'string' as const,
	typeOptions: { rows: 3 },
	required: true,
	default: '',
	placeholder: '/Contracts/2026.docx',
	description: 'Paths or IDs of the files, separated by commas or new lines',
};

interface LockEntry {
	'.tag': 'success' | 'failure';
	metadata?: IDataObject;
	lock?: IDataObject;
	failure?: IDataObject;
}

function lockOperation(operation: string, name: string, action: string, description: string, route: string): OperationDefinition {
	return {
		operation,
		name,
		action,
		description,
		routes: [route],
		properties: [pathsField],
		async execute({ dropbox, check, param }) {
			const paths = check.list('File Paths', param('paths'), (p) => check.path('File Paths', p, 'writeOrId'));
			const { entries } = await dropbox.rpc<{ entries: LockEntry[] }>(route, { entries: paths.map((path) => ({ path })) });
			return toItems(
				entries.map((entry, index) =>
					entry['.tag'] === 'success'
						? { path: paths[index], success: true, ...entry.metadata, lock: entry.lock ?? null }
						: { path: paths[index], success: false, error: entry.failure ?? null },
				),
			);
		},
	};
}

export const lock = lockOperation('lock', 'Lock', 'Lock files for editing', 'Lock files so that only you can edit them', 'files/lock_file_batch');
export const unlock = lockOperation('unlock', 'Unlock', 'Unlock files', 'Release your edit locks on files', 'files/unlock_file_batch');
export const getLockState = lockOperation('getLockState', 'Get Lock State', 'Get the lock state of files', 'Tell who holds the edit lock of each file, if anyone', 'files/get_file_lock_batch');
