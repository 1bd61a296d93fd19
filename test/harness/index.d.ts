/**
 * Types of the test harness (./index.js, plain CommonJS): run one node through n8n-core's real
 * execution engine. See index.js and its modules for how each piece works.
 */
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	IRun,
	IVersionedNodeType,
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
