import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { DropboxFailure } from './errors';
import { dropboxApiError, errorTags, failureOf, outcomeUnknownError } from './errors';
import { DEFAULT_RETRY, isAmbiguous, retryDelay } from './retry';
import { ROUTES } from './routes.generated';
import type { ByteStream, DownloadResult, PathRoot, RetryPolicy, RouteInfo, TeamContext } from './types';

export const CREDENTIAL_TYPE = 'dropboxSuiteOAuth2Api';

/** How long to let Dropbox finish a request whose answer was lost before looking at what it did. */
const RECONCILE_SETTLE_MS = 1_000;

export type DropboxContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions
	| IPollFunctions
	| ITriggerFunctions;

export interface ClientOptions {
	team?: TeamContext;
	retry?: RetryPolicy;
	/** Item the calls are made for, so errors point at it. */
	itemIndex?: number;
	/**
	 * Team-space root namespaces by acting member, shared by the clients of one execution so that Path Root
	 * "Team Space" is looked up once, not once per item. Without it, each client looks up its own.
	 */
	rootNamespaces?: Map<string, Promise<string>>;
}

/** What looking at Dropbox after an ambiguous failure found (see Reconcile). */
export type Reconciled<T> = { applied: true; result: T } | { applied: false } | { applied: 'unknown' };

/**
 * How an operation finds out what an unsafe call did when its answer was lost. Given to rpc/upload for routes
 * marked unsafeToRepeat; without it, an ambiguous failure of such a route is reported as "outcome unknown".
 */
export interface Reconcile<T> {
	/**
	 * Looks at Dropbox: the result if the call took effect, `applied: false` if it did not (it is then sent
	 * again), or `applied: 'unknown'`. A check that throws counts as unknown.
	 */
	check(): Promise<Reconciled<T>>;
	/** Named in the "outcome unknown" error, e.g. 'whether "/Reports/2026" exists'. */
	whatToCheck: string;
}

export interface CallOptions<T> {
	reconcile?: Reconcile<T>;
	/** Ends the request (and any retry wait) at once, e.g. a long-poll when its trigger is deactivated. */
	abortSignal?: AbortSignal;
	/** Gives up on a request with no answer after this long (a long-poll blocks for minutes by design). */
	timeoutMs?: number;
}

export const applied = <T>(result: T): Reconciled<T> => ({ applied: true, result });
export const notApplied: Reconciled<never> = { applied: false };
export const unknownOutcome: Reconciled<never> = { applied: 'unknown' };

/** JSON that is safe in an HTTP header: every character from U+007F up as \uXXXX (surrogate pairs stay pairs). */
export function headerSafeJson(value: unknown): string {
	return JSON.stringify(value ?? null).replace(
		/[\u007f-\uffff]/g,
		(c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
	);
}

/** Dropbox-API-Result is ASCII JSON with \u escapes; Node reads header bytes as latin1, so undo that if raw UTF-8 came. */
export function decodeResultHeader(value: unknown): IDataObject {
	const raw = Array.isArray(value) ? String(value[0]) : String(value ?? 'null');
	const text = /[\u0080-\uffff]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
	return JSON.parse(text) as IDataObject;
}

export function routeInfo(route: string): RouteInfo {
	const info = ROUTES[route];
	if (!info) throw new Error(`Unknown Dropbox route "${route}"`);
	return info;
}

/**
 * The only code that speaks HTTP to Dropbox. Chooses host and request style from the route table, adds the
 * team headers, retries what Dropbox calls transient, and turns every failure into a NodeApiError.
 * Authentication (and refreshing an expired token) is n8n's, through httpRequestWithAuthentication.
 */
export class DropboxClient {
	private readonly retry: RetryPolicy;
	private readonly rootNamespaces: Map<string, Promise<string>>;

	constructor(
		private readonly ctx: DropboxContext,
		private readonly options: ClientOptions = {},
	) {
		this.retry = options.retry ?? DEFAULT_RETRY;
		this.rootNamespaces = options.rootNamespaces ?? new Map();
	}

	/** An rpc-style call: JSON in, JSON out. */
	async rpc<T = IDataObject>(route: string, arg?: unknown, call: CallOptions<T> = {}): Promise<T> {
		const info = this.expectStyle(route, 'rpc');
		return (await this.send(route, info, arg, (headers) => ({
			headers: { ...headers, 'Content-Type': 'application/json' },
			body: info.argKind === 'void' ? 'null' : JSON.stringify(arg ?? {}),
			json: true,
		}), call)) as T;
	}

	/** An upload-style call: the argument in Dropbox-API-Arg, the bytes as the body (a Buffer, so a retry can resend it). */
	async upload<T = IDataObject>(route: string, arg: unknown, content: Buffer, call: CallOptions<T> = {}): Promise<T> {
		this.expectStyle(route, 'upload');
		return (await this.send(route, routeInfo(route), arg, (headers) => ({
			headers: { ...headers, 'Dropbox-API-Arg': headerSafeJson(arg), 'Content-Type': 'application/octet-stream' },
			body: content,
			json: true,
		}), call)) as T;
	}

	/** A download-style call: the bytes as a stream, the JSON result from the Dropbox-API-Result header. */
	async download<T = IDataObject>(route: string, arg: unknown): Promise<DownloadResult<T>> {
		this.expectStyle(route, 'download');
		const response = (await this.send(route, routeInfo(route), arg, (headers) => ({
			headers: { ...headers, 'Dropbox-API-Arg': headerSafeJson(arg) },
			encoding: 'stream',
			returnFullResponse: true,
		}))) as { body: ByteStream; headers: Record<string, unknown> };
		return { result: decodeResultHeader(response.headers['dropbox-api-result']) as T, body: response.body };
	}

	private expectStyle(route: string, style: RouteInfo['style']): RouteInfo {
		const info = routeInfo(route);
		if (info.style !== style) throw new Error(`Dropbox route "${route}" is ${info.style}-style, not ${style}-style`);
		return info;
	}

	/**
	 * Sends a request, retrying what Dropbox calls transient. A route that is unsafe to repeat is sent again only
	 * when Dropbox says it was not carried out (429, 503 with Retry-After, write contention); after an ambiguous
	 * failure (connection lost after sending, 500/502/504) the caller's reconcile looks at what happened.
	 */
	private async send<T>(
		route: string,
		info: RouteInfo,
		arg: unknown,
		shape: (headers: Record<string, string>) => Partial<IHttpRequestOptions>,
		call: CallOptions<T> = {},
	): Promise<unknown> {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url: `https://${info.host}.dropboxapi.com/2/${route}`,
			...shape(await this.teamHeaders(route, info)),
			...(call.abortSignal && { abortSignal: call.abortSignal }),
			...(call.timeoutMs !== undefined && { timeout: call.timeoutMs }),
		};
		let waitedMs = 0;
		let rootLookedUpAgain = false;
		for (let attempt = 1; ; attempt++) {
			try {
				// Each attempt gets its own copy: n8n's OAuth2 helper writes the signed headers into the options.
				const options = { ...request, headers: { ...request.headers } };
				return info.auth === 'noauth'
					? await this.ctx.helpers.httpRequest(options)
					: await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options);
			} catch (error) {
				const failure = await failureOf(error);
				if (!failure) {
					// Not about HTTP (for example n8n could not refresh the token): keep n8n's own error.
					if (error instanceof NodeApiError) throw new NodeApiError(this.ctx.getNode(), error as unknown as JsonObject);
					throw new NodeOperationError(this.ctx.getNode(), error as Error, { itemIndex: this.options.itemIndex });
				}
				if (!rootLookedUpAgain && this.teamSpaceRootChanged(failure)) {
					// Dropbox refused the request (nothing was done): look the root up again and send it once more.
					rootLookedUpAgain = true;
					request.headers = shape(await this.teamHeaders(route, info, true)).headers;
					continue;
				}
				const delay = retryDelay(failure, attempt, waitedMs, this.retry);
				const gaveUp = () =>
					dropboxApiError(this.ctx.getNode(), route, arg, failure, { itemIndex: this.options.itemIndex, attempts: attempt });
				if (info.unsafeToRepeat && isAmbiguous(failure)) {
					// Give Dropbox a moment to finish what it may be doing before looking.
					const settle = Math.min(delay ?? RECONCILE_SETTLE_MS, RECONCILE_SETTLE_MS);
					await sleep(settle);
					waitedMs += settle;
					const found = await this.reconcile(route, failure, call.reconcile);
					if (found.applied === true) return found.result;
					if (delay === undefined) throw gaveUp();
					continue; // not carried out: sending it again is safe
				}
				if (delay === undefined) throw gaveUp();
				waitedMs += delay;
				await sleep(delay, call.abortSignal);
			}
		}
	}

	/** What an unsafe call did after an ambiguous failure; throws "outcome unknown" when that cannot be told. */
	private async reconcile<T>(route: string, failure: DropboxFailure, reconcile?: Reconcile<T>): Promise<Reconciled<T>> {
		const whatToCheck = reconcile?.whatToCheck ?? `in Dropbox whether ${route} took effect`;
		const found = reconcile ? await reconcile.check().catch((): Reconciled<T> => unknownOutcome) : unknownOutcome;
		if (found.applied === 'unknown') {
			throw outcomeUnknownError(this.ctx.getNode(), route, failure, whatToCheck, this.options.itemIndex);
		}
		return found;
	}

	/** Select-User / Select-Admin for user routes called with a team token, and the Path-Root header. */
	private async teamHeaders(route: string, info: RouteInfo, freshRoot = false): Promise<Record<string, string>> {
		const team = this.options.team;
		const headers: Record<string, string> = {};
		if (!team || !info.auth.includes('user')) return headers;
		if (team.selectAdmin) {
			if (!info.selectAdmin) {
				throw new NodeOperationError(
					this.ctx.getNode(),
					`Dropbox does not let a team admin call "${route}" as admin`,
					{
						itemIndex: this.options.itemIndex,
						description: 'Under Request Options, set Act As to "Team Member" and choose the member whose Dropbox this should run in.',
					},
				);
			}
			headers['Dropbox-API-Select-Admin'] = team.selectAdmin;
		} else if (team.selectUser) {
			headers['Dropbox-API-Select-User'] = team.selectUser;
		}
		if (team.pathRoot) headers['Dropbox-API-Path-Root'] = headerSafeJson(await this.resolvePathRoot(team.pathRoot, freshRoot));
		return headers;
	}

	private async resolvePathRoot(pathRoot: PathRoot | 'teamSpace', fresh: boolean): Promise<PathRoot> {
		if (pathRoot !== 'teamSpace') return pathRoot;
		// The team space root is the root namespace of the member acting: looked up once per member and execution,
		// again only when Dropbox says it changed (fresh).
		const member = this.options.team?.selectUser ?? this.options.team?.selectAdmin ?? '';
		let root = this.rootNamespaces.get(member);
		if (!root || fresh) {
			root = new DropboxClient(this.ctx, { ...this.options, team: { ...this.options.team, pathRoot: undefined } })
				.rpc<{ root_info: { root_namespace_id: string } }>('users/get_current_account')
				.then((account) => account.root_info.root_namespace_id)
				.catch((error: unknown) => {
					// A failed look-up is not kept: the next item asks again.
					this.rootNamespaces.delete(member);
					throw error;
				});
			this.rootNamespaces.set(member, root);
		}
		return { '.tag': 'root', root: await root };
	}

	/** Dropbox's 422 "invalid_root": the team-space root sent no longer is the member's root. */
	private teamSpaceRootChanged(failure: DropboxFailure): boolean {
		return failure.status === 422 && this.options.team?.pathRoot === 'teamSpace' && errorTags(failure.body)[0] === 'invalid_root';
	}
}
