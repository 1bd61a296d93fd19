// The changes both trigger areas watch, and how their executions are counted: events per file and per key, in the
// trigger's output and after a Remove Duplicates node on `key`.
import type { Execution } from '../e2e/context';
import type { QueueContext } from './context';

export const WATCHED = '/Queue/Watched';

/** Both triggers watch WATCHED: it must exist when they are activated. */
export function prepareWatched(ctx: QueueContext): void {
	ctx.standIn.store.ensureFolder(ctx.standIn.store.personal().home_namespace_id, WATCHED);
}

/** The files made in WATCHED (one change each), filled in by the webhook trigger area. */
export const made: Array<{ path: string; id: string; rev: string }> = [];

/** Every execution of a workflow with its data (public API, page by page). */
export async function allExecutions(ctx: QueueContext, workflowId: string): Promise<Execution[]> {
	const all: Execution[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '100', ...(cursor ? { cursor } : {}) });
		const page = (await ctx.n8n.api('GET', `/executions?${query}`)) as { data: Execution[]; nextCursor?: string | null };
		all.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return all;
}

/** The items a node put out in an execution (every run, first output); none when it did not run. */
export function itemsOf(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main[0] ?? []).map((item) => item.json));
}

export interface Tally {
	events: number;
	/** Files made that no event names. */
	lost: number;
	/** Events beyond the first for a file. */
	duplicates: number;
	/** Keys seen more than once (events beyond the first per key). */
	duplicateKeys: number;
	/** Files named more than once. */
	filesRepeated: number;
	/** Files whose events carry more than one key (then a Remove Duplicates node on `key` could not catch the repeat). */
	filesWithSeveralKeys: number;
}

/** Counts the events that name the files made, per file (path) and per key. */
export function tally(events: Array<Record<string, unknown>>): Tally {
	const perFile = new Map<string, number>();
	const perKey = new Map<string, number>();
	const keysPerFile = new Map<string, Set<string>>();
	for (const event of events) {
		const path = String(event.path ?? '');
		perFile.set(path, (perFile.get(path) ?? 0) + 1);
		perKey.set(String(event.key), (perKey.get(String(event.key)) ?? 0) + 1);
		keysPerFile.set(path, (keysPerFile.get(path) ?? new Set<string>()).add(String(event.key)));
	}
	const wanted = made.map((file) => perFile.get(file.path) ?? 0);
	return {
		events: events.length,
		lost: wanted.filter((count) => count === 0).length,
		duplicates: wanted.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
		duplicateKeys: [...perKey.values()].reduce((sum, count) => sum + count - 1, 0),
		filesRepeated: wanted.filter((count) => count > 1).length,
		filesWithSeveralKeys: made.filter((file) => (keysPerFile.get(file.path)?.size ?? 0) > 1).length,
	};
}
