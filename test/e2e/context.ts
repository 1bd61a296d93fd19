// What the e2e suite shares between its areas: one n8n (with the package installed), the in-process Dropbox
// stand-in it talks to through the proxy, and helpers that run workflows and read n8n's executions back.
// Each area (test/e2e/areas/*.ts) declares the credentials and workflows it needs and registers its tests;
// suite.test.ts starts everything once for all areas.
import type { N8nInstance } from '../../scripts/n8n.cjs';
import type { StandIn } from '../emulator';
import type { Workflow } from './workflows';

export interface E2eContext {
	n8n: N8nInstance;
	standIn: StandIn;
}

export interface E2eArea {
	/** Credentials to import (n8n export format, plaintext data), made with the stand-in's tokens. */
	credentials?: (standIn: StandIn) => object[];
	/** Workflows to import. */
	workflows?: Workflow[];
	/** Workflows to activate through the public API once n8n runs (webhook and trigger workflows). */
	activate?: string[];
	/** Registers the area's describe()/test() blocks; `ctx` is filled in by the time tests run. */
	register: (ctx: E2eContext) => void;
}

/** A run of one workflow as n8n stored it. */
export interface Execution {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
			error?: { message?: string; description?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
	[key: string]: unknown;
}

/** The JSON of the items a node put out (first run, first output). */
export function output(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) throw new Error(`Node "${nodeName}" did not run in execution ${execution.id}`);
	return (runs[0].data?.main[0] ?? []).map((item) => item.json);
}

/** Everything n8n says about a failed run: the execution's error message and description. */
export function errorText(execution: Execution): string {
	const error = execution.data.resultData.error ?? {};
	return [error.message, error.description].filter(Boolean).join('\n');
}

/** POSTs to an active workflow's webhook and returns n8n's answer and the execution it stored. */
export async function runWebhook(
	ctx: E2eContext,
	workflowId: string,
	path: string,
	body: unknown = {},
): Promise<{ status: number; body: unknown; execution: Execution }> {
	const before = await ctx.n8n.latestExecutionId(workflowId);
	const response = await ctx.n8n.callWebhook(path, { body });
	const execution = (await ctx.n8n.waitForExecution(workflowId, before)) as Execution;
	return { status: response.status, body: response.body, execution };
}

/** Runs a Manual Trigger workflow with `n8n execute --id` and returns the execution n8n stored. */
export async function runCli(ctx: E2eContext, workflowId: string): Promise<Execution> {
	return (await ctx.n8n.execute(workflowId)) as Execution;
}

/** Runs a Manual Trigger workflow in the server, as the editor's "Execute workflow" does. */
export async function runInEditor(ctx: E2eContext, workflowId: string): Promise<Execution> {
	return (await ctx.n8n.runManually(workflowId)) as Execution;
}

/** Stand-in requests to a route (route ids like "users/get_current_account", or "oauth2/token"). */
export function requestsTo(ctx: E2eContext, route: string) {
	return ctx.standIn.requests.filter((request) => request.route === route);
}
