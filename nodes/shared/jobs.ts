import type { IDataObject, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { DropboxClient } from './client';
import { dropboxApiError } from './errors';

export interface JobOptions {
	/** The check route, e.g. files/delete_batch/check. */
	checkRoute: string;
	/** Give up waiting after this long; the job itself goes on at Dropbox. */
	timeoutMs?: number;
	itemIndex?: number;
}

const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 10_000;

/**
 * Launch-then-poll for Dropbox's async routes: a launch answers either `complete` at once or an
 * `async_job_id`; the check route then answers `in_progress` until `complete` or `failed`. Resolves with
 * the complete result (including per-entry outcomes for batch routes); a failed job becomes a NodeApiError.
 */
export async function waitForJob<T = IDataObject>(
	dropbox: Pick<DropboxClient, 'rpc'>,
	node: INode,
	launched: IDataObject,
	options: JobOptions,
): Promise<T> {
	const { checkRoute, timeoutMs = 15 * 60_000, itemIndex } = options;
	let status = launched;
	let waited = 0;
	for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
		const tag = status['.tag'];
		if (tag === 'complete') return status as T;
		if (tag === 'failed' || (tag !== 'async_job_id' && tag !== 'in_progress')) {
			// The summary is the tag chain of the job status, e.g. failed/too_many_write_operations.
			throw dropboxApiError(node, checkRoute, undefined, { status: 409, headers: {}, body: { error: status } }, { itemIndex });
		}
		const jobId = (launched.async_job_id as string | undefined) ?? '';
		if (waited >= timeoutMs) {
			throw dropboxApiError(node, checkRoute, undefined, { status: 504, headers: {}, body: { error_summary: `job ${jobId} still in progress after ${Math.round(waited / 1000)} s` } }, { itemIndex });
		}
		await sleep(delay);
		waited += delay;
		status = await dropbox.rpc<IDataObject>(checkRoute, { async_job_id: jobId });
	}
}
