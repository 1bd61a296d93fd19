// Real time without a public URL: Dropbox's files/list_folder/longpoll (notify host, no token) holds a request
// open until something changes after a cursor. One loop per watched member waits on it, reads the changes
// through the same guarded pass as the other triggers (watch.ts) when Dropbox says there are some, and honours
// Dropbox's backoff. The member loop (followMember) knows nothing of n8n's trigger API, so other runners (queue
// mode) can reuse it; followWatch is the glue for an n8n trigger() node.
import type { IDataObject, IHttpRequestOptions, ITriggerFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DropboxClient } from './client';
import { errorTags } from './errors';
import { dropboxErrorOf } from './reconcile';
import type { FeedState, Watch } from './watch';
import { MEMBER_REFRESH_MS, baseline, collectChanges, everyMember, newestCursor, teamRoster, watchFromNow } from './watch';

/** How long Dropbox holds a long-poll when nothing changes: its minimum, 30 s (it adds up to 90 s of jitter). */
export const LONGPOLL_TIMEOUT_S = 30;
const LONGPOLL_JITTER_S = 90;
/** A long-poll still unanswered this long after its timeout and Dropbox's jitter is a dead connection. */
const ANSWER_MARGIN_S = 30;

/** At most this many long-polls are open at once (team apps with many members take turns). */
export const MAX_OPEN_LONGPOLLS = 20;

/** Waits after a failure: 5 s, doubling, at most 5 minutes, so a failure is retried within minutes, never in a busy loop. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 300_000;
export const retryWaitMs = (streak: number) => Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, streak - 1));

/**
 * When Dropbox says there are changes and yet a pass leaves the cursor where it was, the next long-poll would
 * answer at once: wait 1 s, doubling up to a minute, until the cursor moves again.
 */
const STALL_FIRST_MS = 1_000;
const STALL_MAX_MS = 60_000;
const stallWaitMs = (stalls: number) => (stalls ? Math.min(STALL_MAX_MS, STALL_FIRST_MS * 2 ** (stalls - 1)) : 0);

/** How long deactivation waits for a pass that is under way to end (its requests are aborted at once). */
const CLOSE_WAIT_MS = 5_000;

export interface LongPollAnswer {
	changes: boolean;
	/** Seconds Dropbox asks to wait before the next long-poll (0 when it asks nothing). */
	backoffS: number;
	/** The cursor is no longer valid: a pass reads it and goes through its reset handling. */
	reset: boolean;
}

/**
 * One files/list_folder/longpoll: whether anything changed after `cursor`, within LONGPOLL_TIMEOUT_S plus jitter.
 * A `reset` answer is handed to a pass: assumed (Dropbox documents the tag only) that the cursor then reads as
 * reset in list_folder/continue too, so the pass reports the reset and takes a new cursor; if continue still reads
 * it, the pass simply reads what changed.
 */
export async function longPoll(dropbox: Pick<DropboxClient, 'rpc'>, cursor: string, abortSignal: AbortSignal): Promise<LongPollAnswer> {
	const timeoutMs = (LONGPOLL_TIMEOUT_S + LONGPOLL_JITTER_S + ANSWER_MARGIN_S) * 1000;
	return await dropbox
		.rpc<{ changes: boolean; backoff?: number }>('files/list_folder/longpoll', { cursor, timeout: LONGPOLL_TIMEOUT_S }, { abortSignal, timeoutMs })
		.then((answer) => ({ changes: answer.changes === true, backoffS: Math.max(0, Number(answer.backoff ?? 0) || 0), reset: false }))
		.catch(async (error: unknown) =>
			errorTags({ error: dropboxErrorOf(error) })[0] === 'reset' ? { changes: true, backoffS: 0, reset: true } : await Promise.reject(error),
		);
}

/** At most `size` holders at once; the others wait their turn, first come, first served. */
export class Slots {
	private free: number;
	private readonly waiting: Array<() => void> = [];

	constructor(size: number) {
		this.free = size;
	}

	/** Resolves with the function that gives the slot back; resolves at once (holding nothing) once `signal` aborts. */
	async acquire(signal: AbortSignal): Promise<() => void> {
		if (signal.aborted) return () => undefined;
		if (this.free > 0) {
			this.free--;
			return this.releaser();
		}
		return await new Promise((resolve) => {
			const onAbort = () => {
				this.waiting.splice(this.waiting.indexOf(turn), 1);
				resolve(() => undefined);
			};
			const turn = () => {
				signal.removeEventListener('abort', onAbort);
				resolve(this.releaser());
			};
			this.waiting.push(turn);
			signal.addEventListener('abort', onAbort, { once: true });
		});
	}

	private releaser(): () => void {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.waiting.shift();
			if (next) next();
			else this.free++;
		};
	}
}

/** One watched member's feed, as a member loop sees it. */
export interface MemberFeed {
	/** The cursor to wait on (the member's newest), or undefined when a pass has to take one first. */
	cursor(): string | undefined;
	/** Reads what changed for the member and hands it on (in n8n: collectChanges, then emit). */
	pass(): Promise<void>;
	/** A long-poll or pass failed; `streak` counts failures in a row, the next try comes after `retryInMs`. */
	failed(error: unknown, streak: number, retryInMs: number): void;
}

export interface FollowOptions {
	/** Makes the long-poll requests; needs no token (the notify host takes none). */
	dropbox: Pick<DropboxClient, 'rpc'>;
	/** Ends the loop: the open long-poll is aborted, and so is any wait. */
	signal: AbortSignal;
	/** Bounds the long-polls open at once across members. */
	slots: Slots;
}

/**
 * Follows one member until `signal` aborts: long-poll on the member's cursor → a pass when Dropbox says
 * something changed (or the cursor was reset) → Dropbox's backoff, if any, before the next long-poll. Failures
 * are reported and retried after a growing wait; nothing is thrown.
 */
export async function followMember(feed: MemberFeed, { dropbox, signal, slots }: FollowOptions): Promise<void> {
	let streak = 0;
	let stalls = 0;
	while (!signal.aborted) {
		try {
			const before = feed.cursor();
			let answer: LongPollAnswer = { changes: true, backoffS: 0, reset: false };
			if (before !== undefined) {
				const release = await slots.acquire(signal);
				try {
					if (signal.aborted) return;
					answer = await longPoll(dropbox, before, signal);
				} finally {
					release();
				}
			}
			if (answer.changes) {
				await feed.pass();
				// A pass that leaves the member without a cursor has dropped them: Dropbox no longer lets the app act
				// as them (removed from the team; or suspended before their first read, and followed again once
				// active). Waiting on nothing would only repeat that pass.
				if (feed.cursor() === undefined) return;
				stalls = feed.cursor() === before ? stalls + 1 : 0;
			}
			streak = 0;
			const waitMs = Math.max(answer.backoffS * 1000, stallWaitMs(stalls));
			if (waitMs > 0) await sleep(waitMs, signal);
		} catch (error) {
			if (signal.aborted) return;
			streak++;
			const retryInMs = retryWaitMs(streak);
			feed.failed(error, streak, retryInMs);
			await sleep(retryInMs, signal).catch(() => undefined);
		}
	}
}

/**
 * The cursors to follow, in `state`: the ones saved there while the settings stay the same (so an n8n restart
 * goes on where it was and loses no change), else new ones from now on. Returns the members.
 */
export async function startingCursors(fn: ITriggerFunctions, watch: Watch, state: FeedState): Promise<string[]> {
	if (state.key !== watch.key || !Object.keys(state.cursors ?? {}).length) watchFromNow(state, watch, await baseline(fn, watch));
	return Object.keys(state.cursors ?? {});
}

/**
 * The context as the feed sees it: every HTTP request it makes is aborted with `signal`, so deactivation also
 * stops a pass under way (a pass that fails saves nothing: its changes come with the next one). In a manual
 * run, the workflow ID differs too, so that watch.ts's per-trigger memory of the newest cursors (and its lock)
 * stays the active workflow's.
 */
function feedView(fn: ITriggerFunctions, signal: AbortSignal, manual: boolean): ITriggerFunctions {
	const view = Object.create(fn) as ITriggerFunctions;
	const helpers = fn.helpers;
	// A request's own signal (one member's loop) is kept: either ends the request.
	const abortable = (options: IHttpRequestOptions): IHttpRequestOptions => ({
		...options,
		abortSignal: options.abortSignal ? AbortSignal.any([options.abortSignal as AbortSignal, signal]) : signal,
	});
	view.helpers = {
		...helpers,
		httpRequest: async (options) => await helpers.httpRequest(abortable(options)),
		httpRequestWithAuthentication: async (type, options, extra) => await helpers.httpRequestWithAuthentication.call(fn, type, abortable(options), extra),
	};
	if (manual) view.getWorkflow = () => ({ ...fn.getWorkflow(), id: `${fn.getWorkflow().id ?? ''}:manual` });
	return view;
}

function asExecutionError(fn: ITriggerFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof Error) return new NodeOperationError(fn.getNode(), error);
	return new NodeApiError(fn.getNode(), { message: String(error) } as JsonObject);
}

export interface FollowedWatch {
	/** Resolves when every member loop has ended. */
	done: Promise<void>;
	/** Stops every loop: open long-polls and requests are aborted; waits (bounded) for them to end. */
	stop(): Promise<void>;
}

/**
 * Follows every member of a watch with long-polls from the cursors in `state` (FeedState: the trigger's static
 * data, or a throwaway object in a manual run), emitting the items of each pass that has any. Failures go to
 * `onFailure` (first of a streak) and to n8n's log (each). An active trigger that watches every member of a team
 * lists the team again every MEMBER_REFRESH_MS, as the other triggers do: a member who joined is followed from
 * their first change, a removed one is dropped.
 */
export function followWatch(
	fn: ITriggerFunctions,
	watch: Watch,
	state: FeedState,
	members: string[],
	handlers: { emit: (items: IDataObject[]) => void; onFailure: (error: NodeApiError | NodeOperationError) => void },
): FollowedWatch {
	const controller = new AbortController();
	const signal = controller.signal;
	const manual = fn.getMode() === 'manual';
	const view = feedView(fn, signal, manual);
	const options: FollowOptions = { dropbox: new DropboxClient(view), signal, slots: new Slots(MAX_OPEN_LONGPOLLS) };
	const report = (what: string, error: unknown, streak: number, retryInMs: number) => {
		const failure = asExecutionError(fn, error);
		fn.logger.warn(`Dropbox Suite long-poll for ${what} failed (${streak} in a row), trying again in ${Math.round(retryInMs / 1000)} s: ${failure.message}`, {
			workflowId: fn.getWorkflow().id,
			node: fn.getNode().name,
		});
		if (streak === 1) handlers.onFailure(failure);
	};
	const pass = async (only: string[]) => {
		const items = await collectChanges(view, watch, state, only);
		if (items.length) handlers.emit(items);
	};

	/** The member loops running, each with its own stop (a removed member's loop stops alone). */
	const loops = new Map<string, { stop: AbortController; done: Promise<void> }>();
	signal.addEventListener('abort', () => {
		for (const loop of loops.values()) loop.stop.abort();
	}, { once: true });
	const follow = (member: string) => {
		const stop = new AbortController();
		const done = followMember(
			{ cursor: () => newestCursor(state, watch, member), pass: async () => await pass([member]), failed: (error, streak, retryInMs) => report(member, error, streak, retryInMs) },
			{ ...options, signal: stop.signal },
		).finally(() => {
			if (loops.get(member)?.stop === stop) loops.delete(member);
		});
		loops.set(member, { stop, done });
	};
	for (const member of members) follow(member);

	const roster = !manual && everyMember(watch) ? followRoster() : Promise.resolve();
	async function followRoster() {
		let streak = 0;
		while (!signal.aborted) {
			await sleep(MEMBER_REFRESH_MS, signal).catch(() => undefined);
			if (signal.aborted) return;
			try {
				const listed = await teamRoster(view);
				for (const [member, status] of listed) if (status === 'active' && !loops.has(member)) follow(member);
				const removed = [...loops].filter(([member]) => !listed.has(member));
				for (const [, loop] of removed) loop.stop.abort();
				await Promise.all(removed.map(async ([, loop]) => await loop.done));
				// One pass as each removed member their own loop has not dropped yet: Dropbox refuses it, and the pass
				// drops them from the stored cursors.
				const kept = removed.map(([member]) => member).filter((member) => newestCursor(state, watch, member) !== undefined);
				if (kept.length) await pass(kept);
				streak = 0;
			} catch (error) {
				if (signal.aborted) return;
				report('the team\'s member list', error, ++streak, MEMBER_REFRESH_MS);
			}
		}
	}

	// Resolves once the roster check and every member loop, including those it started, have ended.
	const done = (async () => {
		await roster;
		while (loops.size) await Promise.all([...loops.values()].map(async (loop) => await loop.done));
	})();
	return {
		done,
		stop: async () => {
			controller.abort();
			const waited = new AbortController();
			await Promise.race([done, sleep(CLOSE_WAIT_MS, waited.signal).catch(() => undefined)]);
			waited.abort();
		},
	};
}
