// What every Batch operation shares: all input items become entries of Dropbox batch calls (up to 1,000
// entries a call, one call per distinct per-item setting), each call's async job is awaited, and every input
// item gets its own entry's outcome back with a `status`: success, failed, in_progress (waiting ran out; the
// job's ID is given) or unknown (the launch's answer was lost and looking could not tell, or asking about the
// job failed; what to check is said). Once anything is launched, nothing is thrown: no outcome is lost.
import type { IDataObject, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { DropboxClient } from '../../../shared/client';
import { applied } from '../../../shared/client';
import { dropboxApiError, rethrow } from '../../../shared/errors';
import type { EntryOutcome, JobKind, JobKindName, JobState } from '../../../shared/jobs';
import { JOB_KINDS, awaitJob, isJobFailed } from '../../../shared/jobs';
import type { OperationContext, OperationDefinition } from '../types';

/** Dropbox takes at most 1,000 entries in one batch call. */
export const BATCH_SIZE = 1000;

/** Looking up at most this many entries at once after a lost launch answer. */
const LOOKUPS_AT_ONCE = 8;

const DEFAULT_WAIT_SECONDS = 900;

export interface BatchKind {
	operation: string;
	name: string;
	action: string;
	description: string;
	launchRoute: string;
	/** A kind of JOB_KINDS, or a kind kept local to its resource (see sharedFolder/common.ts for why). */
	job: JobKindName | JobKind;
	/** Entries one call takes (default BATCH_SIZE; team/members/add takes 20). */
	batchSize?: number;
	/** The routes `done` may call (default files/get_metadata). */
	lookupRoutes?: string[];
	/** Where a job still running is picked up later, named in the wait option (default File → Get Job Status). */
	pickUp?: string;
	/** The operation's own parameters (the notice and the wait option are added). */
	properties: INodeProperties[];
	/** One Dropbox entry from one input item; bad input throws, naming the parameter. */
	entry(ctx: OperationContext): IDataObject;
	/** Settings of the batch call that come from each item (Autorename): items that differ go in separate calls. */
	settings?(ctx: OperationContext): IDataObject;
	/** The launch argument for entries that share settings. */
	arg(entries: IDataObject[], settings: IDataObject): IDataObject;
	/**
	 * After a launch whose answer was lost: the entry's metadata when Dropbox shows its work done, or undefined
	 * when that cannot be told. Never launches anything.
	 */
	done(dropbox: DropboxClient, entry: IDataObject, settings: IDataObject): Promise<IDataObject | undefined>;
	/** What the user should look at when an entry's outcome cannot be told. */
	whatToCheck(entry: IDataObject): string;
}

/** One entry's outcome: the job's, or found by looking after a lost answer, or still running. */
export type Outcome =
	| EntryOutcome
	| { ok: true; metadata: IDataObject; reconciled: true }
	| { ok: 'unknown'; why: string; whatToCheck: string; asyncJobId?: string; jobIndex?: number }
	| { ok: 'in_progress'; asyncJobId: string; jobIndex: number }
	| { ok: 'call_failed'; error: Error & { description?: string | null } };

/** An outcome as its output item; `entry` says what the item was about. */
export function outcomeItem(node: INode, route: string, entry: IDataObject, outcome: Outcome, itemIndex: number): INodeExecutionData[] {
	let json: IDataObject;
	switch (outcome.ok) {
		case true:
			json = { success: true, status: 'success', ...entry, ...outcome.metadata, ...('reconciled' in outcome && { reconciled: true }) };
			break;
		case false: {
			const error = dropboxApiError(node, route, entry, { status: 409, headers: {}, body: { error: outcome.failure } }, { itemIndex });
			json = { success: false, status: 'failed', ...entry, error: error.message, description: error.description ?? null, failure: outcome.failure };
			break;
		}
		case 'call_failed':
			json = { success: false, status: 'failed', ...entry, error: outcome.error.message, description: outcome.error.description ?? null };
			break;
		case 'in_progress':
			json = { status: 'in_progress', ...entry, async_job_id: outcome.asyncJobId, job_index: outcome.jobIndex };
			break;
		case 'unknown':
			json = {
				status: 'unknown',
				...entry,
				...(outcome.asyncJobId && { async_job_id: outcome.asyncJobId, job_index: outcome.jobIndex }),
				error: `Dropbox: outcome unknown (${route})`,
				description: `${outcome.why} It was not sent again, because repeating it could do the work twice. Check ${outcome.whatToCheck} before running this item again.`,
			};
			break;
	}
	return [{ json }];
}

const noticeProperty = (what: string, size: number): INodeProperties => ({
	displayName: `Each input item is one entry; all items are ${what} in Dropbox batch calls of up to ${size.toLocaleString('en-US')} entries, and each item gets its own entry's outcome`,
	name: 'batchNotice',
	type: 'notice',
	default: '',
});

const waitProperty = (pickUp = 'File → Get Job Status picks it up later.'): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Wait Up To (Seconds)',
			name: 'waitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_WAIT_SECONDS,
			description:
				`How long to wait for Dropbox to finish. If it has not by then, each item gets status "in_progress" with the job's async_job_id: ${pickUp} 0 returns the job ID at once.`,
		},
	],
});

function waitMsOf(ctx: OperationContext): number {
	const raw = ctx.param<IDataObject>('options', {}).waitSeconds ?? DEFAULT_WAIT_SECONDS;
	const seconds = Number(raw);
	if (!Number.isFinite(seconds) || seconds < 0) ctx.check.fail('Wait Up To (Seconds)', `"${String(raw)}" is not a number of seconds`, 'Give 0 or more seconds.');
	return seconds * 1000;
}

interface Planned {
	index: number;
	ctx: OperationContext;
	entry: IDataObject;
	settings: IDataObject;
	waitMs: number;
	/** Items with the same key can share a batch call. */
	key: string;
}

/** Looks at each entry after a lost launch answer, a few at a time; a look that fails counts as "cannot tell". */
async function lookAtEach(kind: BatchKind, dropbox: DropboxClient, entries: IDataObject[], settings: IDataObject): Promise<Outcome[]> {
	const outcomes: Outcome[] = new Array(entries.length);
	let next = 0;
	const worker = async () => {
		while (next < entries.length) {
			const i = next++;
			const metadata = await kind.done(dropbox, entries[i], settings).catch(() => undefined);
			outcomes[i] = metadata
				? { ok: true, metadata, reconciled: true }
				: { ok: 'unknown', why: 'The answer to the batch call was lost and Dropbox could not tell whether this entry was done.', whatToCheck: kind.whatToCheck(entries[i]) };
		}
	};
	await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, entries.length) }, worker));
	return outcomes;
}

/**
 * Launches one batch call and waits for its job; the launch is never sent twice (see the reconcile). Throws
 * only when nothing was launched; `onLaunched` is told as soon as something may have been.
 */
async function runCall(
	kind: BatchKind,
	first: OperationContext,
	entries: IDataObject[],
	settings: IDataObject,
	waitMs: number,
	onLaunched: () => void,
): Promise<Outcome[]> {
	const { fn, dropbox, itemIndex } = first;
	let looked: Outcome[] | undefined;
	const launched = await dropbox.rpc<IDataObject>(kind.launchRoute, kind.arg(entries, settings), {
		reconcile: {
			whatToCheck: `each entry of the ${kind.name} batch`,
			// Outcomes per entry; the call itself counts as applied, so it is never launched again.
			check: async () => {
				looked = await lookAtEach(kind, dropbox, entries, settings);
				return applied({});
			},
		},
	});
	onLaunched();
	if (looked) return looked;
	let state: JobState;
	try {
		state = await awaitJob(dropbox, fn.getNode(), jobKindOf(kind), launched, { timeoutMs: waitMs, itemIndex });
	} catch (error) {
		if (isJobFailed(error)) return entries.map(() => ({ ok: 'call_failed', error: error as Error }));
		// The job runs on at Dropbox; only asking about it failed.
		const asyncJobId = String(launched.async_job_id ?? '');
		const why = `The batch job was launched, then asking Dropbox about it failed (${(error as Error).message}).`;
		const whatToCheck = asyncJobId ? `the job with File → Get Job Status (Job ID ${asyncJobId})` : 'each entry in Dropbox';
		return entries.map((_, jobIndex) => ({ ok: 'unknown', why, whatToCheck, asyncJobId: asyncJobId || undefined, jobIndex }));
	}
	if (state.status === 'in_progress') return entries.map((_, jobIndex) => ({ ok: 'in_progress', asyncJobId: state.asyncJobId, jobIndex }));
	return entries.map((_, i) => state.entries[i] ?? { ok: false, failure: { '.tag': 'missing_result' } });
}

const jobKindOf = (kind: BatchKind): JobKind => (typeof kind.job === 'string' ? JOB_KINDS[kind.job] : kind.job);

export function batchOperation(kind: BatchKind, verb: string): OperationDefinition {
	const batchSize = kind.batchSize ?? BATCH_SIZE;
	return {
		operation: kind.operation,
		name: kind.name,
		action: kind.action,
		description: kind.description,
		routes: [kind.launchRoute, jobKindOf(kind).checkRoute, ...(kind.lookupRoutes ?? ['files/get_metadata'])],
		properties: [noticeProperty(verb, batchSize), ...kind.properties, waitProperty(kind.pickUp)],
		async executeBatch({ fn, items, continueOnFail }) {
			const results: Array<INodeExecutionData[] | Error> = new Array(items.length);
			// Every item is checked before anything is launched: without Continue On Fail, one bad item launches nothing.
			const planned: Planned[] = [];
			for (const [index, ctx] of items.entries()) {
				try {
					const settings = kind.settings?.(ctx) ?? {};
					const waitMs = waitMsOf(ctx);
					const entry = kind.entry(ctx);
					const key = JSON.stringify([settings, waitMs, ctx.param('requestOptions', {})]);
					planned.push({ index, ctx, entry, settings, waitMs, key });
				} catch (error) {
					if (!continueOnFail) rethrow(fn.getNode(), error);
					results[index] = error as Error;
				}
			}
			const groups = new Map<string, Planned[]>();
			for (const plan of planned) groups.set(plan.key, [...(groups.get(plan.key) ?? []), plan]);
			let launchedAny = false;
			for (const group of groups.values()) {
				for (let start = 0; start < group.length; start += batchSize) {
					const call = group.slice(start, start + batchSize);
					const { ctx: first, settings, waitMs } = call[0];
					let outcomes: Outcome[];
					try {
						outcomes = await runCall(kind, first, call.map((plan) => plan.entry), settings, waitMs, () => (launchedAny = true));
					} catch (error) {
						// The whole call failed (for example a rate limit that outlasted the retries). Before anything was
						// launched, that is the node's error; after, the outcomes already known must not be thrown away.
						if (!launchedAny && !continueOnFail) rethrow(fn.getNode(), error);
						outcomes = call.map(() => ({ ok: 'call_failed', error: error as Error }));
					}
					call.forEach((plan, position) => {
						results[plan.index] = outcomeItem(fn.getNode(), kind.launchRoute, plan.entry, outcomes[position], plan.ctx.itemIndex);
					});
				}
			}
			return results;
		},
	};
}
