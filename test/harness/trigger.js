// @ts-check
/**
 * Run a trigger node the way n8n runs one, with n8n-core's own node execution contexts:
 * - activation / deactivation: HookContext, for every webhook of the node, as n8n's WebhookService does
 *   (`checkExists`, then `create` if it said false; `delete`), then the static data is saved;
 * - a production webhook call: WebhookContext over an express-like request and a recording response,
 *   as n8n's LiveWebhooks + WebhookService.runWebhook do;
 * - a poll: PollContext, run through n8n-core's TriggersAndPollers like its PollTriggerExecutor does;
 * - a trigger() node (long-running triggers): TriggerContext through TriggersAndPollers.runTriggerFunction, as
 *   n8n's ActiveWorkflowManager / ActiveWorkflowTriggers run it (TriggerExecutionContextFactory's emit saves the
 *   static data, then starts an execution; deactivation calls the closeFunction and saves nothing), and its
 *   manual mode (manualTriggerFunction, then the first emit), as WorkflowExecute.executeTriggerNode runs it.
 * Parameters, credentials (with n8n's OAuth2 refresh), request helpers and static data are n8n's own.
 *
 * Static data follows n8n 2.41 (live-webhooks.js, workflow-static-data.service.js,
 * active-workflow-manager.js): there is a "database row" (JSON, as n8n stores it). Every hook run and
 * every webhook call builds a fresh Workflow from that row and writes the whole static data back when it
 * changed (`__dataChanged`), after the call; two calls in flight therefore start from the same row and
 * the later write wins. Polls run on one long-lived Workflow (as an activated workflow keeps it in
 * memory) and save only when they emit. Manual polls run on a copy and save nothing.
 *
 * Types of the public interface: ./index.d.ts.
 */
'use strict';

const path = require('node:path');

const { ExecutionLifecycleHooks, HookContext, PollContext, TriggerContext, TriggersAndPollers, WebhookContext } = require('n8n-core');
const { deepCopy, NodeHelpers, Workflow } = require('n8n-workflow');

const { CredentialTypes, HarnessCredentialsHelper } = require('./credentials');
const { additionalDataFor, ensureEngine } = require('./engine');

/**
 * @typedef {import('./index').TriggerWorkflowOptions} TriggerWorkflowOptions
 * @typedef {import('./index').TriggerWorkflow} TriggerWorkflow
 * @typedef {import('./index').WebhookCall} WebhookCall
 * @typedef {import('./index').WebhookCallResult} WebhookCallResult
 * @typedef {import('./index').PollResult} PollResult
 * @typedef {import('./index').TriggerEmission} TriggerEmission
 * @typedef {import('./index').TriggerFailure} TriggerFailure
 * @typedef {import('n8n-workflow').IDataObject} IDataObject
 * @typedef {import('n8n-workflow').INode} INode
 * @typedef {import('n8n-workflow').INodeType} INodeType
 * @typedef {import('n8n-workflow').IVersionedNodeType} IVersionedNodeType
 * @typedef {import('n8n-workflow').IWebhookData} IWebhookData
 * @typedef {import('n8n-workflow').IWorkflowBase} IWorkflowBase
 * @typedef {import('n8n-workflow').WorkflowExecuteMode} WorkflowExecuteMode
 * @typedef {import('n8n-workflow').INodeTypes} INodeTypes
 */

const TRIGGER_NODE_NAME = 'Trigger under test';
const WORKFLOW_ID = 'harness-trigger-workflow';

/** @implements {INodeTypes} */
class TriggerNodeTypes {
	/** @param {string} name @param {INodeType | IVersionedNodeType} type */
	constructor(name, type) {
		this.name = name;
		this.type = type;
	}

	/** @param {string} name */
	getByName(name) {
		if (name !== this.name) throw new Error(`Unknown node type "${name}"`);
		return this.type;
	}

	/** @param {string} name @param {number} [version] */
	getByNameAndVersion(name, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** @param {INodeType | IVersionedNodeType} type */
function latestVersion(type) {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** Static data as n8n stores it: JSON (the non-enumerable `__dataChanged` flags drop out). @param {unknown} data */
const asStored = (data) => /** @type {IDataObject} */ (JSON.parse(JSON.stringify(data ?? {})));

let workflowCounter = 0;

/**
 * Express's way of sending a string: a charset is added to the content type (text/html by default).
 * @param {string | undefined} type
 */
const withCharset = (type) => {
	const base = type ?? 'text/html';
	return /;\s*charset=/i.test(base) ? base : `${base}; charset=utf-8`;
};

/**
 * The parts of an express Response a node can reach through getResponseObject(), recording what was sent.
 */
class RecordingResponse {
	constructor() {
		this.statusCode = 200;
		/** @type {Record<string, string>} */
		this.headers = {};
		/** @type {unknown} */
		this.body = undefined;
		this.headersSent = false;
		this.finished = false;
		/** @type {number | undefined} epoch ms when the answer was complete */
		this.answeredAt = undefined;
		/** @type {() => void} */
		let ended = () => {};
		/** Resolves when the answer is complete. */
		this.ended = new Promise((resolve) => {
			ended = () => resolve(undefined);
		});
		this.markEnded = ended;
	}

	/** @param {number} code */
	status(code) {
		this.statusCode = code;
		return this;
	}

	/** @param {number} code */
	sendStatus(code) {
		this.statusCode = code;
		return this.send(String(code));
	}

	/** @param {string | Record<string, unknown>} field @param {unknown} [value] */
	set(field, value) {
		if (typeof field === 'object') {
			for (const [name, v] of Object.entries(field)) this.setHeader(name, v);
		} else this.setHeader(field, value);
		return this;
	}

	/** @param {string | Record<string, unknown>} field @param {unknown} [value] */
	header(field, value) {
		return this.set(field, value);
	}

	/** @param {string} name @param {unknown} value */
	setHeader(name, value) {
		if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
		this.headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		return this;
	}

	/** @param {string} name */
	getHeader(name) {
		return this.headers[name.toLowerCase()];
	}

	/** @param {string} name */
	removeHeader(name) {
		delete this.headers[name.toLowerCase()];
	}

	/** @param {string} type */
	type(type) {
		return this.setHeader('content-type', type.includes('/') ? type : `application/${type}`);
	}

	/** @param {number} code @param {Record<string, unknown>} [headers] */
	writeHead(code, headers = {}) {
		this.statusCode = code;
		for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
		return this;
	}

	/** @param {unknown} body */
	send(body) {
		if (this.finished) throw new Error('Cannot set headers after they are sent to the client');
		if (typeof body === 'string') {
			this.setHeader('content-type', withCharset(this.headers['content-type']));
			this.body = body;
		} else if (Buffer.isBuffer(body)) {
			this.headers['content-type'] ??= 'application/octet-stream';
			this.body = body;
		} else if (body === undefined || body === null) {
			this.body = '';
		} else {
			return this.json(body);
		}
		return this.end();
	}

	/** @param {unknown} body */
	json(body) {
		this.headers['content-type'] ??= 'application/json; charset=utf-8';
		this.body = body;
		return this.end();
	}

	/** @param {string | Buffer} chunk */
	write(chunk) {
		this.headersSent = true;
		this.body = Buffer.concat([Buffer.isBuffer(this.body) ? this.body : Buffer.from(String(this.body ?? '')), Buffer.from(chunk)]);
		return true;
	}

	/** @param {string | Buffer} [chunk] */
	end(chunk) {
		if (chunk !== undefined) this.write(chunk);
		this.headersSent = true;
		this.finished = true;
		this.answeredAt ??= Date.now();
		this.markEnded();
		return this;
	}
}

/**
 * @param {TriggerWorkflowOptions} options
 * @returns {TriggerWorkflow}
 */
function createTriggerWorkflow(options) {
	const nodeTypes = new TriggerNodeTypes(options.nodeTypeName, options.nodeType);
	const credentialsHelper = new HarnessCredentialsHelper(
		new CredentialTypes(options.credentialTypes),
		// Shared with restart(): the credential store outlives the process, like n8n's database.
		options.sharedCredentialStore ?? deepCopy(options.credentials ?? {}),
	);
	const workflowId = options.workflowId ?? `${WORKFLOW_ID}-${++workflowCounter}`;
	const nodeName = options.nodeName ?? TRIGGER_NODE_NAME;
	let parameters = deepCopy(options.parameters);
	const nodeCredentials =
		options.nodeCredentials ??
		Object.fromEntries(
			Object.entries(options.credentials ?? {}).map(([id, { type }]) => [type, { id, name: `Credential ${id}` }]),
		);
	/** The database row's static data (JSON). */
	let saved = asStored(options.staticData);
	/** @type {Workflow | undefined} the activated workflow polls run on */
	let pollWorkflow;
	/** @type {Workflow | undefined} the activated workflow a trigger() node runs on */
	let triggerWorkflow;
	/** @type {import('n8n-workflow').ITriggerResponse | undefined} what the active trigger() returned */
	let triggerResponse;
	/** @type {TriggerEmission[]} */
	const emissions = [];
	/** @type {TriggerFailure[]} */
	const failures = [];
	/** @type {Array<() => void>} */
	let emissionWaiters = [];
	let executionCounter = 0;

	/** @returns {INode} */
	const node = () => ({
		id: options.nodeId ?? 'trigger-node-id',
		name: nodeName,
		type: options.nodeTypeName,
		typeVersion: options.typeVersion ?? latestVersion(options.nodeType),
		position: [0, 0],
		parameters: deepCopy(parameters),
		credentials: deepCopy(nodeCredentials),
		webhookId: options.webhookId ?? 'harness-webhook-id',
	});

	/** @returns {IWorkflowBase} */
	const workflowData = () => ({
		id: workflowId,
		name: 'Harness trigger workflow',
		active: true,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node()],
		connections: {},
		settings: { executionOrder: 'v1' },
		staticData: asStored(saved),
	});

	/** A Workflow as n8n builds it from the database row. */
	const loadWorkflow = () => {
		const data = workflowData();
		return new Workflow({
			id: data.id,
			name: data.name,
			nodes: data.nodes,
			connections: data.connections,
			active: true,
			nodeTypes,
			staticData: data.staticData,
			settings: data.settings,
		});
	};

	/** WorkflowStaticDataService.saveStaticData: write back when changed. @param {Workflow} workflow */
	const saveStaticData = (workflow) => {
		if (workflow.staticData.__dataChanged === true) {
			saved = asStored(workflow.staticData);
			workflow.staticData.__dataChanged = false;
		}
	};

	/** @param {WorkflowExecuteMode} mode @returns {any} */
	const additionalData = (mode) => {
		const executionId = `${workflowId}-run-${++executionCounter}`;
		return additionalDataFor({ credentialsHelper, hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData()), executionId, workflowId });
	};

	/**
	 * The node's webhooks as n8n lists them (WebhookHelpers.getWorkflowWebhooks / getNodeWebhooks).
	 * @param {Workflow} workflow @param {any} data
	 * @returns {IWebhookData[]}
	 */
	const webhooksOf = (workflow, data) => {
		const triggerNode = /** @type {INode} */ (workflow.getNode(nodeName));
		const type = nodeTypes.getByNameAndVersion(triggerNode.type, triggerNode.typeVersion);
		return (type.description.webhooks ?? []).map((description) => {
			const webhookPath = String(description.path ?? '');
			return {
				httpMethod: /** @type {import('n8n-workflow').IHttpRequestMethods} */ (description.httpMethod),
				node: triggerNode.name,
				path: NodeHelpers.getNodeWebhookPath(workflow.id, triggerNode, webhookPath, false),
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: data,
				webhookId: triggerNode.webhookId,
			};
		});
	};

	/**
	 * WebhookService.runWebhookMethod.
	 * @param {'checkExists' | 'create' | 'delete'} method @param {Workflow} workflow @param {IWebhookData} webhookData
	 * @param {import('n8n-workflow').WorkflowActivateMode} activation
	 */
	const runWebhookMethod = async (method, workflow, webhookData, activation) => {
		const triggerNode = /** @type {INode} */ (workflow.getNode(webhookData.node));
		const type = nodeTypes.getByNameAndVersion(triggerNode.type, triggerNode.typeVersion);
		const fn = type.webhookMethods?.[webhookData.webhookDescription.name]?.[method];
		if (fn === undefined) return undefined;
		const context = new HookContext(workflow, triggerNode, webhookData.workflowExecuteAdditionalData, 'trigger', activation, webhookData);
		return /** @type {boolean} */ (await fn.call(context));
	};

	/** @type {TriggerWorkflow['hook']} */
	const hook = async (method, hookOptions = {}) => {
		await ensureEngine();
		const workflow = loadWorkflow();
		const webhookName = hookOptions.webhookName ?? 'default';
		const webhookData = webhooksOf(workflow, additionalData('trigger')).find((w) => w.webhookDescription.name === webhookName);
		if (!webhookData) throw new Error(`The node has no webhook named "${webhookName}"`);
		const result = await runWebhookMethod(method, workflow, webhookData, hookOptions.activation ?? 'activate');
		if (result === undefined) throw new Error(`The node has no webhookMethods.${webhookName}.${method}`);
		saveStaticData(workflow);
		return result;
	};

	/** @type {TriggerWorkflow['activate']} */
	const activate = async (activation = 'activate') => {
		await ensureEngine();
		const workflow = loadWorkflow();
		/** @type {Record<string, 'existed' | 'created'>} */
		const webhooks = {};
		for (const webhookData of webhooksOf(workflow, additionalData('trigger'))) {
			// WebhookService.createWebhookIfNotExists
			const exists = await runWebhookMethod('checkExists', workflow, webhookData, activation);
			if (exists === undefined) continue;
			if (!exists) await runWebhookMethod('create', workflow, webhookData, activation);
			webhooks[webhookData.webhookDescription.name] = exists ? 'existed' : 'created';
		}
		/** @type {PollResult | undefined} */
		let firstPoll;
		const triggerNode = /** @type {INode} */ (workflow.getNode(nodeName));
		if (nodeTypes.getByNameAndVersion(triggerNode.type, triggerNode.typeVersion).poll) {
			// ActiveWorkflowTriggers.activatePollTrigger: the workflow is kept for the poll times, and
			// polled once at once (as a testing trigger: a failure fails the activation).
			pollWorkflow = workflow;
			firstPoll = await runPoll(workflow, 'trigger', activation, true);
		} else pollWorkflow = undefined;
		if (nodeTypes.getByNameAndVersion(triggerNode.type, triggerNode.typeVersion).trigger) {
			// ActiveWorkflowTriggers.addTriggers: the trigger function runs once; a failure fails the activation.
			if (triggerResponse) throw new Error('The trigger is active already: deactivate() it first');
			const response = await new TriggersAndPollers().runTriggerFunction(
				workflow,
				triggerNode,
				triggerFunctions,
				additionalData('trigger'),
				'trigger',
				activation,
			);
			triggerWorkflow = workflow;
			triggerResponse = response;
		}
		// ActiveWorkflowManager saves the static data once the triggers are registered.
		saveStaticData(workflow);
		return { webhooks, ...(firstPoll && { poll: firstPoll }) };
	};

	/** @type {TriggerWorkflow['deactivate']} */
	const deactivate = async () => {
		await ensureEngine();
		const workflow = loadWorkflow();
		for (const webhookData of webhooksOf(workflow, additionalData('trigger'))) {
			await runWebhookMethod('delete', workflow, webhookData, 'update');
		}
		saveStaticData(workflow);
		pollWorkflow = undefined;
		await closeTrigger();
	};

	/**
	 * ActiveWorkflowTriggers.remove: the trigger's closeFunction; static data in memory is not saved (what the
	 * trigger changed since its last emit is lost, as in n8n).
	 */
	const closeTrigger = async () => {
		const response = triggerResponse;
		triggerResponse = undefined;
		triggerWorkflow = undefined;
		if (response?.closeFunction) await response.closeFunction();
	};

	/**
	 * TriggerExecutionContextFactory.getExecuteTriggerFunctions: emit saves the workflow's static data and starts
	 * an execution (recorded here); emitError deactivates the trigger (n8n then queues a reactivation);
	 * saveFailedExecution stores a failed execution (recorded here) and the trigger stays active.
	 * @type {(workflow: Workflow, node: INode, data: any, mode: WorkflowExecuteMode, activation: import('n8n-workflow').WorkflowActivateMode) => TriggerContext}
	 */
	const triggerFunctions = (workflow, triggerNode, data, mode, activation) =>
		new TriggerContext(
			workflow,
			triggerNode,
			data,
			mode,
			activation,
			(output) => {
				saveStaticData(workflow);
				emissions.push({ at: Date.now(), items: output[0] ?? [], savedStaticData: asStored(saved) });
				const waiters = emissionWaiters;
				emissionWaiters = [];
				for (const wake of waiters) wake();
			},
			(error) => {
				failures.push({ at: Date.now(), error, kind: 'emitError' });
				void closeTrigger();
			},
			(error) => {
				failures.push({ at: Date.now(), error, kind: 'saveFailedExecution' });
			},
		);

	/** @type {TriggerWorkflow['manualTrigger']} */
	const manualTrigger = async () => {
		await ensureEngine();
		// WorkflowExecute.executeTriggerNode in a manual run: the editor's copy of the workflow; nothing saved.
		const workflow = loadWorkflow();
		const triggerNode = /** @type {INode} */ (workflow.getNode(nodeName));
		const response = await new TriggersAndPollers().runTriggerFunction(
			workflow,
			triggerNode,
			triggerFunctions,
			additionalData('manual'),
			'manual',
			'manual',
		);
		if (!response) return { items: [] };
		try {
			if (response.manualTriggerFunction) await response.manualTriggerFunction();
			const output = await /** @type {Promise<import('n8n-workflow').INodeExecutionData[][]>} */ (response.manualTriggerResponse);
			return { items: output[0] ?? [] };
		} finally {
			// The execution ends with the node's data; n8n closes the trigger when the run is over.
			await response.closeFunction?.();
		}
	};

	/** @type {TriggerWorkflow['nextEmission']} */
	const nextEmission = async (timeoutMs = 10_000) => {
		const count = emissions.length;
		return await new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no emission within ${timeoutMs} ms`)), timeoutMs);
			emissionWaiters.push(() => {
				clearTimeout(timer);
				resolve(emissions[count]);
			});
		});
	};

	/** @type {TriggerWorkflow['webhook']} */
	const webhook = async (call) => {
		await ensureEngine();
		const workflow = loadWorkflow();
		const data = additionalData('webhook');
		const webhookData = webhooksOf(workflow, data).find((w) => w.webhookDescription.name === call.name);
		if (!webhookData) throw new Error(`The node has no webhook named "${call.name}"`);
		const method = call.method ?? webhookData.httpMethod;
		if (method !== webhookData.httpMethod) {
			throw new Error(`Webhook "${call.name}" is registered for ${webhookData.httpMethod}, not ${method}`);
		}
		const rawBody = call.rawBody ?? Buffer.alloc(0);
		/** @type {Record<string, string>} */
		const headers = {};
		for (const [name, value] of Object.entries(call.headers ?? {})) {
			if (value !== undefined) headers[name.toLowerCase()] = value;
		}
		if (rawBody.length && !headers['content-length']) headers['content-length'] = String(rawBody.length);
		/** @type {unknown} */
		let body = {};
		if (/json/i.test(headers['content-type'] ?? '') && rawBody.length) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = {};
			}
		}
		const query = call.query ?? {};
		const search = new URLSearchParams(query).toString();
		const request = {
			method,
			url: `/webhook/${webhookData.path}${search ? `?${search}` : ''}`,
			path: `/webhook/${webhookData.path}`,
			headers,
			query,
			params: {},
			body,
			rawBody,
			/** @param {string} name */
			get: (name) => headers[name.toLowerCase()],
			/** @param {string} name */
			header: (name) => headers[name.toLowerCase()],
		};
		const response = new RecordingResponse();
		data.httpRequest = request;
		data.httpResponse = response;

		const triggerNode = /** @type {INode} */ (workflow.getNode(nodeName));
		const type = nodeTypes.getByNameAndVersion(triggerNode.type, triggerNode.typeVersion);
		if (!type.webhook) throw new Error('The node has no webhook() method');
		const context = new WebhookContext(workflow, triggerNode, data, 'webhook', webhookData, [], null);
		/** @type {import('n8n-workflow').IWebhookResponseData | undefined} */
		let result;
		try {
			result = await type.webhook.call(context);
		} catch (error) {
			// n8n answers 500 and saves nothing.
			if (!response.finished) response.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			return {
				status: response.statusCode,
				headers: response.headers,
				body: response.body,
				result: undefined,
				error: /** @type {Error} */ (error),
				answeredAt: /** @type {number} */ (response.answeredAt),
				returnedAt: Date.now(),
			};
		}
		const returnedAt = Date.now();
		// What WebhookHelpers.executeWebhook answers when the node did not (responseMode onReceived). With
		// noWebhookResponse n8n leaves the response to the node, which may answer after webhook() returned.
		if (!response.finished && result.noWebhookResponse === true) {
			saveStaticData(workflow);
			await response.ended;
		}
		if (!response.finished) {
			if (result.workflowData === undefined) {
				response.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
			} else {
				response.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
			}
		}
		// LiveWebhooks' response callback saves the static data if it changed.
		saveStaticData(workflow);
		return {
			status: response.statusCode,
			headers: response.headers,
			body: response.body,
			result,
			answeredAt: /** @type {number} */ (response.answeredAt),
			returnedAt,
		};
	};

	/**
	 * One poll, as PollTriggerExecutor runs it (staging scope, emit when not null).
	 * @param {Workflow} workflow @param {'trigger' | 'manual'} mode
	 * @param {import('n8n-workflow').WorkflowActivateMode} activation @param {boolean} testing
	 * @returns {Promise<PollResult>}
	 */
	const runPoll = async (workflow, mode, activation, testing) => {
		const manual = mode === 'manual';
		const triggerNode = /** @type {INode} */ (workflow.getNode(nodeName));
		/** @type {import('n8n-workflow').INodeExecutionData[][] | null} */
		let emitted = null;
		/** @type {Error | undefined} */
		let emittedError;
		const pollFunctions = new PollContext(
			workflow,
			triggerNode,
			additionalData(mode),
			mode,
			activation,
			(data) => {
				emitted = data;
				// ActiveWorkflowManager's __emit saves the static data before it starts the execution
				// (a manual run saves none).
				if (!manual) saveStaticData(workflow);
			},
			(error) => {
				emittedError = error;
			},
		);
		/** @type {import('n8n-workflow').INodeExecutionData[][] | null} */
		let result = null;
		try {
			await pollFunctions.__runPoll(async () => {
				result = await new TriggersAndPollers().runPollFunction(workflow, triggerNode, pollFunctions);
				if (result !== null) pollFunctions.__emit(result);
				else if (!testing) await pollFunctions.__commitCursor();
			});
		} catch (error) {
			if (testing) throw error;
			pollFunctions.__emitError(/** @type {any} */ (error));
		}
		return {
			result,
			items: (emitted ?? [])[0] ?? [],
			error: emittedError,
			staticData: asStored(workflow.getStaticData('node', triggerNode)),
		};
	};

	/** @type {TriggerWorkflow['poll']} */
	const poll = async (mode = 'trigger') => {
		await ensureEngine();
		if (mode === 'manual') {
			// A manual test run: the editor's copy of the workflow, a testing trigger, nothing saved.
			return await runPoll(loadWorkflow(), 'manual', 'manual', true);
		}
		// A poll time of the activated workflow (activated now if it was not).
		pollWorkflow ??= loadWorkflow();
		return await runPoll(pollWorkflow, 'trigger', 'activate', false);
	};

	/** @type {TriggerWorkflow} */
	const handle = {
		workflowId,
		nodeName,
		hook,
		activate,
		deactivate,
		webhook,
		poll,
		manualTrigger,
		emissions: () => [...emissions],
		nextEmission,
		failures: () => [...failures],
		isTriggerActive: () => triggerResponse !== undefined,
		staticData: () => {
			const live = pollWorkflow ?? triggerWorkflow;
			return asStored(live ? live.getStaticData('node', /** @type {INode} */ (live.getNode(nodeName))) : saved[`node:${nodeName}`]);
		},
		savedStaticData: () => asStored(saved),
		setParameters: (next) => {
			parameters = deepCopy(next);
			// n8n reloads an updated workflow; an active one is re-registered from the new data.
			if (pollWorkflow) {
				saveStaticData(pollWorkflow);
				pollWorkflow = undefined;
			}
		},
		credentials: () => Object.fromEntries(Object.entries(credentialsHelper.store).map(([id, { data }]) => [id, deepCopy(data)])),
		restart: (restartOptions = {}) => {
			if (pollWorkflow) pollWorkflow = undefined; // unsaved in-memory state is lost, as in n8n
			if (triggerResponse) throw new Error('deactivate() the trigger first: n8n closes its triggers when it shuts down');
			return createTriggerWorkflow({
				...options,
				nodeType: restartOptions.nodeType ?? options.nodeType,
				parameters,
				workflowId,
				staticData: asStored(saved),
				sharedCredentialStore: credentialsHelper.store,
			});
		},
	};
	return handle;
}

/**
 * Loads a module of this repository (path from the repository root) in a fresh module registry, as a
 * restarted n8n process would: its module-level state (caches, locks) starts empty. `shared` modules
 * (default: n8n-workflow) stay the instances the rest of the test uses, so instanceof checks and
 * mockSleep keep working across the boundary.
 * @param {string} fromRepoRoot
 * @param {string[]} [shared]
 */
function requireFresh(fromRepoRoot, shared = ['n8n-workflow']) {
	const target = path.resolve(__dirname, '..', '..', fromRepoRoot);
	/** @type {Record<string, unknown>} */
	const actual = Object.fromEntries(shared.map((id) => [id, require(id)]));
	/** @type {unknown} */
	let loaded;
	jest.isolateModules(() => {
		for (const id of shared) jest.doMock(id, () => actual[id]);
		loaded = require(target);
	});
	for (const id of shared) jest.dontMock(id);
	return loaded;
}

module.exports = { createTriggerWorkflow, requireFresh, RecordingResponse, TRIGGER_NODE_NAME };
