// Account resource in a real n8n: every operation through an activated workflow, the examples through
// `n8n execute --id`, n8n's own OAuth2 refresh of an expired token, a missing scope, and a 429 storm.
import { standInCredential } from '../../../scripts/n8n.cjs';
import { errorText, output, requestsTo, runCli, runInEditor, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { manualWorkflow, webhookWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';

/** A credential that was granted account_info.read only (no sharing.read, which users/get_account needs). */
const NARROW_CREDENTIAL: CredentialRef = { id: 'DbxE2eAcctInfoOn', name: 'Dropbox Suite (account_info.read only)' };

const FEATURES = ['paper_as_files', 'file_locking', 'team_shared_dropbox', 'distinct_member_home'];

const hook = (operation: string) => `e2e-account-${operation}`;

const workflows = [
	webhookWorkflow('E2eAcctCheckAcc', 'e2e account checkAccess', hook('checkAccess'), [
		{ name: 'Check access', parameters: { resource: 'account', operation: 'checkAccess', query: '={{ $json.body.query }}' } },
	]),
	webhookWorkflow('E2eAcctGetCurrent', 'e2e account getCurrent', hook('getCurrent'), [
		{ name: 'Get current', parameters: { resource: 'account', operation: 'getCurrent' } },
	]),
	webhookWorkflow('E2eAcctSpaceUsage', 'e2e account getSpaceUsage', hook('getSpaceUsage'), [
		{ name: 'Space usage', parameters: { resource: 'account', operation: 'getSpaceUsage', simplify: true } },
		{ name: 'Space usage raw', parameters: { resource: 'account', operation: 'getSpaceUsage', simplify: false } },
	]),
	webhookWorkflow('E2eAcctGet', 'e2e account get', hook('get'), [
		{ name: 'Get account', parameters: { resource: 'account', operation: 'get', accountId: '={{ $json.body.accountId }}' } },
	]),
	webhookWorkflow('E2eAcctGetMany', 'e2e account getMany', hook('getMany'), [
		{ name: 'Get many', parameters: { resource: 'account', operation: 'getMany', accountIds: '={{ $json.body.accountIds }}' } },
	]),
	webhookWorkflow('E2eAcctFeatures', 'e2e account getFeatures', hook('getFeatures'), [
		{ name: 'Features', parameters: { resource: 'account', operation: 'getFeatures', features: FEATURES, simplify: true } },
	]),
	webhookWorkflow('E2eAcctGetNarrow', 'e2e account get without sharing.read', hook('get-narrow'), [
		{
			name: 'Get account',
			parameters: { resource: 'account', operation: 'get', accountId: '={{ $json.body.accountId }}' },
			credential: NARROW_CREDENTIAL,
		},
	]),
	manualWorkflow('E2eAcctCliCurrent', 'e2e account getCurrent (CLI)', [
		{ name: 'Get current', parameters: { resource: 'account', operation: 'getCurrent' } },
	]),
];

export const accountArea: E2eArea = {
	credentials: (standIn) => [
		standInCredential(standIn.issueTokens({ scopes: ['account_info.read'] }), {
			id: NARROW_CREDENTIAL.id,
			name: NARROW_CREDENTIAL.name,
			scopePreset: 'custom',
		}),
	],
	workflows,
	activate: workflows.filter((workflow) => workflow.nodes[0].type === 'n8n-nodes-base.webhook').map((workflow) => workflow.id),
	register,
};

function register(ctx: E2eContext) {
	const personal = () => ctx.standIn.defaultAccount;
	const outsider = () => {
		const found = [...ctx.standIn.store.accounts.values()].find((account) => account.email === 'mateo.alvarez@example.org');
		if (!found) throw new Error('the stand-in has no outsider account');
		return found;
	};

	describe('Account operations through activated workflows', () => {
		test('Check Access: Dropbox echoes the text back', async () => {
			const run = await runWebhook(ctx, 'E2eAcctCheckAcc', hook('checkAccess'), { query: 'Grüße aus n8n ✓' });
			expect(run.execution.status).toBe('success');
			expect(output(run.execution, 'Check access')).toEqual([{ result: 'Grüße aus n8n ✓' }]);
			expect(run.status).toBe(200);
		});

		test('Get Current: the personal account, field by field', async () => {
			const run = await runWebhook(ctx, 'E2eAcctGetCurrent', hook('getCurrent'));
			expect(run.execution.status).toBe('success');
			const [account] = output(run.execution, 'Get current');
			const expected = personal();
			expect(account.account_id).toBe(expected.account_id);
			expect(account.email).toBe(expected.email);
			expect(account.name).toEqual(expected.name);
			expect(account.account_type).toEqual(expected.account_type);
			expect(account.root_info).toEqual(expected.root_info);
			expect(account).toEqual(expected);
			expect(run.body).toEqual([expected]);
		});

		test('Get Space Usage: simplified and raw, as the stand-in counts them', async () => {
			const run = await runWebhook(ctx, 'E2eAcctSpaceUsage', hook('getSpaceUsage'));
			expect(run.execution.status).toBe('success');
			const account = ctx.standIn.store.personal();
			const used = ctx.standIn.store.usedBytes([account.home_namespace_id]);
			const [simple] = output(run.execution, 'Space usage');
			expect(simple).toEqual({
				allocationType: 'individual',
				used,
				allocated: account.allocated,
				remaining: account.allocated - used,
				usedPercent: Math.round((used / account.allocated) * 10_000) / 100,
			});
			const [raw] = output(run.execution, 'Space usage raw');
			expect(raw).toEqual({ used, allocation: { '.tag': 'individual', allocated: account.allocated } });
		});

		test('Get: another account by ID', async () => {
			const other = outsider();
			const run = await runWebhook(ctx, 'E2eAcctGet', hook('get'), { accountId: other.account_id });
			expect(run.execution.status).toBe('success');
			const [account] = output(run.execution, 'Get account');
			expect(account.account_id).toBe(other.account_id);
			expect(account.email).toBe(other.email);
			expect(account.name).toEqual(other.name);
			expect(account.email_verified).toBe(other.email_verified);
			expect(account.disabled).toBe(other.disabled);
		});

		test('Get Many: one item per account, in the order asked', async () => {
			const other = outsider();
			const me = personal();
			const run = await runWebhook(ctx, 'E2eAcctGetMany', hook('getMany'), {
				accountIds: `${other.account_id}, ${me.account_id},${other.account_id}`,
			});
			expect(run.execution.status).toBe('success');
			const accounts = output(run.execution, 'Get many');
			expect(accounts.map((account) => account.account_id)).toEqual([other.account_id, me.account_id]);
			expect(accounts.map((account) => account.email)).toEqual([other.email, me.email]);
			const sent = requestsTo(ctx, 'users/get_account_batch').at(-1);
			expect(sent?.arg).toEqual({ account_ids: [other.account_id, me.account_id] });
		});

		test('Get Features: the four feature values of a personal account', async () => {
			const run = await runWebhook(ctx, 'E2eAcctFeatures', hook('getFeatures'));
			expect(run.execution.status).toBe('success');
			expect(output(run.execution, 'Features')).toEqual([
				{ paper_as_files: true, file_locking: false, team_shared_dropbox: false, distinct_member_home: false },
			]);
		});
	});

	describe('Account examples (examples/*.json)', () => {
		test('"who am I and how much space is left" summarises the account (`n8n execute --id`)', async () => {
			const execution = await runCli(ctx, 'DbxExampleWhoAmI');
			expect(execution.status).toBe('success');
			expect(execution.mode).toBe('cli');
			const account = ctx.standIn.store.personal();
			const used = ctx.standIn.store.usedBytes([account.home_namespace_id]);
			const [summary] = output(execution, 'Summary');
			expect(summary).toMatchObject({
				name: personal().name.display_name,
				email: personal().email,
				accountType: 'pro',
				usedBytes: used,
				allocatedBytes: account.allocated,
				remainingGiB: Math.round(((account.allocated - used) / 1024 ** 3) * 100) / 100,
			});
		});

		test('"which features does my account have" (run as the editor does)', async () => {
			const execution = await runInEditor(ctx, 'DbxExampleFeatur');
			expect(execution.status).toBe('success');
			expect(execution.mode).toBe('manual');
			expect(output(execution, 'Features')).toEqual([
				{ paper_as_files: true, file_locking: false, team_shared_dropbox: false, distinct_member_home: false },
			]);
		});

		test('"look up accounts by ID" (run as the editor does)', async () => {
			const execution = await runInEditor(ctx, 'DbxExampleLookup');
			expect(execution.status).toBe('success');
			const me = personal();
			expect(output(execution, 'Check access')).toEqual([{ result: 'hello from n8n' }]);
			expect(output(execution, 'Who am I')[0].account_id).toBe(me.account_id);
			expect(output(execution, 'Get account')[0]).toMatchObject({ account_id: me.account_id, email: me.email });
			expect(output(execution, 'Get many accounts').map((account) => account.account_id)).toEqual([me.account_id]);
		});
	});

	describe('Tokens, scopes and rate limits', () => {
		test("an expired access token: n8n's OAuth2 refresh gets a new one from the token endpoint and the run succeeds", async () => {
			ctx.standIn.expireAccessTokens();
			ctx.standIn.clearRequests();
			const execution = await runInEditor(ctx, 'E2eAcctCliCurrent');
			expect(execution.status).toBe('success');
			expect(output(execution, 'Get current')[0].account_id).toBe(personal().account_id);
			const seen = ctx.standIn.requests.map((request) => `${request.route} ${request.status}`);
			expect(seen).toEqual(['users/get_current_account 401', 'oauth2/token 200', 'users/get_current_account 200']);
			const refresh = requestsTo(ctx, 'oauth2/token')[0];
			expect(refresh.host).toBe('api.dropboxapi.com');

			// n8n stored the new token: the next run needs no refresh.
			ctx.standIn.clearRequests();
			const again = await runInEditor(ctx, 'E2eAcctCliCurrent');
			expect(again.status).toBe('success');
			expect(ctx.standIn.requests.map((request) => `${request.route} ${request.status}`)).toEqual(['users/get_current_account 200']);
		});

		test('a missing scope fails the execution with a message naming sharing.read and saying to reconnect', async () => {
			ctx.standIn.clearRequests();
			const run = await runWebhook(ctx, 'E2eAcctGetNarrow', hook('get-narrow'), { accountId: outsider().account_id });
			expect(run.status).toBe(500);
			expect(run.execution.status).toBe('error');
			const text = errorText(run.execution);
			expect(text).toMatch(/sharing\.read/);
			expect(text).toMatch(/reconnect/i);
			expect(run.execution.data.resultData.lastNodeExecuted).toBe('Get account');
			const calls = requestsTo(ctx, 'users/get_account');
			expect(calls.length).toBeGreaterThan(0);
			expect(calls.every((request) => request.status === 401)).toBe(true);
		});

		test('a 429 storm: three rate-limited answers (Retry-After 1 s), then success', async () => {
			ctx.standIn.clearRequests();
			ctx.standIn.injectFault({ route: 'users/get_current_account', kind: 'rate_limit', times: 3, retryAfter: 1 });
			try {
				const run = await runWebhook(ctx, 'E2eAcctGetCurrent', hook('getCurrent'));
				expect(run.execution.status).toBe('success');
				expect(output(run.execution, 'Get current')[0]).toEqual(personal());
				const calls = requestsTo(ctx, 'users/get_current_account');
				expect(calls.map((request) => request.status)).toEqual([429, 429, 429, 200]);
				for (let i = 1; i < calls.length; i++) {
					expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(900);
				}
			} finally {
				ctx.standIn.clearFaults();
			}
		});
	});
}
