// @ts-check
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');
const { json } = require('./answers');

/**
 * Webhook delivery as Dropbox does it for an app: after changes in an account's namespaces, a POST to the app's
 * webhook URL naming the account (not the changes), signed with the app secret; the URL check with a challenge;
 * retries with backoff for failed or slow deliveries. Plus controls for tests: duplicates, concurrent copies,
 * a forged signature, and a log of every delivery attempt.
 *
 * Notification bodies (exact bytes, signed as sent):
 *   user-linked app: {"list_folder":{"accounts":["<account_id>"]},"delta":{"users":[<uid>]}}
 *   team-linked app: {"list_folder":{"teams":{"<team_id>":["<team_member_id>"]}},"delta":{"teams":{"<team_id>":["<team_member_id>"]}}}
 * One notification per account (team apps: per member) per burst: changes within `delayMs` of the first are
 * coalesced. Changes made while an account's notification is being delivered start a new burst.
 *
 * @typedef {object} WebhookConfig
 * @property {string} url                 where notifications go (http or https); with `urls`, the first of them
 * @property {string[]} urls              every URL notifications go to (n8n's webhook processors behind no load
 *   balancer, test/e2e-queue): one after the other (`fanout: 'roundRobin'`, as a load balancer would) or each
 *   notification to all of them at once (`fanout: 'all'`). Default: [url]
 * @property {'roundRobin'|'all'} fanout  how `urls` share the notifications (default roundRobin)
 * @property {string} appSecret           key of X-Dropbox-Signature (default: the stand-in's app secret)
 * @property {'user'|'team'} appType      user-linked (accounts) or team-linked (team members) notifications
 * @property {string[] | undefined} accounts  only these account_ids (user) / team_member_ids (team); default all
 * @property {number} delayMs             burst window (default 50)
 * @property {number} retries             further attempts after a failed one (default 5)
 * @property {number} backoffMs           wait before the first retry (default 200), doubled each time
 * @property {number} maxBackoffMs        cap on one wait (default 60000)
 * @property {number} timeoutMs           an answer slower than this is a failure (default 10000, as at Dropbox)
 * @property {string} [ca]                PEM to trust for an https url
 *
 * @typedef {object} Delivery  one attempt
 * @property {number} notification        number of the notification (copies and retries share it)
 * @property {number} copy                1.. (sendDuplicates / sendConcurrent make several)
 * @property {number} attempt             1 = first try, 2.. = retries
 * @property {'change'|'manual'} cause
 * @property {'single'|'duplicate'|'concurrent'|'fanout'} mode  fanout: one copy per URL at once (fanout 'all')
 * @property {string} url
 * @property {string} body                the exact bytes sent
 * @property {string} signature           X-Dropbox-Signature as sent
 * @property {boolean} forged             the signature was made with a wrong key
 * @property {string[]} accounts          account_ids (user apps) or team_member_ids (team apps) named
 * @property {number[]} seqs              store change sequence numbers this notification covers
 * @property {number} at                  epoch ms the request started
 * @property {number | null} status       HTTP status; null while in flight or when the request failed
 * @property {string | null} error        network error or timeout
 * @property {number | null} ms           how long the answer took
 * @property {boolean} ok                 2xx
 *
 * @typedef {object} VerifyResult
 * @property {boolean} ok
 * @property {string} url                 as requested, with ?challenge=
 * @property {string} challenge
 * @property {number | null} status
 * @property {string} body
 * @property {string | null} contentType
 * @property {string | null} contentTypeOptions
 * @property {number} ms
 * @property {string[]} problems          what did not match, in words
 */

/** Dropbox's legacy numeric user id; the same formula as tokens.js, so `uid` of issued tokens matches. @param {string} accountId */
const uidOf = (accountId) => Number(parseInt(crypto.createHash('sha256').update(accountId).digest('hex').slice(0, 8), 16) % 900_000_000 + 100_000_000);

const sign = (/** @type {string} */ body, /** @type {string} */ secret) => crypto.createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex');

class Webhooks {
	/**
	 * @param {import('./store').Store} store
	 * @param {{ appSecret: string }} app
	 */
	constructor(store, app) {
		this.store = store;
		this.app = app;
		/** @type {WebhookConfig | null} */
		this.settings = null;
		/** @type {Delivery[]} every attempt, oldest first (live array) */
		this.deliveries = [];
		/** @type {((delivery: Delivery) => void) | undefined} called as soon as a delivery is answered (tests: act at that moment) */
		this.onAnswered = undefined;
		/** @type {Map<string, { timer: NodeJS.Timeout, seqs: number[] }>} pending bursts by account/member */
		this.bursts = new Map();
		/** @type {Set<Promise<unknown>>} */
		this.inFlight = new Set();
		/** @type {Set<{ timer: NodeJS.Timeout, cancel: () => void }>} retry waits */
		this.waits = new Set();
		/** @type {{ forge: boolean, duplicates: number, concurrent: number }} what happens to the next notification */
		this.next = { forge: false, duplicates: 1, concurrent: 1 };
		this.notifications = 0;
		/** Round-robin position over `urls`. */
		this.turn = 0;
		this.disposed = false;
		this.unsubscribe = store.onChange((change) => this.onChange(change));
	}

	/**
	 * Start (or change) delivery. Returns the settings in force.
	 * @param {Partial<WebhookConfig> & ({ url: string } | { urls: string[] })} options
	 */
	configure(options) {
		const given = options?.urls ?? (typeof options?.url === 'string' ? [options.url] : undefined);
		if (!Array.isArray(given) || given.length === 0) throw new Error('webhooks.configure needs { url } or { urls: [...] }');
		const urls = given.map((each) => {
			const parsed = new URL(each);
			if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`webhook url must be http(s): ${each}`);
			return parsed.toString();
		});
		const fanout = options.fanout ?? 'roundRobin';
		if (fanout !== 'roundRobin' && fanout !== 'all') throw new Error(`fanout must be "roundRobin" or "all", not ${JSON.stringify(fanout)}`);
		const appType = options.appType ?? 'user';
		if (appType !== 'user' && appType !== 'team') throw new Error(`appType must be "user" or "team", not ${JSON.stringify(appType)}`);
		this.settings = {
			url: urls[0],
			urls,
			fanout,
			appSecret: options.appSecret ?? this.app.appSecret,
			appType,
			accounts: options.accounts ? [...options.accounts] : undefined,
			delayMs: num(options.delayMs, 50),
			retries: num(options.retries, 5),
			backoffMs: num(options.backoffMs, 200),
			maxBackoffMs: num(options.maxBackoffMs, 60_000),
			timeoutMs: num(options.timeoutMs, 10_000),
			...(options.ca ? { ca: options.ca } : {}),
		};
		return this.config;
	}

	/** The settings in force (the secret left out), or null when delivery is off. */
	get config() {
		if (!this.settings) return null;
		const { appSecret: _secret, ca: _ca, ...shown } = this.settings;
		return shown;
	}

	/** Stop delivering: pending bursts are dropped; deliveries and retries already under way finish. */
	disable() {
		this.settings = null;
		for (const burst of this.bursts.values()) clearTimeout(burst.timer);
		this.bursts.clear();
	}

	/** The next notification is delivered `n` times in all, one after the other (each copy retried on its own). @param {number} n */
	sendDuplicates(n = 2) {
		this.next.duplicates = Math.max(1, Math.floor(n));
	}

	/** The next notification is delivered `n` times at once. @param {number} n */
	sendConcurrent(n = 2) {
		this.next.concurrent = Math.max(1, Math.floor(n));
	}

	/** The next notification carries a wrong signature (its retries too: they resend the same request). */
	forgeNext() {
		this.next.forge = true;
	}

	clearDeliveries() {
		this.deliveries.length = 0;
	}

	/**
	 * A notification now, without a change (as a Dropbox retry or a late notification would arrive).
	 * @param {{ account?: string, accounts?: string[] }} [target]  account_ids (user apps) or team_member_ids
	 *   (team apps); default: the personal account (user) or the team admin (team)
	 * @returns {Promise<Delivery[]>} the attempts made for it
	 */
	async notify(target = {}) {
		const settings = this.requireSettings();
		let who = target.accounts ?? (target.account ? [target.account] : undefined);
		if (!who) {
			who = settings.appType === 'team' ? [/** @type {import('./store').Team} */ (this.store.team).adminMemberId] : [this.store.personalAccountId];
		}
		const results = await Promise.all(who.map((id) => this.deliver(id, [], 'manual')));
		return results.flat();
	}

	/**
	 * Dropbox's URL check: GET <url>?challenge=<random>; the answer must echo it as text/plain with
	 * X-Content-Type-Options: nosniff, within 10 seconds. Not retried.
	 * @param {string} [url] default: the configured url
	 * @returns {Promise<VerifyResult>}
	 */
	async verify(url) {
		const target = new URL(url ?? this.requireSettings().url);
		const challenge = crypto.randomBytes(24).toString('base64url');
		target.searchParams.set('challenge', challenge);
		const started = Date.now();
		/** @type {VerifyResult} */
		const result = { ok: false, url: target.toString(), challenge, status: null, body: '', contentType: null, contentTypeOptions: null, ms: 0, problems: [] };
		try {
			const answer = await request(target, { method: 'GET', timeoutMs: this.settings?.timeoutMs ?? 10_000, ca: this.settings?.ca });
			result.status = answer.status;
			result.body = answer.body;
			result.contentType = headerValue(answer.headers['content-type']);
			result.contentTypeOptions = headerValue(answer.headers['x-content-type-options']);
		} catch (error) {
			result.problems.push(`no answer: ${/** @type {Error} */ (error).message}`);
		}
		result.ms = Date.now() - started;
		if (result.status !== null) {
			if (result.status !== 200) result.problems.push(`status ${result.status}, expected 200`);
			if (result.body !== challenge) result.problems.push(`body ${JSON.stringify(result.body.slice(0, 80))} is not the challenge`);
			if (!/^text\/plain\b/i.test(result.contentType ?? '')) result.problems.push(`Content-Type ${JSON.stringify(result.contentType)}, expected text/plain`);
			if ((result.contentTypeOptions ?? '').toLowerCase() !== 'nosniff') result.problems.push(`X-Content-Type-Options ${JSON.stringify(result.contentTypeOptions)}, expected nosniff`);
		}
		result.ok = result.problems.length === 0;
		return result;
	}

	/** Resolves once no burst is pending and no delivery (or retry wait) is under way. */
	async idle() {
		for (;;) {
			if (this.bursts.size === 0 && this.inFlight.size === 0) return;
			await Promise.allSettled([...this.inFlight]);
			if (this.bursts.size > 0) await new Promise((resolve) => setTimeout(resolve, (this.settings?.delayMs ?? 0) + 5));
		}
	}

	/** Stops everything: pending bursts, retry waits; no further deliveries. */
	dispose() {
		this.disposed = true;
		this.unsubscribe();
		this.disable();
		for (const wait of this.waits) wait.cancel();
		this.waits.clear();
	}

	// ---- internals --------------------------------------------------------------------------------------------

	requireSettings() {
		if (!this.settings) throw new Error('webhook delivery is not configured: call webhooks.configure({ url }) first');
		return this.settings;
	}

	/** @param {import('./store').Change} change */
	onChange(change) {
		const settings = this.settings;
		if (!settings || this.disposed) return;
		for (const id of this.affected(change.ns, settings)) {
			const burst = this.bursts.get(id);
			if (burst) {
				burst.seqs.push(change.seq);
				continue;
			}
			const seqs = [change.seq];
			const timer = setTimeout(() => {
				this.bursts.delete(id);
				void this.deliver(id, seqs, 'change');
			}, settings.delayMs);
			this.bursts.set(id, { timer, seqs });
		}
	}

	/**
	 * Who hears about a change in namespace `nsId`: accounts (user apps) or team members (team apps) that can
	 * reach the namespace.
	 * @param {string} nsId @param {WebhookConfig} settings
	 * @returns {string[]}
	 */
	affected(nsId, settings) {
		const out = [];
		for (const account of this.store.accounts.values()) {
			if (settings.appType === 'team' && !account.team_member_id) continue;
			if (!this.store.accessibleNamespaces(account).has(nsId)) continue;
			const id = settings.appType === 'team' ? /** @type {string} */ (account.team_member_id) : account.account_id;
			if (!settings.accounts || settings.accounts.includes(id)) out.push(id);
		}
		return out;
	}

	/** The exact body Dropbox would send for one account or member. @param {string} id @param {'user'|'team'} appType */
	body(id, appType) {
		if (appType === 'team') {
			const teamId = /** @type {import('./store').Team} */ (this.store.team).team_id;
			return JSON.stringify({ list_folder: { teams: { [teamId]: [id] } }, delta: { teams: { [teamId]: [id] } } });
		}
		return JSON.stringify({ list_folder: { accounts: [id] }, delta: { users: [uidOf(id)] } });
	}

	/**
	 * One notification for one account or member: its copies (duplicates one after the other, concurrent ones at
	 * once), each retried with backoff until it is answered with 2xx or the retries are used up.
	 * @param {string} id @param {number[]} seqs @param {'change'|'manual'} cause
	 * @returns {Promise<Delivery[]>}
	 */
	deliver(id, seqs, cause) {
		const settings = this.settings;
		if (!settings || this.disposed) return Promise.resolve([]);
		const number = ++this.notifications;
		const { forge, duplicates, concurrent } = this.next;
		this.next = { forge: false, duplicates: 1, concurrent: 1 };
		const body = this.body(id, settings.appType);
		const signature = forge ? sign(body, `forged-${crypto.randomBytes(8).toString('hex')}`) : sign(body, settings.appSecret);
		/** @type {Omit<Delivery, 'copy' | 'attempt' | 'at' | 'status' | 'error' | 'ms' | 'ok'>} */
		const base = {
			notification: number,
			cause,
			mode: settings.fanout === 'all' && settings.urls.length > 1 ? 'fanout' : concurrent > 1 ? 'concurrent' : duplicates > 1 ? 'duplicate' : 'single',
			url: settings.url,
			body,
			signature,
			forged: forge,
			accounts: [id],
			seqs: [...seqs],
		};
		// Round robin: each copy to the next URL (Dropbox's retries of a copy go where the copy went).
		const nextUrl = () => settings.urls[this.turn++ % settings.urls.length];
		const run = (async () => {
			if (base.mode === 'fanout') {
				return (await Promise.all(settings.urls.map((url, i) => this.attempts({ ...base, url }, i + 1, settings)))).flat();
			}
			if (concurrent > 1) {
				return (await Promise.all(Array.from({ length: concurrent }, (_, i) => this.attempts({ ...base, url: nextUrl() }, i + 1, settings)))).flat();
			}
			/** @type {Delivery[]} */
			const all = [];
			for (let copy = 1; copy <= duplicates; copy++) all.push(...(await this.attempts({ ...base, url: nextUrl() }, copy, settings)));
			return all;
		})();
		this.track(run);
		return run;
	}

	/**
	 * @param {Omit<Delivery, 'copy' | 'attempt' | 'at' | 'status' | 'error' | 'ms' | 'ok'>} base
	 * @param {number} copy @param {WebhookConfig} settings
	 * @returns {Promise<Delivery[]>}
	 */
	async attempts(base, copy, settings) {
		/** @type {Delivery[]} */
		const made = [];
		for (let attempt = 1; attempt <= settings.retries + 1 && !this.disposed; attempt++) {
			if (attempt > 1) {
				const wait = Math.min(settings.backoffMs * 2 ** (attempt - 2), settings.maxBackoffMs);
				const waited = await this.sleep(wait);
				if (!waited) break;
			}
			/** @type {Delivery} */
			const delivery = { ...base, seqs: [...base.seqs], accounts: [...base.accounts], copy, attempt, at: Date.now(), status: null, error: null, ms: null, ok: false };
			this.deliveries.push(delivery);
			made.push(delivery);
			try {
				const answer = await request(new URL(base.url), {
					method: 'POST',
					body: base.body,
					headers: { 'Content-Type': 'application/json', 'X-Dropbox-Signature': base.signature, 'User-Agent': 'DropboxWebhooks/1.0' },
					timeoutMs: settings.timeoutMs,
					ca: settings.ca,
				});
				delivery.status = answer.status;
				delivery.ok = answer.status >= 200 && answer.status < 300;
				this.onAnswered?.(delivery);
			} catch (error) {
				delivery.error = /** @type {Error} */ (error).message;
			}
			delivery.ms = Date.now() - delivery.at;
			if (delivery.ok) break;
		}
		return made;
	}

	/** Waits unless disposed meanwhile; resolves false when disposed. @param {number} ms */
	sleep(ms) {
		return new Promise((resolve) => {
			if (this.disposed) return resolve(false);
			const wait = {
				timer: setTimeout(() => {
					this.waits.delete(wait);
					resolve(!this.disposed);
				}, ms),
				cancel: () => {
					clearTimeout(wait.timer);
					resolve(false);
				},
			};
			this.waits.add(wait);
		});
	}

	/** @param {Promise<unknown>} promise */
	track(promise) {
		const settled = promise.catch(() => undefined);
		this.inFlight.add(settled);
		settled.then(() => this.inFlight.delete(settled));
	}
}

/** @param {unknown} value @param {number} fallback */
function num(value, fallback) {
	if (value === undefined || value === null) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new Error(`expected a number >= 0, got ${JSON.stringify(value)}`);
	return n;
}

/** @param {string | string[] | undefined} value */
const headerValue = (value) => (Array.isArray(value) ? value.join(', ') : (value ?? null));

/**
 * One HTTP(S) request on a fresh connection; the whole answer body as text.
 * @param {URL} url
 * @param {{ method: string, body?: string, headers?: Record<string, string>, timeoutMs: number, ca?: string }} options
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>}
 */
function request(url, { method, body, headers = {}, timeoutMs, ca }) {
	const client = url.protocol === 'https:' ? https : http;
	const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
	return new Promise((resolve, reject) => {
		const req = client.request(
			url,
			{
				method,
				agent: false,
				headers: { ...headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) },
				...(ca ? { ca } : {}),
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					clearTimeout(timer);
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
				});
				res.on('error', (error) => {
					clearTimeout(timer);
					reject(error);
				});
			},
		);
		const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
		req.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		req.end(payload);
	});
}

/**
 * POST /__standin/webhooks/<action> (JSON body): configure, disable, verify ({url?}), notify ({account?, accounts?}),
 * duplicates ({n}), concurrent ({n}), forge-next, deliveries ({clear?}), clear-deliveries, idle.
 * @param {Webhooks} webhooks @param {string} action @param {any} body
 */
async function webhookControl(webhooks, action, body) {
	switch (action) {
		case 'configure':
			return json(200, webhooks.configure(body));
		case 'disable':
			webhooks.disable();
			return json(200, { ok: true });
		case 'config':
			return json(200, { config: webhooks.config });
		case 'verify':
			return json(200, await webhooks.verify(body.url));
		case 'notify':
			return json(200, { deliveries: await webhooks.notify(body) });
		case 'duplicates':
			webhooks.sendDuplicates(body.n ?? 2);
			return json(200, { ok: true });
		case 'concurrent':
			webhooks.sendConcurrent(body.n ?? 2);
			return json(200, { ok: true });
		case 'forge-next':
			webhooks.forgeNext();
			return json(200, { ok: true });
		case 'deliveries': {
			const deliveries = [...webhooks.deliveries];
			if (body.clear) webhooks.clearDeliveries();
			return json(200, { deliveries });
		}
		case 'clear-deliveries':
			webhooks.clearDeliveries();
			return json(200, { ok: true });
		case 'idle':
			await webhooks.idle();
			return json(200, { ok: true });
		default:
			return json(404, { error: `unknown stand-in action "webhooks/${action}"` });
	}
}

module.exports = { Webhooks, webhookControl, signNotification: sign, uidOf };
