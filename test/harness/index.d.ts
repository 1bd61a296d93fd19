/**
 * Types of the test harness (./index.js, plain CommonJS): run one node through n8n-core's real
 * execution engine. See index.js and its modules for how each piece works.
 */
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWebhookResponseData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
	sleep,
} from 'n8n-workflow';

/** The type name of the start node that hands the input items to the node under test. */
export declare const START_NODE_TYPE: 'harness.start';

/** A credential in the harness's store. */
export interface StoredCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

export interface RunNodeOptions {
	/** The node under test (and any other type it needs), as `{ name: '<package>.<node>', type }`. */
	nodeTypes: Array<{ name: string; type: INodeType | IVersionedNodeType }>;
	/** Credential types; n8n's generic 'oAuth2Api' parent is always known. */
	credentialTypes: ICredentialType[];
	node: {
		type: string;
		parameters: INodeParameters;
		credentials?: Record<string, { id: string; name: string }>;
		continueOnFail?: boolean;
		/** Default: the type's latest version. */
		typeVersion?: number;
	};
	/** The credential store, keyed by credential id. Copied: the caller's objects are not changed. */
	credentials?: Record<string, StoredCredential>;
	/** Input items of the node; default [{ json: {} }]. */
	items?: INodeExecutionData[];
	/** Execution mode; default 'manual' (a run started from the editor). */
	mode?: WorkflowExecuteMode;
}

export interface RunNodeResult {
	/** The node's first output. */
	items: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	/**
	 * The error the node's execute() threw, as thrown: the NodeApiError / NodeOperationError
	 * instance (a plain Error only if the node breaks the rethrow rule). n8n itself keeps only a
	 * plain-object copy of it (in `run`). Set whenever execute() threw, also with continueOnFail
	 * (where n8n then passes the input items through unchanged).
	 */
	error?: ExecutionBaseError;
	/** The store after the run, keyed by credential id (shows refreshed oauthTokenData). */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Waits asked of a mocked sleep during this run (see mockSleep). */
	sleeps: number[];
	/** n8n's full run data, as WorkflowExecute returned it. */
	run: IRun;
	/** Reads a binary property (default 'data') of an output item through BinaryDataService. */
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
}

/**
 * Runs the node as the second node of a workflow (after a start node handing over `items`) through
 * n8n-core's WorkflowExecute. Resolves also when the node fails: see RunNodeResult.error.
 */
export declare function runNode(options: RunNodeOptions): Promise<RunNodeResult>;

/**
 * An input item whose binary property 'data' is stored in BinaryDataService (filesystem mode), as
 * n8n 2.x stores binaries: with an `id`, so getBinaryStream / getBinaryMetadata work on it.
 * Default MIME type: application/octet-stream.
 */
export declare function binaryItem(
	content: Buffer | string,
	fileName: string,
	mimeType?: string,
): Promise<INodeExecutionData>;

/** Like binaryItem, but streams the content from a file: for big files. Default name: the file's. */
export declare function binaryItemFromFile(
	filePath: string,
	fileName?: string,
	mimeType?: string,
): Promise<INodeExecutionData>;

/**
 * Records the waits asked of n8n-workflow's `sleep` (by the node or by n8n-core) and makes them
 * instant. Call once at the top of a test file (module scope or beforeAll). Idempotent; reinstalls
 * itself after jest.restoreAllMocks(). Returns the jest spy.
 */
export declare function mockSleep(): jest.SpyInstance<
	ReturnType<typeof sleep>,
	Parameters<typeof sleep>
>;

/** The ms values asked of sleep since the last resetSleepCalls(). */
export declare function sleepCalls(): number[];

export declare function resetSleepCalls(): void;

/**
 * Makes every TLS client in this process also trust `caPem` (system roots stay trusted). Returns
 * the undo function: call it in afterAll.
 */
export declare function trustTestCa(caPem: string): () => void;

/**
 * Sends n8n's HTTPS requests through `proxyUrl` (HTTPS_PROXY; NO_PROXY entries exempting Dropbox
 * are dropped meanwhile). Returns the function that restores the environment.
 */
export declare function withDropboxProxy(proxyUrl: string): () => void;

export interface TestCertificates {
	/** The temp dir holding ca.pem, server-key.pem and server.pem; remove it when done. */
	dir: string;
	caCert: string;
	serverKey: string;
	serverCert: string;
}

/** A throwaway CA and a server certificate for `hostnames` signed by it, made with openssl. */
export declare function makeTestCertificates(hostnames: string[]): TestCertificates;

/**
 * n8n's built-in generic OAuth2 credential (n8n-nodes-base OAuth2Api), reduced to the fields the
 * runtime reads; always known to runNode, so credential types can extend 'oAuth2Api'.
 */
export declare class OAuth2Api implements ICredentialType {
	name: string;
	displayName: string;
	genericAuth: boolean;
	properties: INodeProperties[];
}

export interface TriggerWorkflowOptions {
	/** The trigger node type (an instance; see requireFresh for one with fresh module state). */
	nodeType: INodeType | IVersionedNodeType;
	/** Its full type name, '<package>.<node>'. */
	nodeTypeName: string;
	parameters: INodeParameters;
	/** Credential types; n8n's generic 'oAuth2Api' parent is always known. */
	credentialTypes: ICredentialType[];
	/** The credential store, keyed by credential id (copied). The node uses the first of each type. */
	credentials?: Record<string, StoredCredential>;
	/** The node's credentials, when not derived from `credentials`. */
	nodeCredentials?: INodeCredentials;
	/** The workflow's whole static data as saved (e.g. `savedStaticData()` of another run); default {}. */
	staticData?: IDataObject;
	/** Default: a new id per workflow (node static data and in-process locks are per workflow + node). */
	workflowId?: string;
	nodeId?: string;
	nodeName?: string;
	webhookId?: string;
	typeVersion?: number;
	/** Internal (restart): the credential store to share instead of copying `credentials`. */
	sharedCredentialStore?: Record<string, StoredCredential>;
}

/** A webhook call as n8n's webhook server hands it over. */
export interface WebhookCall {
	/** The webhook description's name ('setup', 'default', ...). */
	name: string;
	/** Must match the webhook's httpMethod; default: that method. */
	method?: string;
	/** Header names are lower-cased, as node's http server does. */
	headers?: Record<string, string | undefined>;
	query?: Record<string, string>;
	/** The body as received (n8n keeps it as `rawBody`); JSON bodies are also parsed into `body`. */
	rawBody?: Buffer;
}

export interface WebhookCallResult {
	/** The HTTP answer: what the node sent through getResponseObject(), or n8n's own answer. */
	status: number;
	/** Lower-case names. A string sent with express's send() gets `; charset=utf-8`, as in express. */
	headers: Record<string, string>;
	/** A string (send), a Buffer, or the value given to json() (n8n's own answers are JSON). */
	body: unknown;
	/** What webhook() returned; undefined if it threw. */
	result: IWebhookResponseData | undefined;
	/** What webhook() threw (n8n answers 500 and saves no static data then). */
	error?: Error;
	/**
	 * Epoch ms when the HTTP answer was complete: when the node ended it through getResponseObject(), else
	 * when n8n answered, after webhook() returned. Compare with the stand-in's request times (`at`).
	 */
	answeredAt: number;
	/** Epoch ms when webhook() returned or threw. */
	returnedAt: number;
}

export interface PollResult {
	/** What poll() returned (null: nothing new). */
	result: INodeExecutionData[][] | null;
	/** The first output of what was emitted ([] when nothing). */
	items: INodeExecutionData[];
	/** What poll() threw, as n8n's __emitError received it (trigger mode; manual mode rethrows). */
	error?: Error;
	/** The node's static data after the poll, as this poll's workflow holds it. */
	staticData: IDataObject;
}

/** One emit() of an active trigger() node: n8n saved the static data, then started an execution with the items. */
export interface TriggerEmission {
	/** Epoch ms of the emit. */
	at: number;
	/** The first output. */
	items: INodeExecutionData[];
	/** The workflow's whole static data as saved by this emit. */
	savedStaticData: IDataObject;
}

/** An error an active trigger() node reported. */
export interface TriggerFailure {
	at: number;
	error: Error;
	/** saveFailedExecution: a failed execution, the trigger stays active; emitError: n8n deactivates it (and retries). */
	kind: 'saveFailedExecution' | 'emitError';
}

export interface TriggerWorkflow {
	workflowId: string;
	nodeName: string;
	/**
	 * Runs one webhookMethods.<webhookName>.<method> (default webhook 'default') with n8n-core's
	 * HookContext on a workflow loaded from the saved row, then saves its static data if changed.
	 */
	hook(
		method: 'checkExists' | 'create' | 'delete',
		options?: { webhookName?: string; activation?: WorkflowActivateMode },
	): Promise<boolean>;
	/**
	 * n8n's activation (default 'activate'; 'init' is n8n starting up with the workflow active): for
	 * every webhook with methods, checkExists then create if it said false; a polling node is polled once
	 * at once (errors thrown, as they fail an activation) and kept in memory for poll(); a trigger() node's
	 * trigger function runs (n8n-core TriggerContext, mode 'trigger'; errors thrown) and stays active until
	 * deactivate(); then the static data is saved.
	 */
	activate(activation?: WorkflowActivateMode): Promise<{
		webhooks: Record<string, 'existed' | 'created'>;
		/** The activation's first poll (polling nodes). */
		poll?: PollResult;
	}>;
	/**
	 * n8n's deactivation (also what n8n does to its triggers when it shuts down): delete for every webhook with
	 * methods, saved; an active trigger() node's closeFunction, awaited, with nothing saved.
	 */
	deactivate(): Promise<void>;
	/**
	 * A manual run of a trigger() node, as the editor's "listen for event" runs it (WorkflowExecute): the trigger
	 * function in mode 'manual' on a copy of the saved row, its manualTriggerFunction, then the first emit's
	 * items; the closeFunction is called when that is over (also on failure). Nothing is saved.
	 */
	manualTrigger(): Promise<{ items: INodeExecutionData[] }>;
	/** Every emit of the active trigger() node so far, oldest first. */
	emissions(): TriggerEmission[];
	/** Resolves with the next emit of the active trigger() node; rejects after `timeoutMs` (default 10 s). */
	nextEmission(timeoutMs?: number): Promise<TriggerEmission>;
	/** Errors the active trigger() node reported through saveFailedExecution or emitError, oldest first. */
	failures(): TriggerFailure[];
	/** Whether a trigger() node is active (activated, not deactivated nor failed through emitError). */
	isTriggerActive(): boolean;
	/**
	 * A production webhook call (n8n-core's WebhookContext, mode 'webhook') on a workflow freshly loaded
	 * from the saved row; the static data is written back afterwards if it changed. Calls in flight at
	 * once each start from the same row; the last one to finish writes last.
	 */
	webhook(call: WebhookCall): Promise<WebhookCallResult>;
	/**
	 * One poll (n8n-core's PollContext through TriggersAndPollers, as PollTriggerExecutor runs it).
	 * 'trigger' (default): a poll time of the activated workflow, kept in memory between polls; its
	 * static data is saved when the poll emits; errors go to `error`. 'manual': a test run on a fresh
	 * copy of the saved row; nothing saved; errors thrown.
	 */
	poll(mode?: 'trigger' | 'manual'): Promise<PollResult>;
	/** The node's static data as the workflow holds it now (polls, trigger(): in memory; webhooks: as saved). */
	staticData(): IDataObject;
	/** The workflow's whole static data as saved in the "database" (JSON). */
	savedStaticData(): IDataObject;
	/** Changes the node's parameters (an edited, re-saved workflow); static data stays. */
	setParameters(parameters: INodeParameters): void;
	/** The credential store now, keyed by id (shows refreshed tokens). */
	credentials(): Record<string, ICredentialDataDecryptedObject>;
	/**
	 * An n8n restart: a new workflow with the same ids, parameters and credential store, from the saved
	 * static data only (in-memory poll state is lost). Pass a node type loaded with requireFresh to
	 * also drop the node's module-level state. An active trigger() node must be deactivate()d first, as n8n
	 * closes its triggers when it shuts down; then activate('init') the new one.
	 */
	restart(options?: { nodeType?: INodeType | IVersionedNodeType }): TriggerWorkflow;
}

/** Builds a one-node workflow around a trigger node, run with n8n-core's own contexts. */
export declare function createTriggerWorkflow(options: TriggerWorkflowOptions): TriggerWorkflow;

/**
 * Loads a module of this repository (path from the repository root, e.g.
 * 'nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node') in a fresh module registry, as a restarted
 * process would. `shared` modules (default ['n8n-workflow']) stay the instances the test already uses.
 */
export declare function requireFresh<T = Record<string, unknown>>(fromRepoRoot: string, shared?: string[]): T;
