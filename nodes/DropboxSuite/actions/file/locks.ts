// Lock, Unlock and Get Lock State: Dropbox offers them only as batch routes; one item in, one entry per file out.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationContext } from '../types';

interface LockEntry {
	'.tag': 'success' | 'failure';
	metadata?: IDataObject;
	lock?: IDataObject;
	failure?: IDataObject;
}

/** Calls one of the lock batch routes for the File Paths and returns one item per file, success or not. */
export async function lockBatch({ dropbox, check, param }: OperationContext, route: string): Promise<INodeExecutionData[]> {
	const paths = check.list('File Paths', param('paths'), (p) => check.path('File Paths', p, 'writeOrId'));
	const { entries } = await dropbox.rpc<{ entries: LockEntry[] }>(route, { entries: paths.map((path) => ({ path })) });
	return toItems(
		entries.map((entry, index) =>
			entry['.tag'] === 'success'
				? { path: paths[index], success: true, ...entry.metadata, lock: entry.lock ?? null }
				: { path: paths[index], success: false, error: entry.failure ?? null },
		),
	);
}
