// The stand-in's webhook delivery: notifications after changes (bodies, signatures, bursts, who is named), retries
// with backoff, the URL check, and the test controls, against a local HTTP receiver.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');

const { startDropboxStandIn } = require('./emulator');

const SECRET = 'test-app-secret';

let standIn;
let receiver;

/**
 * A local webhook receiver: records every request with its raw body; `answer` decides the reply (default 200,
 * or Dropbox's challenge echo for GET). `hold` keeps answers back until released (for concurrency checks).
 */
async function startReceiver() {
	const seen = [];
	const state = {
		seen,
		answer: null,
		url: '',
		waiters: [],
		async waitFor(count, timeoutMs = 3000) {
			const deadline = Date.now() + timeoutMs;
			while (seen.length < count) {
				if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${seen.length}`);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			return seen;
		},
	};
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			const record = { method: req.method, url: req.url, headers: req.headers, raw: Buffer.concat(chunks), at: Date.now() };
			seen.push(record);
			if (state.answer) return state.answer(req, res, record);
			if (req.method === 'GET') {
				const challenge = new URL(req.url, 'http://x').searchParams.get('challenge') ?? '';
				res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Content-Type-Options': 'nosniff' });
				return res.end(challenge);
			}
			res.writeHead(200);
			res.end();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${server.address().port}/webhook/abc/dropbox`;
	state.close = () => new Promise((resolve) => server.close(() => resolve()) && server.closeAllConnections());
	return state;
}

const hmac = (raw, secret = SECRET) => crypto.createHmac('sha256', secret).update(raw).digest('hex');
const home = () => standIn.store.personal().home_namespace_id;
const put = (path, text = `content of ${path}`, ns = home()) => standIn.store.putFile(ns, path, Buffer.from(text));
const posts = () => receiver.seen.filter((r) => r.method === 'POST');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	standIn = await startDropboxStandIn();
});
afterAll(() => standIn.stop());
beforeEach(async () => {
	receiver = await startReceiver();
	standIn.webhooks.configure({ url: receiver.url, delayMs: 30, backoffMs: 20 });
	standIn.webhooks.clearDeliveries();
});
afterEach(async () => {
	await standIn.webhooks.idle();
	standIn.webhooks.disable();
	await receiver.close();
});

describe('notifications after changes', () => {
	it('POSTs the account named in a signed JSON body, as Dropbox does', async () => {
		put('/Hooks/one.txt');
		const [request] = await receiver.waitFor(1);
		await standIn.webhooks.idle();
		const account = standIn.store.personal();
		const { uid } = standIn.issueTokens();
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/webhook/abc/dropbox');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.raw.toString()).toBe(`{"list_folder":{"accounts":["${account.account_id}"]},"delta":{"users":[${uid}]}}`);
		expect(request.headers['x-dropbox-signature']).toBe(hmac(request.raw));
		expect(JSON.parse(request.raw)).toEqual({ list_folder: { accounts: [account.account_id] }, delta: { users: [Number(uid)] } });

		expect(standIn.webhooks.deliveries).toHaveLength(1);
		expect(standIn.webhooks.deliveries[0]).toMatchObject({
			status: 200,
			ok: true,
			attempt: 1,
			copy: 1,
			forged: false,
			cause: 'change',
			mode: 'single',
			accounts: [account.account_id],
			body: request.raw.toString(),
			signature: hmac(request.raw),
		});
	});

	it('coalesces a burst of changes into one notification per account', async () => {
		for (let i = 0; i < 5; i++) put(`/Burst/file ${i}.txt`);
		await standIn.webhooks.idle();
		await sleep(60);
		expect(posts()).toHaveLength(1);
		const [delivery] = standIn.webhooks.deliveries;
		expect(delivery.seqs.length).toBeGreaterThanOrEqual(5); // the files, and the folder made for them
		expect(delivery.seqs).toEqual([...delivery.seqs].sort((a, b) => a - b));

		// A later change is a new burst.
		put('/Burst/later.txt');
		await standIn.webhooks.idle();
		expect(posts()).toHaveLength(2);
	});

	it('signs with the app secret given, and names only accounts that can see the change', async () => {
		standIn.webhooks.configure({ url: receiver.url, delayMs: 10, appSecret: 'another secret' });
		const outsider = [...standIn.store.accounts.values()].find((a) => a.email === 'mateo.alvarez@example.org');
		put('/Theirs.txt', 'x', outsider.home_namespace_id);
		await standIn.webhooks.idle();
		expect(posts()).toHaveLength(1);
		expect(JSON.parse(posts()[0].raw).list_folder.accounts).toEqual([outsider.account_id]);
		expect(posts()[0].headers['x-dropbox-signature']).toBe(hmac(posts()[0].raw, 'another secret'));

		// `accounts` limits delivery to the accounts that linked the app.
		standIn.webhooks.configure({ url: receiver.url, delayMs: 10, accounts: [standIn.store.personal().account_id] });
		put('/Theirs again.txt', 'y', outsider.home_namespace_id);
		await standIn.webhooks.idle();
		expect(posts()).toHaveLength(1);
	});

	it('team apps: team members by team, one notification per member who can see the change', async () => {
		standIn.webhooks.configure({ url: receiver.url, delayMs: 10, appType: 'team' });
		const { team } = standIn;
		const jonas = team.members[1];
		put('/Jonas notes.txt', 'x', jonas.home_namespace_id);
		await standIn.webhooks.idle();
		expect(posts()).toHaveLength(1);
		expect(posts()[0].raw.toString()).toBe(
			`{"list_folder":{"teams":{"${team.team_id}":["${jonas.team_member_id}"]}},"delta":{"teams":{"${team.team_id}":["${jonas.team_member_id}"]}}}`,
		);
		expect(posts()[0].headers['x-dropbox-signature']).toBe(hmac(posts()[0].raw));

		// The team space is seen by every member; the personal account is not in the team.
		receiver.seen.length = 0;
		put('/Team plan.txt', 'x', team.root_namespace_id);
		put('/Mine.txt');
		await standIn.webhooks.idle();
		const named = posts().map((r) => JSON.parse(r.raw).list_folder.teams[team.team_id][0]).sort();
		expect(named).toEqual(team.members.map((m) => m.team_member_id).sort());
	});

	it('several URLs: round robin, one notification each; fanout "all": the same notification to every URL at once', async () => {
		const other = await startReceiver();
		try {
			standIn.webhooks.configure({ urls: [receiver.url, other.url], delayMs: 10 });
			expect(standIn.webhooks.config).toMatchObject({ url: receiver.url, urls: [receiver.url, other.url], fanout: 'roundRobin' });
			for (let i = 0; i < 4; i++) {
				put(`/Robin/file ${i}.txt`);
				await standIn.webhooks.idle();
			}
			expect(posts()).toHaveLength(2);
			expect(other.seen.filter((r) => r.method === 'POST')).toHaveLength(2);
			expect(standIn.webhooks.deliveries.map((d) => d.url)).toEqual([receiver.url, other.url, receiver.url, other.url]);

			// Concurrent copies spread over the URLs too.
			standIn.webhooks.clearDeliveries();
			standIn.webhooks.sendConcurrent(2);
			put('/Robin/concurrent.txt');
			await standIn.webhooks.idle();
			expect(standIn.webhooks.deliveries.map((d) => d.url).sort()).toEqual([receiver.url, other.url].sort());

			standIn.webhooks.clearDeliveries();
			standIn.webhooks.configure({ urls: [receiver.url, other.url], delayMs: 10, fanout: 'all' });
			put('/Robin/both.txt');
			await standIn.webhooks.idle();
			const both = standIn.webhooks.deliveries;
			expect(both).toHaveLength(2);
			expect(both.map((d) => d.url).sort()).toEqual([receiver.url, other.url].sort());
			expect(both.every((d) => d.mode === 'fanout' && d.notification === both[0].notification && d.body === both[0].body)).toBe(true);
			expect(Math.abs(both[0].at - both[1].at)).toBeLessThan(50);
		} finally {
			await other.close();
		}
		expect(() => standIn.webhooks.configure({ urls: [] })).toThrow(/needs/);
		expect(() => standIn.webhooks.configure({ urls: [receiver.url], fanout: 'some' })).toThrow(/fanout/);
	});

	it('sends a notification without a change on request (notify)', async () => {
		const made = await standIn.webhooks.notify();
		expect(made).toHaveLength(1);
		expect(made[0]).toMatchObject({ cause: 'manual', status: 200, seqs: [] });
		expect(JSON.parse(posts()[0].raw).list_folder.accounts).toEqual([standIn.store.personal().account_id]);
	});

	it('sends nothing when not configured, or after disable()', async () => {
		standIn.webhooks.disable();
		expect(standIn.webhooks.config).toBeNull();
		put('/Quiet.txt');
		await sleep(80);
		expect(receiver.seen).toHaveLength(0);
		await expect(standIn.webhooks.notify()).rejects.toThrow(/not configured/);
	});
});

describe('retries', () => {
	it('retries failed (non-2xx) deliveries with growing waits until one succeeds', async () => {
		let calls = 0;
		receiver.answer = (req, res) => {
			calls++;
			res.writeHead(calls <= 2 ? 500 : 200);
			res.end();
		};
		put('/Retry/a.txt');
		await receiver.waitFor(3);
		await standIn.webhooks.idle();
		const attempts = standIn.webhooks.deliveries;
		expect(attempts.map((d) => [d.attempt, d.status, d.ok])).toEqual([
			[1, 500, false],
			[2, 500, false],
			[3, 200, true],
		]);
		expect(new Set(attempts.map((d) => d.notification)).size).toBe(1);
		expect(new Set(posts().map((r) => r.raw.toString())).size).toBe(1); // the same notification each time
		expect(posts()[1].at - posts()[0].at).toBeGreaterThanOrEqual(18); // 20 ms
		expect(posts()[2].at - posts()[1].at).toBeGreaterThanOrEqual(38); // 40 ms
	});

	it('gives up after the configured number of retries; unreachable URLs and slow answers count as failures', async () => {
		await receiver.close();
		standIn.webhooks.configure({ url: receiver.url, delayMs: 5, retries: 2, backoffMs: 10 });
		put('/Retry/b.txt');
		await sleep(20);
		await standIn.webhooks.idle();
		expect(standIn.webhooks.deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
			[1, null, false],
			[2, null, false],
			[3, null, false],
		]);
		expect(standIn.webhooks.deliveries[0].error).toMatch(/ECONNREFUSED/);

		receiver = await startReceiver();
		receiver.answer = () => {}; // never answers
		standIn.webhooks.configure({ url: receiver.url, delayMs: 5, retries: 1, backoffMs: 10, timeoutMs: 100 });
		standIn.webhooks.clearDeliveries();
		await standIn.webhooks.notify();
		expect(standIn.webhooks.deliveries.map((d) => d.error)).toEqual(['no answer within 100 ms', 'no answer within 100 ms']);
	});

	it('several URLs (npm start: a trigger\'s production and test URLs): each gets the notification and retries on its own', async () => {
		const base = receiver.url.replace(/\/webhook\/.*$/, '');
		const production = `${base}/webhook/abc/dropbox`;
		const test = `${base}/webhook-test/abc/dropbox`;
		// The editor is not listening: n8n answers the test URL with 404.
		receiver.answer = (req, res) => {
			res.writeHead(req.url.startsWith('/webhook-test/') ? 404 : 200);
			res.end();
		};
		expect(standIn.webhooks.configure({ urls: [production, test], fanout: 'all', delayMs: 5, retries: 1, backoffMs: 10 })).toMatchObject({ url: production, urls: [production, test] });
		put('/Both/a.txt');
		await sleep(20);
		await standIn.webhooks.idle();
		const attempts = standIn.webhooks.deliveries.map((d) => [new URL(d.url).pathname, d.attempt, d.status]);
		expect(attempts).toHaveLength(3);
		expect(attempts).toEqual(expect.arrayContaining([
			['/webhook/abc/dropbox', 1, 200],
			['/webhook-test/abc/dropbox', 1, 404],
			['/webhook-test/abc/dropbox', 2, 404],
		]));
		// One notification: the same bytes and signature to both.
		expect(new Set(standIn.webhooks.deliveries.map((d) => d.notification)).size).toBe(1);
		expect(new Set(posts().map((r) => r.raw.toString())).size).toBe(1);
		expect(new Set(posts().map((r) => r.headers['x-dropbox-signature'])).size).toBe(1);
		expect(() => standIn.webhooks.configure({ urls: [] })).toThrow(/needs/);
		expect(() => standIn.webhooks.configure({ urls: [production, 'ftp://x/'] })).toThrow(/http\(s\)/);
	});
});

describe('test controls', () => {
	it('sendDuplicates(n): the same notification n times, one after the other', async () => {
		standIn.webhooks.sendDuplicates(3);
		put('/Dup/a.txt');
		await receiver.waitFor(3);
		await standIn.webhooks.idle();
		expect(posts()).toHaveLength(3);
		expect(new Set(posts().map((r) => r.raw.toString() + r.headers['x-dropbox-signature'])).size).toBe(1);
		expect(standIn.webhooks.deliveries.map((d) => [d.copy, d.mode, d.status])).toEqual([
			[1, 'duplicate', 200],
			[2, 'duplicate', 200],
			[3, 'duplicate', 200],
		]);
		// Only the next notification.
		put('/Dup/b.txt');
		await standIn.webhooks.idle();
		expect(posts()).toHaveLength(4);
	});

	it('sendConcurrent(n): the same notification n times at once', async () => {
		const pending = [];
		receiver.answer = (req, res) => pending.push(res);
		standIn.webhooks.sendConcurrent(3);
		put('/Conc/a.txt');
		await receiver.waitFor(3); // all three arrive before any is answered
		for (const res of pending) res.writeHead(200).end();
		await standIn.webhooks.idle();
		expect(new Set(posts().map((r) => r.raw.toString())).size).toBe(1);
		expect(standIn.webhooks.deliveries.map((d) => [d.copy, d.mode, d.status])).toEqual([
			[1, 'concurrent', 200],
			[2, 'concurrent', 200],
			[3, 'concurrent', 200],
		]);
	});

	it('forgeNext(): the next notification carries a wrong signature; retries resend it unchanged', async () => {
		receiver.answer = (req, res, record) => {
			res.writeHead(record.headers['x-dropbox-signature'] === hmac(record.raw) ? 200 : 403);
			res.end();
		};
		standIn.webhooks.configure({ url: receiver.url, delayMs: 5, retries: 1, backoffMs: 10 });
		standIn.webhooks.forgeNext();
		put('/Forged/a.txt');
		await receiver.waitFor(2);
		await standIn.webhooks.idle();
		expect(standIn.webhooks.deliveries.map((d) => [d.forged, d.status])).toEqual([
			[true, 403],
			[true, 403],
		]);
		expect(posts()[0].headers['x-dropbox-signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(posts()[0].headers['x-dropbox-signature']).not.toBe(hmac(posts()[0].raw));

		await standIn.webhooks.notify();
		expect(standIn.webhooks.deliveries.at(-1)).toMatchObject({ forged: false, status: 200 });
	});
});

describe('the URL check', () => {
	it('verify(): GET ?challenge=… echoed as text/plain with nosniff', async () => {
		const result = await standIn.webhooks.verify();
		expect(result).toMatchObject({ ok: true, status: 200, contentType: 'text/plain', contentTypeOptions: 'nosniff', problems: [] });
		expect(result.body).toBe(result.challenge);
		expect(result.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
		const [request] = receiver.seen;
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`/webhook/abc/dropbox?challenge=${result.challenge}`);
	});

	it('verify() names what is wrong with an answer', async () => {
		receiver.answer = (req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"challenge":"nope"}');
		};
		const result = await standIn.webhooks.verify(receiver.url);
		expect(result.ok).toBe(false);
		expect(result.problems).toEqual([
			expect.stringMatching(/is not the challenge/),
			expect.stringMatching(/expected text\/plain/),
			expect.stringMatching(/expected nosniff/),
		]);
		await receiver.close();
		const down = await standIn.webhooks.verify(receiver.url);
		expect(down).toMatchObject({ ok: false, status: null });
		expect(down.problems[0]).toMatch(/no answer/);
	});
});

describe('the HTTP control surface', () => {
	const control = async (action, body = {}) => {
		const response = await fetch(`${standIn.url}/__standin/webhooks/${action}`, { method: 'POST', body: JSON.stringify(body) });
		return { status: response.status, body: await response.json() };
	};

	it('configure, verify, forge-next, duplicates, notify, deliveries', async () => {
		standIn.webhooks.disable();
		const configured = await control('configure', { url: receiver.url, delayMs: 5, backoffMs: 10, retries: 0 });
		expect(configured.status).toBe(200);
		expect(configured.body).toMatchObject({ url: receiver.url, appType: 'user', delayMs: 5, retries: 0 });
		expect(configured.body.appSecret).toBeUndefined();
		expect((await control('config')).body.config.url).toBe(receiver.url);

		expect((await control('verify')).body).toMatchObject({ ok: true, status: 200 });

		await control('forge-next');
		await control('duplicates', { n: 2 });
		put('/Control/a.txt');
		await control('idle');
		const { body } = await control('deliveries', { clear: true });
		expect(body.deliveries.map((d) => [d.forged, d.copy, d.status])).toEqual([
			[true, 1, 200],
			[true, 2, 200],
		]);
		expect(standIn.webhooks.deliveries).toHaveLength(0);

		const notified = await control('notify', { account: standIn.store.personal().account_id });
		expect(notified.body.deliveries).toHaveLength(1);
		expect((await control('disable')).body).toEqual({ ok: true });
		expect((await control('configure', {})).status).toBe(400);
		expect((await control('nope')).status).toBe(404);
	});
});

describe('stopping', () => {
	it('stop() ends pending retries at once', async () => {
		const own = await startDropboxStandIn();
		await receiver.close();
		own.webhooks.configure({ url: receiver.url, delayMs: 1, retries: 10, backoffMs: 60_000 });
		own.store.putFile(own.store.personal().home_namespace_id, '/x.txt', Buffer.from('x'));
		while (!own.webhooks.deliveries[0]?.error) await sleep(5); // the first try failed; a retry waits a minute
		const started = Date.now();
		await own.stop();
		await own.webhooks.idle();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(own.webhooks.deliveries).toHaveLength(1);
	});
});
