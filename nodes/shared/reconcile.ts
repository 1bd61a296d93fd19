// Looks that operations use to reconcile an unsafe call after an ambiguous failure (see Reconcile in client.ts):
// what is at a path now, so the operation can tell whether its call took effect.
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { DropboxClient } from './client';
import { errorTags } from './errors';

/** The Dropbox error union a client error carries (set by dropboxApiError), if any. */
export function dropboxErrorOf(error: unknown): IDataObject | undefined {
	return (error as NodeApiError | undefined)?.context?.dropboxError as IDataObject | undefined;
}

/** Whether a client error says that nothing exists at the path (path/not_found, from_lookup/not_found, ...). */
export function isNotFound(error: unknown): boolean {
	return errorTags({ error: dropboxErrorOf(error) }).includes('not_found');
}

/** The metadata at a path or ID now, or null when nothing is there; other failures are thrown. */
export async function lookup(
	dropbox: Pick<DropboxClient, 'rpc'>,
	path: string,
	options: { includeDeleted?: boolean } = {},
): Promise<IDataObject | null> {
	// The client's errors are NodeApiErrors already: anything but not_found passes through unchanged.
	return await dropbox
		.rpc<IDataObject>('files/get_metadata', { path, include_deleted: options.includeDeleted === true })
		.catch(async (error: unknown) => (isNotFound(error) ? null : await Promise.reject(error)));
}
