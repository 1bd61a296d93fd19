export type DropboxHost = 'api' | 'content' | 'notify';
export type RequestStyle = 'rpc' | 'upload' | 'download';

/** One row of Dropbox's route table (see routes.generated.ts). */
export interface RouteInfo {
	host: DropboxHost;
	style: RequestStyle;
	/** 'user', 'team', 'app', 'app, user' or 'noauth', as in the Stone spec. */
	auth: string;
	scope: string | null;
	argKind: 'struct' | 'union' | 'void';
	/** Set when a team admin may call the route with Dropbox-API-Select-Admin. */
	selectAdmin?: 'team_admin' | 'whole_team';
	/**
	 * Set for writes that must not be sent twice blindly (creates, copies, moves, deletes, shares, job
	 * launches): after an ambiguous failure the client reconciles instead of retrying (see client.ts).
	 */
	unsafeToRepeat?: true;
	deprecated?: true;
	preview?: true;
}

/** Value of the Dropbox-API-Path-Root header. */
export type PathRoot =
	| { '.tag': 'home' }
	| { '.tag': 'root'; root: string }
	| { '.tag': 'namespace_id'; namespace_id: string };

/** Who a team-linked token acts as, and which namespace paths are relative to. */
export interface TeamContext {
	selectUser?: string;
	selectAdmin?: string;
	/** 'teamSpace' is resolved to the member's root namespace on first use. */
	pathRoot?: PathRoot | 'teamSpace';
}

export interface RetryPolicy {
	/** Attempts in all, the first one included. */
	maxAttempts: number;
	/** The longest the client may wait between attempts, added up, before it gives up. */
	maxWaitMs: number;
}

/** A readable byte stream, described structurally (nodes may not import 'stream'). */
export type ByteStream = AsyncIterable<Buffer> & { pipe?: unknown };

export interface DownloadResult<T> {
	result: T;
	body: ByteStream;
}
