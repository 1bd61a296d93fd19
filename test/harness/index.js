// @ts-check
/**
 * Run one node the way n8n runs it: n8n-core's WorkflowExecute executes a two-node Workflow
 * (a start node handing over the input items → the node under test) with n8n-core's real execution
 * context, request helpers (OAuth2 signing, refresh on 401, retry), HTTP stack (axios, env proxy)
 * and BinaryDataService. Only the credential store and the CredentialsHelper, which live in n8n's
 * CLI package, are stood in for (./credentials).
 *
 * Types of the public interface: ./index.d.ts.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { ExecutionLifecycleHooks, setBinaryDataBuffer, WorkflowExecute } = require('n8n-core');
const {
	createRunExecutionData,
	deepCopy,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
} = require('n8n-workflow');

const { CredentialTypes, HarnessCredentialsHelper, OAuth2Api } = require('./credentials');
const { additionalDataFor, binaryDataService, ensureEngine } = require('./engine');
const { makeTestCertificates, trustTestCa, withDropboxProxy } = require('./network');
const { mockSleep, resetSleepCalls, sleepCalls } = require('./sleep');
const { createTriggerWorkflow, requireFresh } = require('./trigger');

/**
 * @typedef {import('./index').RunNodeOptions} RunNodeOptions
 * @typedef {import('./index').RunNodeResult} RunNodeResult
 * @typedef {import('n8n-workflow').INode} INode
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('n8n-workflow').INodeType} INodeType
 * @typedef {import('n8n-workflow').INodeTypes} INodeTypes
 * @typedef {import('n8n-workflow').IVersionedNodeType} IVersionedNodeType
 */

const START_NODE_TYPE = 'harness.start';
const START_NODE_NAME = 'Start';
const NODE_NAME = 'Node under test';

/**
 * Stands in for the Manual Trigger. A real Manual Trigger always emits one empty item; this one
 * hands the given items (json and binary) to the node under test, like n8n's former Start node.
 * @implements {INodeType}
 */
class HarnessStart {
	/** @type {INodeType['description']} */
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Hands the test input items to the next node',
		defaults: { name: START_NODE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		return [this.getInputData()];
	}
}

/** @implements {INodeTypes} */
class NodeTypes {
	/**
	 * @param {RunNodeOptions['nodeTypes']} entries
	 * @param {(error: unknown) => void} onNodeError
	 */
	constructor(entries, onNodeError) {
		this.onNodeError = onNodeError;
		/** @type {Map<string, INodeType | IVersionedNodeType>} */
		this.types = new Map([[START_NODE_TYPE, new HarnessStart()]]);
		for (const { name, type } of entries) this.types.set(name, type);
		/** @type {Map<string, INodeType>} */
		this.wrapped = new Map();
	}

	/** @param {string} name */
	getByName(name) {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown node type "${name}" (pass it in nodeTypes)`);
		return type;
	}

	/**
	 * @param {string} name
	 * @param {number} [version]
	 * @returns {INodeType}
	 */
	getByNameAndVersion(name, version) {
		const type = NodeHelpers.getVersionedNodeType(this.getByName(name), version);
		if (name === START_NODE_TYPE || !type.execute) return type;
		const key = `${name}@${version}`;
		let wrapped = this.wrapped.get(key);
		if (!wrapped) {
			wrapped = this.recordErrors(type);
			this.wrapped.set(key, wrapped);
		}
		return wrapped;
	}

	/**
	 * WorkflowExecute keeps only a plain-object copy of a node's error; remember the instance.
	 * Object.create keeps description, methods and n8n's node-class tag reachable.
	 * @param {INodeType} type
	 * @returns {INodeType}
	 */
	recordErrors(type) {
		const execute = /** @type {Function} */ (type.execute);
		const onNodeError = this.onNodeError;
		return Object.assign(Object.create(type), {
			/** @param {unknown[]} args */
			async execute(...args) {
				try {
					return await execute.apply(this, args);
				} catch (error) {
					onNodeError(error);
					throw error;
				}
			},
		});
	}

	getKnownTypes() {
		return {};
	}
}

let executionCounter = 0;

/**
 * @param {RunNodeOptions} options
 * @returns {Promise<RunNodeResult>}
 */
async function runNode(options) {
	await ensureEngine();
	const sleepsBefore = sleepCalls().length;
	const executionId = `harness-${++executionCounter}`;

	/** @type {unknown} */
	let thrown;
	const nodeTypes = new NodeTypes(options.nodeTypes, (error) => (thrown = error));
	const credentialsHelper = new HarnessCredentialsHelper(
		new CredentialTypes(options.credentialTypes),
		deepCopy(options.credentials ?? {}),
	);

	const typeVersion =
		options.node.typeVersion ?? latestVersion(nodeTypes.getByName(options.node.type));
	/** @type {INode} */
	const startNode = {
		id: 'start',
		name: START_NODE_NAME,
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	/** @type {INode} */
	const testedNode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: options.node.type,
		typeVersion,
		position: [200, 0],
		parameters: options.node.parameters,
		credentials: options.node.credentials,
		continueOnFail: options.node.continueOnFail,
	};
	const connections = {
		[START_NODE_NAME]: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	/** @type {import('n8n-workflow').IWorkflowBase} */
	const workflowData = {
		id: 'harness-workflow',
		name: 'Harness',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [startNode, testedNode],
		connections,
		settings: { executionOrder: 'v1' },
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const mode = options.mode ?? 'manual';

	const additionalData = additionalDataFor({
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
		executionId,
		workflowId: workflowData.id,
	});

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.items ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);

	const task = run.data.resultData.runData[NODE_NAME]?.[0];
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	const engineError = task?.error ?? run.data.resultData.error;
	if (!task && engineError === undefined) {
		throw new Error(`The node did not run (execution status: ${run.status})`);
	}

	const store = credentialsHelper.store;
	return {
		items: outputs[0] ?? [],
		outputs,
		error: /** @type {any} */ (thrown ?? engineError),
		credentials: Object.fromEntries(Object.entries(store).map(([id, { data }]) => [id, data])),
		sleeps: sleepCalls().slice(sleepsBefore),
		run,
		binary: async (item, property = 'data') => {
			const binaryData = item.binary?.[property];
			if (!binaryData) throw new Error(`The item has no binary property "${property}"`);
			return await binaryDataService().getAsBuffer(binaryData);
		},
	};
}

/** @param {INodeType | IVersionedNodeType} type */
function latestVersion(type) {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * An input item whose binary property 'data' is stored in BinaryDataService (filesystem mode), as
 * n8n 2.x stores binaries: with an `id`, so getBinaryStream / getBinaryMetadata work on it.
 * @param {Buffer | string} content
 * @param {string} fileName
 * @param {string} [mimeType]
 */
async function binaryItem(content, fileName, mimeType = 'application/octet-stream') {
	return await storeBinaryItem(Buffer.from(content), fileName, mimeType);
}

/**
 * Like binaryItem, but streams the content from a file: for big files.
 * @param {string} filePath
 * @param {string} [fileName] default: the file's own name
 * @param {string} [mimeType]
 */
async function binaryItemFromFile(
	filePath,
	fileName = path.basename(filePath),
	mimeType = 'application/octet-stream',
) {
	return await storeBinaryItem(fs.createReadStream(filePath), fileName, mimeType);
}

/**
 * @param {Buffer | import('node:stream').Readable} content
 * @param {string} fileName
 * @param {string} mimeType
 * @returns {Promise<INodeExecutionData>}
 */
async function storeBinaryItem(content, fileName, mimeType) {
	await ensureEngine();
	const extension = path.extname(fileName).slice(1);
	const binary = await setBinaryDataBuffer(
		{ data: '', mimeType, fileName, ...(extension && { fileExtension: extension }) },
		content,
		'harness-workflow',
		'harness-input',
	);
	return { json: {}, binary: { data: binary } };
}

module.exports = {
	START_NODE_TYPE,
	runNode,
	binaryItem,
	binaryItemFromFile,
	mockSleep,
	sleepCalls,
	resetSleepCalls,
	trustTestCa,
	withDropboxProxy,
	makeTestCertificates,
	OAuth2Api,
	createTriggerWorkflow,
	requireFresh,
};
