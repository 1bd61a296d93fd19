// Dropbox's async jobs: a launch answers `complete` at once or an `async_job_id`; the job's check route then
// answers `in_progress` until `complete` or `failed`. Each kind of job is one entry in JOB_KINDS: its check
// route and how to read its complete answer as per-entry outcomes.
import type { IDataObject, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { DropboxClient } from './client';
import { dropboxApiError } from './errors';

/** One entry of a finished job: its metadata, or Dropbox's error for that entry. */
export type EntryOutcome = { ok: true; metadata: IDataObject } | { ok: false; failure: IDataObject };

/** A kind of async job: the route that reports on it and how to read its complete answer. */
export interface JobKind {
	/** Label for users, e.g. "Copy Batch". */
	name: string;
	/** The check route, e.g. files/delete_batch/check. */
	checkRoute: string;
	/** Per-entry outcomes of a complete answer, in the order the entries were launched. */
	decode(complete: IDataObject): EntryOutcome[];
}

/** Batch results: `entries` of {".tag": "success", metadata | success} or {".tag": "failure", failure}. */
function batchEntries(complete: IDataObject): EntryOutcome[] {
	return ((complete.entries as IDataObject[] | undefined) ?? []).map((entry) => {
		if (entry['.tag'] !== 'success') return { ok: false, failure: (entry.failure as IDataObject | undefined) ?? entry };
		// Relocation batches carry the metadata as `success`, the others as `metadata`.
		return { ok: true, metadata: ((entry.metadata ?? entry.success) as IDataObject | undefined) ?? {} };
	});
}

/** Upload session batch results: a success entry is the file's metadata itself, inlined beside the tag. */
export function finishBatchEntries(complete: IDataObject): EntryOutcome[] {
	return ((complete.entries as IDataObject[] | undefined) ?? []).map((entry) => {
		if (entry['.tag'] !== 'success') return { ok: false, failure: (entry.failure as IDataObject | undefined) ?? entry };
		const metadata = { ...entry };
		delete metadata['.tag'];
		return { ok: true, metadata };
	});
}

/** A job about one thing whose complete answer is that thing's metadata beside the union tag. */
function single(complete: IDataObject): EntryOutcome[] {
	const metadata = { ...complete };
	delete metadata['.tag'];
	return [{ ok: true, metadata }];
}

/** Every job kind the node knows; a new kind is one line here. */
export const JOB_KINDS = {
	copyBatch: { name: 'Copy Batch', checkRoute: 'files/copy_batch/check_v2', decode: batchEntries },
	createFolderBatch: { name: 'Create Folder Batch', checkRoute: 'files/create_folder_batch/check', decode: batchEntries },
	deleteBatch: { name: 'Delete Batch', checkRoute: 'files/delete_batch/check', decode: batchEntries },
	moveBatch: { name: 'Move Batch', checkRoute: 'files/move_batch/check_v2', decode: batchEntries },
	saveUrl: { name: 'Save From URL', checkRoute: 'files/save_url/check_job_status', decode: single },
	uploadFinishBatch: { name: 'Upload Many', checkRoute: 'files/upload_session/finish_batch/check', decode: finishBatchEntries },
} satisfies Record<string, JobKind>;

export type JobKindName = keyof typeof JOB_KINDS;

/** Where a job stands: done with its outcomes, or still running at Dropbox (a later check can pick it up). */
export type JobState = { status: 'complete'; entries: EntryOutcome[] } | { status: 'in_progress'; asyncJobId: string };

export interface AwaitOptions {
	/** Stop waiting after about this long (0: do not wait); the job goes on at Dropbox. Default 15 minutes. */
	timeoutMs?: number;
	itemIndex?: number;
}

/**
 * When to check a job: soon (a small batch is often done within a fraction of a second, and waiting longer would
 * make it slower than the same calls one by one), then backing off by half each time, as Dropbox advises, up to a
 * few seconds between checks: a job of 2 seconds is seen done at the 6th check (after 2.1 s), one of 15 minutes
 * at about the 230th.
 */
export const POLL_SCHEDULE = { firstMs: 100, factor: 1.5, maxMs: 4_000 } as const;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** A launch or check answer as complete (the raw answer) or in progress; a failed job is a NodeApiError. */
function read(node: INode, checkRoute: string, answer: IDataObject, itemIndex?: number): IDataObject | 'in_progress' {
	const tag = answer['.tag'];
	if (tag === 'complete') return answer;
	if (tag === 'async_job_id' || tag === 'in_progress') return 'in_progress';
	// The summary is the tag chain of the job status, e.g. failed/too_many_write_operations.
	const error = dropboxApiError(node, checkRoute, undefined, { status: 409, headers: {}, body: { error: answer } }, { itemIndex });
	error.context.jobFailed = true;
	throw error;
}

/** Whether an error says that Dropbox ran the job and it failed as a whole (not that asking about it failed). */
export function isJobFailed(error: unknown): boolean {
	return (error as { context?: IDataObject } | undefined)?.context?.jobFailed === true;
}

/** Polls until complete, backing off; the raw complete answer, or the job ID when waiting ran out. */
async function poll(
	dropbox: Pick<DropboxClient, 'rpc'>,
	node: INode,
	checkRoute: string,
	launched: IDataObject,
	{ timeoutMs = DEFAULT_TIMEOUT_MS, itemIndex }: AwaitOptions,
): Promise<{ complete: IDataObject } | { asyncJobId: string }> {
	const asyncJobId = String(launched.async_job_id ?? '');
	let answer = read(node, checkRoute, launched, itemIndex);
	let waited = 0;
	const { firstMs, factor, maxMs } = POLL_SCHEDULE;
	for (let delay: number = firstMs; answer === 'in_progress'; delay = Math.min(Math.round(delay * factor), maxMs)) {
		if (waited >= timeoutMs) return { asyncJobId };
		const pause = Math.min(delay, timeoutMs - waited);
		await sleep(pause);
		waited += pause;
		answer = read(node, checkRoute, await dropbox.rpc<IDataObject>(checkRoute, { async_job_id: asyncJobId }), itemIndex);
	}
	return { complete: answer };
}

/**
 * Waits for a launched job of a kind: its per-entry outcomes, or `in_progress` with its async_job_id when
 * waiting ran out first (nothing is lost: Get Job Status picks it up later).
 */
export async function awaitJob(
	dropbox: Pick<DropboxClient, 'rpc'>,
	node: INode,
	kind: JobKind,
	launched: IDataObject,
	options: AwaitOptions = {},
): Promise<JobState> {
	const found = await poll(dropbox, node, kind.checkRoute, launched, options);
	return 'complete' in found ? { status: 'complete', entries: kind.decode(found.complete) } : { status: 'in_progress', asyncJobId: found.asyncJobId };
}

/** One look at a job by its ID (no waiting), for a later node or run picking the job up. */
export async function checkJob(
	dropbox: Pick<DropboxClient, 'rpc'>,
	node: INode,
	kind: JobKind,
	asyncJobId: string,
	itemIndex?: number,
): Promise<JobState> {
	const answer = read(node, kind.checkRoute, await dropbox.rpc<IDataObject>(kind.checkRoute, { async_job_id: asyncJobId }), itemIndex);
	return answer === 'in_progress' ? { status: 'in_progress', asyncJobId } : { status: 'complete', entries: kind.decode(answer) };
}
