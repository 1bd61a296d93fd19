// The Dropbox client as n8n runs it: team headers, retries (with the waits asked of sleep, not wall time),
// n8n's own OAuth2 refresh against the stand-in's token endpoint, and every error hint.
import { NodeApiError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const getCurrent = (requestOptions: Record<string, unknown> = {}) => ({ resource: 'account', operation: 'getCurrent', requestOptions });
const ROUTE = 'users/get_current_account';

describe('team context', () => {
	it('acts as a member with Dropbox-API-Select-User', async () => {
		const member = dropbox.standIn.team.members[1];
		const result = await dropbox.run(getCurrent({ actAs: 'member', teamMemberId: member.team_member_id }), { tokens: { team: true } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.account_id).toBe(member.account_id);
		const [request] = dropbox.requestsTo(ROUTE);
		expect(request.headers['dropbox-api-select-user']).toBe(member.team_member_id);
		expect(request.headers['dropbox-api-select-admin']).toBeUndefined();
	});

	it('acts as an admin with Dropbox-API-Select-Admin where the route allows it', async () => {
		const admin = dropbox.standIn.team.adminMemberId;
		const result = await dropbox.run(getCurrent({ actAs: 'admin', teamMemberId: admin }), { tokens: { team: true } });
		expect(result.error).toBeUndefined();
		expect(dropbox.requestsTo(ROUTE)[0].headers['dropbox-api-select-admin']).toBe(admin);
	});

	it('refuses admin mode on a route without it, before any request', async () => {
		const admin = dropbox.standIn.team.adminMemberId;
		const result = await dropbox.run({ resource: 'account', operation: 'getSpaceUsage', requestOptions: { actAs: 'admin', teamMemberId: admin } }, { tokens: { team: true } });
		expect(result.error?.message).toContain('does not let a team admin call "users/get_space_usage"');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('addresses the team space root: looks up the root namespace once, then sends Dropbox-API-Path-Root', async () => {
		const member = dropbox.standIn.team.members[1];
		const result = await dropbox.run(getCurrent({ actAs: 'member', teamMemberId: member.team_member_id, pathRoot: 'teamSpace' }), { tokens: { team: true } });
		expect(result.error).toBeUndefined();
		const [lookup, call] = dropbox.requestsTo(ROUTE);
		expect(lookup.headers['dropbox-api-path-root']).toBeUndefined();
		expect(JSON.parse(String(call.headers['dropbox-api-path-root']))).toEqual({ '.tag': 'root', root: member.root_namespace_id });
	});

	it('sends a namespace path root', async () => {
		const namespaceId = dropbox.standIn.defaultAccount.root_info.root_namespace_id;
		await dropbox.run(getCurrent({ pathRoot: 'namespace', namespaceId }));
		expect(JSON.parse(String(dropbox.requestsTo(ROUTE)[0].headers['dropbox-api-path-root']))).toEqual({ '.tag': 'namespace_id', namespace_id: namespaceId });
	});

	it('explains a 422 path root mismatch', async () => {
		const member = dropbox.standIn.team.members[1];
		const result = await dropbox.run(getCurrent({ actAs: 'member', teamMemberId: member.team_member_id, pathRoot: 'namespace', namespaceId: '999999' }), { tokens: { team: true } });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('422');
		expect(result.error?.description).toContain('team space root changed');
	});

	it('explains an unknown team member', async () => {
		const result = await dropbox.run(getCurrent({ actAs: 'member', teamMemberId: 'dbmid:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), { tokens: { team: true } });
		expect(result.error?.message).toBe('Dropbox: invalid_select_user');
		expect(result.error?.description).toContain('not an active member');
	});
});

describe('retries', () => {
	it('waits the Retry-After of a JSON 429, then succeeds', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'rate_limit', retryAfter: 3, body: 'json', times: 2 });
		const result = await dropbox.run(getCurrent());
		expect(result.error).toBeUndefined();
		expect(result.sleeps).toEqual([3000, 3000]);
		expect(dropbox.requestsTo(ROUTE).map((r) => r.status)).toEqual([429, 429, 200]);
	});

	it('waits the Retry-After of a text 429 too', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'rate_limit', retryAfter: 2, body: 'text', times: 1 });
		const result = await dropbox.run(getCurrent());
		expect(result.error).toBeUndefined();
		expect(result.sleeps).toEqual([2000]);
	});

	it('backs off exponentially with jitter on 5xx', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'server_error', status: 503, times: 2 });
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'server_error', status: 500, times: 1 });
		const result = await dropbox.run(getCurrent());
		expect(result.error).toBeUndefined();
		const [first, second, third] = result.sleeps;
		expect(first).toBeGreaterThanOrEqual(500);
		expect(first).toBeLessThanOrEqual(1000);
		expect(second).toBeGreaterThanOrEqual(1000);
		expect(second).toBeLessThanOrEqual(2000);
		expect(third).toBeGreaterThanOrEqual(2000);
		expect(third).toBeLessThanOrEqual(4000);
	});

	it('retries a dropped connection', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'drop', times: 1 });
		const result = await dropbox.run(getCurrent());
		expect(result.error).toBeUndefined();
		expect(result.sleeps).toHaveLength(1);
		expect(dropbox.requestsTo(ROUTE).map((r) => r.status)).toEqual([null, 200]);
	});

	it('retries too_many_write_operations as a 429', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'write_contention', retryAfter: 1, times: 1 });
		const result = await dropbox.run(getCurrent());
		expect(result.error).toBeUndefined();
		expect(result.sleeps).toEqual([1000]);
	});

	it('gives up after Max Attempts with a clear error', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'rate_limit', retryAfter: 1, body: 'json', times: 10 });
		const result = await dropbox.run(getCurrent({ maxAttempts: 3 }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Dropbox: too_many_requests');
		expect(result.error?.description).toContain('Gave up after 3 attempts');
		expect(result.error?.description).toContain('Max Attempts');
		expect(result.sleeps).toEqual([1000, 1000]);
		expect(dropbox.requestsTo(ROUTE)).toHaveLength(3);
	});

	it('does not wait past Max Wait', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'rate_limit', retryAfter: 300, body: 'json', times: 1 });
		const result = await dropbox.run(getCurrent({ maxWaitSeconds: 60 }));
		expect(result.error?.message).toBe('Dropbox: too_many_requests');
		expect(result.sleeps).toEqual([]);
	});

	it('gives up on persistent server errors', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'server_error', status: 500, times: 10 });
		const result = await dropbox.run(getCurrent({ maxAttempts: 2 }));
		expect((result.error as NodeApiError).httpCode).toBe('500');
		expect(result.error?.description).toContain('Dropbox is having trouble');
	});
});

describe('tokens', () => {
	it('refreshes an expired access token through n8n\'s OAuth2 path and stores the new one', async () => {
		const stored = dropbox.credential();
		const before = stored.data.oauthTokenData.access_token;
		dropbox.standIn.expireAccessTokens();
		const result = await dropbox.run(getCurrent(), { credential: stored });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.account_id).toBe(dropbox.standIn.defaultAccount.account_id);
		expect(dropbox.standIn.requests.map((r) => [r.route, r.status])).toEqual([
			[ROUTE, 401],
			['oauth2/token', 200],
			[ROUTE, 200],
		]);
		const after = (result.credentials[stored.id].oauthTokenData as { access_token: string }).access_token;
		expect(after).not.toBe(before);
	});

	it('says to reconnect when the token is still expired after n8n refreshed it', async () => {
		dropbox.standIn.injectFault({ route: ROUTE, kind: 'expired_token', times: 2 });
		const result = await dropbox.run(getCurrent());
		expect(result.error?.message).toBe('Dropbox: expired_access_token');
		expect(result.error?.description).toContain('Reconnect');
	});
});
