import type { DropboxFailure } from './errors';
import { isWriteContention } from './errors';
import type { RetryPolicy } from './types';

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, maxWaitMs: 120_000 };

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 30_000;

function retryAfterMs(failure: DropboxFailure): number | undefined {
	const header = failure.headers['retry-after'] ?? failure.headers['Retry-After'];
	const fromHeader = Number(Array.isArray(header) ? header[0] : header);
	if (Number.isFinite(fromHeader) && fromHeader >= 0 && header !== undefined && header !== '') return fromHeader * 1000;
	const body = failure.body as { error?: { retry_after?: number }; retry_after?: number } | undefined;
	const fromBody = Number(body?.error?.retry_after ?? body?.retry_after);
	return Number.isFinite(fromBody) && fromBody >= 0 ? fromBody * 1000 : undefined;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so parallel clients spread out. */
function backoffMs(attempt: number, random: () => number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Network failures where the request cannot have reached Dropbox. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Dropbox says the request was not carried out: a rate limit, write contention in the namespace, a 503 that
 * asks to come back later (Retry-After), or a connection that never opened. Safe to send again, whatever the route.
 */
export function wasNotApplied(failure: DropboxFailure): boolean {
	const { status } = failure;
	if (status === undefined) return failure.code !== undefined && NOT_SENT_CODES.has(failure.code);
	if (status === 429) return true;
	if (status === 503) return retryAfterMs(failure) !== undefined;
	return status === 409 && isWriteContention(failure.body);
}

/**
 * The request may or may not have been carried out: the connection was lost after it was sent, or a 5xx said
 * nothing more. Only routes that are safe to repeat are sent again; the others reconcile (see client.ts).
 */
export function isAmbiguous(failure: DropboxFailure): boolean {
	if (wasNotApplied(failure)) return false;
	return failure.status === undefined ? failure.code !== undefined : failure.status >= 500;
}

/** Whether trying again can help: Dropbox asked for it, or the outcome is unknown. */
export function isTransient(failure: DropboxFailure): boolean {
	return wasNotApplied(failure) || isAmbiguous(failure);
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined to give up. Rate limits wait exactly what
 * Dropbox's Retry-After asks (retrying sooner counts against the limit again); the rest back off.
 */
export function retryDelay(
	failure: DropboxFailure,
	attempt: number,
	waitedMs: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (!isTransient(failure) || attempt >= policy.maxAttempts) return undefined;
	const asked = retryAfterMs(failure);
	const delay = asked ?? backoffMs(attempt, random);
	return waitedMs + delay > policy.maxWaitMs ? undefined : delay;
}
