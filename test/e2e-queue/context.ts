// What the queue-mode suite shares between its areas: the cluster (main, workers, webhook processors, Postgres,
// Redis), the stand-in, and helpers that call webhooks on the processors and tell which worker ran an execution.
import { sleep } from 'n8n-workflow';

import { N8nApi } from '../../scripts/n8n/api.cjs';
import type { N8nInstance, QueueCluster } from '../../scripts/n8n.cjs';
import type { StandIn } from '../emulator';
import type { Execution } from '../e2e/context';
import type { Workflow } from '../e2e/workflows';
import { changeCount, pace, readLog } from './support.cjs';

export interface QueueContext {
	cluster: QueueCluster;
	/** The main instance: REST, public API, executions. It serves no production webhooks here. */
	n8n: N8nInstance;
	standIn: StandIn;
	/** Figures for the report, printed at the end of the run (and written to QUEUE_FIGURES_FILE when set). */
	figures: Record<string, unknown>;
}

export interface QueueArea {
	credentials?: (standIn: StandIn) => object[];
	workflows?: Workflow[];
	activate?: string[];
	/** Runs once n8n is up, before the workflows are activated (e.g. the folders a trigger watches). */
	prepare?: (ctx: QueueContext) => void;
	register: (ctx: QueueContext) => void;
}

/** Change counts: at least 500 on CI; QUEUE_CHANGES makes local runs shorter (or longer). */
export const CHANGES = changeCount();
/** Pause between groups of five changes (QUEUE_PACE_MS). */
export const PACE_MS = pace();

/** POSTs to an active workflow's production webhook on a webhook processor and returns the execution the workers stored. */
export async function runOnProcessor(ctx: QueueContext, processor: number, workflowId: string, path: string, body: unknown = {}, timeoutMs = 120_000) {
	const before = await ctx.n8n.latestExecutionId(workflowId);
	const api = new N8nApi(ctx.cluster.webhookProcessors[processor].url);
	const response = await api.callWebhook(path, { body });
	const execution = (await ctx.n8n.waitForExecution(workflowId, before, timeoutMs)) as Execution;
	return { status: response.status, body: response.body as unknown, execution };
}

/** Which worker's log names the execution (n8n's workers log the executions they start). */
export function workerOf(ctx: QueueContext, executionId: string | number): string | undefined {
	const pattern = new RegExp(`execution ${executionId}\\b`);
	return ctx.cluster.workers.find((worker) => pattern.test(readLog(worker.logFile)))?.name;
}

/** Waits until `ready()` holds, checking every 100 ms. */
export async function until(ready: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(100);
	}
}
