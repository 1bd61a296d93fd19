// @ts-check
'use strict';

const http = require('node:http');
const https = require('node:https');
const { Store } = require('./store');
const { seedWorld } = require('./world');
const { Tokens } = require('./tokens');
const { Faults, faultAnswer } = require('./faults');
const { hostKind } = require('./route-table');
const { Answer, text, send } = require('./answers');
const { handleApi } = require('./dispatch');
const { tokenEndpoint } = require('./oauth');
const { control } = require('./control');
const { drain } = require('./body');
const { fullAccount } = require('./views');
const { FilesRuntime } = require('./files/runtime');
const { isLinkPath, serveLink } = require('./files/links');
const { Webhooks } = require('./webhooks');

/**
 * A stateful stand-in for the Dropbox API v2, listening on 127.0.0.1. It tells the three Dropbox hosts
 * apart by the Host header, so it can sit behind a CONNECT proxy under the real names (see proxy.js).
 *
 * @typedef {object} StandInOptions
 * @property {{ key: string, cert: string }} [tls]   PEM; without it the server speaks plain http
 * @property {number} [port]                          default 0 (any free port)
 * @property {string} [appKey]
 * @property {string} [appSecret]
 * @property {number} [accessTokenLifetimeSeconds]   default 14400 (4 h, as at Dropbox)
 * @property {number} [asyncJobPolls]                 polls of a batch job answered in_progress before its result (default 1)
 * @property {number} [asyncJobMs]                    a job answers in_progress until this long after its launch (default 0)
 * @property {number} [asyncJobMsPerEntry]            ...plus this long for each of its entries (default 0)
 * @property {number} [longpollWaitMs]                cap on how long list_folder/longpoll blocks (default: its timeout)
 * @property {number} [longpollBackoff]               seconds: list_folder/longpoll answers carry this backoff
 * @property {string} [linkBase]                      origin of temporary links (default: https://content.dropboxapi.com
 *                                                    with tls, else the stand-in's own http://127.0.0.1:<port>)
 *
 * @typedef {object} TeamView
 * @property {string} team_id
 * @property {string} name
 * @property {string} root_namespace_id
 * @property {string} adminMemberId
 * @property {Array<{ team_member_id: string, account_id: string, email: string, name: import('./store').Name,
 *   role: 'team_admin'|'member_only', home_namespace_id: string, root_namespace_id: string, home_path: string }>} members
 *
 * @typedef {object} StandIn
 * @property {string} url
 * @property {number} port
 * @property {() => Promise<void>} stop
 * @property {ReturnType<typeof fullAccount>} defaultAccount   the personal account, as users/get_current_account shows it
 * @property {TeamView} team
 * @property {Store} store
 * @property {import('./dispatch').RequestRecord[]} requests   oldest first
 * @property {() => void} clearRequests
 * @property {(watcher: (record: import('./dispatch').RequestRecord, moment: 'received' | 'answered') => void) => () => void} watchRequests
 *   called for every /2/ request as it arrives (before it is answered) and once its answer is sent; returns the
 *   unsubscribe function. For tests that act at an exact point of a client's work (kill it, change the world).
 * @property {(options?: { account?: string, team?: boolean, scopes?: string[] | 'all', expiresIn?: number }) => import('./tokens').TokenIssue} issueTokens
 * @property {(options?: { account?: string, team?: boolean, scopes?: string[] | 'all', offline?: boolean, redirectUri?: string }) => string} createAuthorizationCode
 * @property {() => void} expireAccessTokens
 * @property {() => void} expireUploadSessions   every open upload session passes its 7 days (answers not_found)
 * @property {{ asyncJobPolls: number, asyncJobMs?: number, asyncJobMsPerEntry?: number, longpollWaitMs?: number, longpollBackoff?: number, listLimitOvershoot?: number, linkBase?: string, legacyPaper?: boolean | string[], paperDocLimit?: number, writeContention?: boolean | { limit?: number, windowMs?: number, nested?: boolean, retryAfter?: number }, finishBatchJobOver?: number, finishBatchContendedEntries?: number }} filesOptions
 *   live settings of the files routes (may be changed between requests)
 * @property {(fault: import('./faults').FaultSpec) => void} injectFault
 * @property {() => void} clearFaults
 * @property {import('./webhooks').Webhooks} webhooks   webhook delivery to an app's URL (see webhooks.js)
 */

/**
 * @param {StandInOptions} [options]
 * @returns {Promise<StandIn>}
 */
async function startDropboxStandIn(options = {}) {
	const store = new Store();
	seedWorld(store);
	/** @type {import('./dispatch').State} */
	const state = {
		store,
		tokens: new Tokens(store, options.accessTokenLifetimeSeconds ?? 14400),
		faults: new Faults(),
		appKey: options.appKey ?? 'test-app-key',
		appSecret: options.appSecret ?? 'test-app-secret',
		files: new FilesRuntime(store, {
			asyncJobPolls: options.asyncJobPolls ?? 1,
			asyncJobMs: options.asyncJobMs,
			asyncJobMsPerEntry: options.asyncJobMsPerEntry,
			longpollWaitMs: options.longpollWaitMs,
			longpollBackoff: options.longpollBackoff,
			linkBase: options.linkBase,
		}),
	};
	/** @type {import('./dispatch').RequestRecord[]} */
	const requests = [];
	const webhooks = new Webhooks(store, { appSecret: state.appSecret });

	/** @type {Set<(record: import('./dispatch').RequestRecord, moment: 'received' | 'answered') => void>} */
	const requestWatchers = new Set();

	/** @type {http.RequestListener} */
	const listener = (req, res) => {
		const url = new URL(req.url ?? '/', 'http://stand-in');
		if (url.pathname.startsWith('/__standin/')) {
			control(standIn, req, url.pathname.slice('/__standin/'.length)).then((answer) => send(res, answer));
			return;
		}
		// Temporary (upload) links: on the content host, or on the stand-in's own address.
		if (isLinkPath(url.pathname) && hostKind(req.headers.host) !== 'api' && hostKind(req.headers.host) !== 'notify') {
			const record = newRecord(req, url);
			requests.push(record);
			res.on('finish', () => {
				record.status = res.statusCode;
			});
			serveLink(state, req, url).then(
				(answer) => send(res, answer),
				(error) => send(res, text(500, `stand-in failure: ${error?.stack ?? error}`)),
			);
			return;
		}
		const record = newRecord(req, url);
		requests.push(record);
		res.on('finish', () => {
			record.status = res.statusCode;
			for (const watcher of [...requestWatchers]) watcher(record, 'answered');
		});
		res.on('close', () => {
			if (!res.writableFinished) record.abandoned = true;
		});
		for (const watcher of [...requestWatchers]) watcher(record, 'received');
		answer(req, url, record).then(
			(result) => {
				if (result === 'drop') drain(req).then(() => req.socket.destroy());
				else send(res, result);
			},
			(error) => send(res, error instanceof Answer ? error : text(500, `stand-in failure: ${error?.stack ?? error}`)),
		);
	};

	/**
	 * @param {http.IncomingMessage} req @param {URL} url @param {import('./dispatch').RequestRecord} record
	 * @returns {Promise<Answer | 'drop'>}
	 */
	async function answer(req, url, record) {
		const host = hostKind(req.headers.host);
		if (!host) return text(400, `Unknown host "${req.headers.host ?? ''}": expected api.dropboxapi.com, content.dropboxapi.com or notify.dropboxapi.com`);
		if (url.pathname === '/oauth2/token' && host === 'api') {
			const fault = state.faults.take('oauth2/token');
			if (fault) return faultAnswer(fault, 'oauth2/token');
			return tokenEndpoint(state, req, url, record);
		}
		if (url.pathname.startsWith('/2/')) return handleApi(state, req, url, host, record);
		return text(404, 'Not Found');
	}

	// Request headers up to 60 KiB, the default limit of Envoy, Dropbox's front end (assumed: Dropbox publishes none).
	const maxHeaderSize = 60 * 1024;
	const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert, maxHeaderSize }, listener) : http.createServer({ maxHeaderSize }, listener);
	server.on('clientError', (error, socket) => answerUnparsable(error, socket, requests));
	await new Promise((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	state.files.options.linkBase ??= options.tls ? 'https://content.dropboxapi.com' : `http://127.0.0.1:${port}`;

	/** @type {StandIn} */
	const standIn = {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		port,
		stop: () =>
			new Promise((resolve) => {
				state.files.dispose();
				webhooks.dispose();
				server.close(() => {
					store.dispose();
					resolve();
				});
				server.closeAllConnections();
			}),
		get defaultAccount() {
			return fullAccount(store, store.personal());
		},
		get team() {
			return teamView(store);
		},
		store,
		requests,
		clearRequests: () => {
			requests.length = 0;
		},
		watchRequests: (watcher) => {
			requestWatchers.add(watcher);
			return () => requestWatchers.delete(watcher);
		},
		issueTokens: ({ expiresIn, ...grant } = {}) => state.tokens.issue(state.tokens.grant(grant), { expiresIn }),
		createAuthorizationCode: ({ offline, redirectUri, ...grant } = {}) => state.tokens.createCode(state.tokens.grant(grant), { offline, redirectUri }),
		expireAccessTokens: () => state.tokens.expireAll(),
		expireUploadSessions: () => state.files.expireSessions(),
		filesOptions: /** @type {any} */ (state.files.options),
		injectFault: (fault) => state.faults.inject(fault),
		clearFaults: () => state.faults.clear(),
		webhooks,
	};
	return standIn;
}

/**
 * @param {http.IncomingMessage} req @param {URL} url
 * @returns {import('./dispatch').RequestRecord}
 */
function newRecord(req, url) {
	const headers = { ...req.headers };
	if (headers.authorization) headers.authorization = headers.authorization.replace(/^(\w+)\s.*$/s, '$1 <redacted>');
	const route = url.pathname.startsWith('/2/') ? url.pathname.slice('/2/'.length) : url.pathname.slice(1);
	return { host: req.headers.host ?? '', route, method: req.method ?? '', headers, arg: null, status: null, at: Date.now() };
}

/**
 * Node's parser refuses some requests before any handler runs. The one Dropbox users meet is DEL in
 * Dropbox-API-Arg (JSON that was not made header-safe); answer it as Dropbox does, the rest with a bare 400.
 * @param {Error & { code?: string, rawPacket?: Buffer }} error
 * @param {import('node:stream').Duplex} socket
 * @param {import('./dispatch').RequestRecord[]} requests
 */
function answerUnparsable(error, socket, requests) {
	if (!socket.writable) {
		socket.destroy();
		return;
	}
	const raw = error.rawPacket?.toString('latin1') ?? '';
	const route = /^POST \/2\/(\S+) HTTP/.exec(raw)?.[1];
	let body = '';
	if (route && error.code === 'HPE_INVALID_HEADER_TOKEN' && /\r\ndropbox-api-arg:[^\r\n]*\x7f/i.test(raw)) {
		body = `Error in call to API function "${route}": HTTP header "Dropbox-API-Arg": could not decode input as JSON`;
		const host = /\r\nhost:\s*([^\r\n]*)/i.exec(raw)?.[1] ?? '';
		requests.push({ host, route, method: 'POST', headers: {}, arg: null, status: 400, at: Date.now() });
	}
	socket.end(
		`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
	);
}

/** @param {Store} store @returns {TeamView} */
function teamView(store) {
	const team = /** @type {import('./store').Team} */ (store.team);
	return {
		team_id: team.team_id,
		name: team.name,
		root_namespace_id: team.root_namespace_id,
		adminMemberId: team.adminMemberId,
		members: team.memberIds.map((id) => {
			const m = /** @type {import('./store').Account} */ (store.members.get(id));
			return {
				team_member_id: id,
				account_id: m.account_id,
				email: m.email,
				name: { ...m.name },
				role: /** @type {'team_admin'|'member_only'} */ (m.role),
				home_namespace_id: m.home_namespace_id,
				root_namespace_id: m.root_namespace_id,
				home_path: /** @type {string} */ (m.home_path),
			};
		}),
	};
}

module.exports = {
	startDropboxStandIn,
	// The helpers beside it, for scripts that want one require.
	...require('./certs'),
	...require('./proxy'),
	...require('./content-hash'),
	headerSafeJson: require('./answers').headerSafeJson,
};
