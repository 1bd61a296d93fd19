// Builders for the workflows the e2e suite imports into n8n: a Webhook (production URL, activated through the
// public API) or a Manual Trigger (run with `n8n execute --id`) in front of a chain of Dropbox Suite nodes.
import { STAND_IN } from '../../scripts/n8n.cjs';

export const NODE_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuite';
export const TRIGGER_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuiteTrigger';
export const POLLING_TRIGGER_TYPE = 'n8n-nodes-dropbox-suite.dropboxSuitePollingTrigger';

export interface CredentialRef {
	id: string;
	name: string;
}

/** The credential `npm start` and the suite seed (all scopes); the examples reference it too. */
export const FULL_CREDENTIAL: CredentialRef = { id: STAND_IN.credentialId, name: STAND_IN.credentialName };

export interface DropboxStep {
	name: string;
	parameters: Record<string, unknown>;
	credential?: CredentialRef;
	/** Another node type than Dropbox Suite (no credential then), e.g. n8n-nodes-base.extractFromFile. */
	type?: string;
	typeVersion?: number;
	/** n8n's "Execute Once" setting: the node runs for the first input item only. */
	executeOnce?: boolean;
}

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
	webhookId?: string;
	executeOnce?: boolean;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Record<string, unknown>;
	active: false;
}

/** A stable UUID-shaped id from a text (n8n wants UUIDs for node ids and webhook ids). */
function uuidFrom(text: string): string {
	let h1 = 0x811c9dc5;
	let h2 = 0x01000193;
	for (const char of text) {
		h1 = Math.imul(h1 ^ char.charCodeAt(0), 16777619) >>> 0;
		h2 = Math.imul(h2 ^ char.charCodeAt(0), 2246822519) >>> 0;
	}
	const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function chain(workflowId: string, name: string, trigger: WorkflowNode, steps: DropboxStep[]): Workflow {
	const nodes: WorkflowNode[] = [trigger];
	steps.forEach((step, index) => {
		const credential = step.credential ?? FULL_CREDENTIAL;
		nodes.push({
			id: uuidFrom(`${workflowId}/${step.name}`),
			name: step.name,
			type: step.type ?? NODE_TYPE,
			// Dropbox Suite's version 2 (version 1 is release 0.1.0's operations, test/e2e/areas/version1.ts); other types' 1.
			typeVersion: step.typeVersion ?? (step.type ? 1 : 2),
			position: [220 * (index + 1), 0],
			parameters: step.parameters,
			...(step.type ? {} : { credentials: { [STAND_IN.credentialType]: { id: credential.id, name: credential.name } } }),
			...(step.executeOnce ? { executeOnce: true } : {}),
		});
	});
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id: workflowId, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/**
 * Webhook → steps. The webhook answers with every item of the last node (HTTP 500 when the run fails);
 * activate the workflow, then POST JSON to /webhook/<path>; expressions read the request as `$json.body`.
 */
export function webhookWorkflow(id: string, name: string, path: string, steps: DropboxStep[]): Workflow {
	const trigger: WorkflowNode = {
		id: uuidFrom(`${id}/webhook`),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		webhookId: uuidFrom(`${id}/webhook-id`),
	};
	return chain(id, name, trigger, steps);
}

/** Manual Trigger → steps, for `n8n execute --id`. */
export function manualWorkflow(id: string, name: string, steps: DropboxStep[]): Workflow {
	const trigger: WorkflowNode = {
		id: uuidFrom(`${id}/manual`),
		name: 'Manual',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return chain(id, name, trigger, steps);
}

/** A resource locator parameter by path (an expression when it starts with "="). */
export const byPath = (value: string) => ({ __rl: true, mode: 'path', value });

/** A resource locator parameter by ID ("id:..."; an expression when it starts with "="). */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Dropbox Suite Trigger (webhooks) → steps. n8n serves it at /webhook/<webhookId>/dropbox once active (GET: the
 * challenge, POST: notifications); the webhookId is fixed here so the stand-in can be told the URL.
 */
export function triggerWorkflow(
	id: string,
	name: string,
	parameters: Record<string, unknown>,
	steps: DropboxStep[] = [],
	credential: CredentialRef = FULL_CREDENTIAL,
): Workflow {
	const webhookId = uuidFrom(`${id}/trigger-webhook-id`);
	const trigger: WorkflowNode = {
		id: uuidFrom(`${id}/trigger`),
		name: 'Dropbox Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [STAND_IN.credentialType]: { id: credential.id, name: credential.name } },
		webhookId,
	};
	return chain(id, name, trigger, steps);
}

/** The webhookId of a workflow's first node that has one (its production URL is /webhook/<webhookId>/<path>). */
export function webhookIdOf(workflow: { nodes: Array<{ webhookId?: string }> }): string {
	const found = workflow.nodes.find((node) => node.webhookId)?.webhookId;
	if (!found) throw new Error('the workflow has no node with a webhookId');
	return found;
}

/** Dropbox Suite Polling Trigger → steps. */
export function pollingWorkflow(
	id: string,
	name: string,
	parameters: Record<string, unknown>,
	steps: DropboxStep[] = [],
	credential: CredentialRef = FULL_CREDENTIAL,
): Workflow {
	const trigger: WorkflowNode = {
		id: uuidFrom(`${id}/polling-trigger`),
		name: 'Dropbox Polling Trigger',
		type: POLLING_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [STAND_IN.credentialType]: { id: credential.id, name: credential.name } },
	};
	return chain(id, name, trigger, steps);
}
