// Shared Link resource in a real n8n: every operation once in one activated workflow (create with a password and
// an expiry, get or create, metadata, download through the link, list, update settings, revoke), the Basic
// account's refusal with Dropbox's reason and the plan hint, and the example that hands out a large file.
import { standInCredential } from '../../../scripts/n8n.cjs';
import { errorText, output, requestsTo, runInEditor, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { byPath, webhookWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';

/** A credential of the outsider Mateo, whose account is on Dropbox Basic. */
const BASIC_CREDENTIAL: CredentialRef = { id: 'DbxE2eLinkBasic1', name: 'Dropbox Suite (Basic account)' };
const MATEO_EMAIL = 'mateo.alvarez@example.org';
const PASSWORD = 'e2e-Pässwort';

const hook = (name: string) => `e2e-shared-link-${name}`;
const fromWebhook = (field: string) => `={{ $('Webhook').item.json.body.${field} }}`;
const createdUrl = "={{ $('Create').item.json.url }}";

const workflows = [
	webhookWorkflow('E2eLinkEveryOp01', 'e2e shared link: every operation', hook('every'), [
		{
			name: 'Create',
			parameters: {
				resource: 'sharedLink',
				operation: 'create',
				path: byPath(fromWebhook('path')),
				options: { password: PASSWORD, expires: '={{ $now.plus({ days: 7 }).toISO() }}' },
			},
		},
		{ name: 'Get or Create', parameters: { resource: 'sharedLink', operation: 'getOrCreate', path: byPath(fromWebhook('path')) } },
		{ name: 'Get Metadata', parameters: { resource: 'sharedLink', operation: 'getMetadata', url: createdUrl, options: { linkPassword: PASSWORD } } },
		{ name: 'Download File', parameters: { resource: 'sharedLink', operation: 'downloadFile', url: createdUrl, options: { linkPassword: PASSWORD } } },
		{ name: 'List', parameters: { resource: 'sharedLink', operation: 'list', path: byPath(fromWebhook('path')), returnAll: true, options: { directOnly: true } } },
		{ name: 'Update Settings', parameters: { resource: 'sharedLink', operation: 'updateSettings', url: createdUrl, updateFields: { removeExpiration: true, removePassword: true } } },
		{ name: 'Revoke', parameters: { resource: 'sharedLink', operation: 'revoke', url: createdUrl } },
	]),
	webhookWorkflow('E2eLinkBasicNo01', 'e2e shared link: password on a Basic account', hook('basic'), [
		{
			name: 'Create',
			parameters: { resource: 'sharedLink', operation: 'create', path: byPath(fromWebhook('path')), options: { password: 'x' } },
			credential: BASIC_CREDENTIAL,
		},
	]),
];

export const sharedLinksArea: E2eArea = {
	credentials: (standIn) => {
		const mateo = [...standIn.store.accounts.values()].find((account) => account.email === MATEO_EMAIL);
		if (!mateo) throw new Error('the stand-in has no outsider account');
		return [standInCredential(standIn.issueTokens({ account: mateo.account_id }), { id: BASIC_CREDENTIAL.id, name: BASIC_CREDENTIAL.name })];
	},
	workflows,
	activate: workflows.map((workflow) => workflow.id),
	register,
};

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;

	describe('Shared Link operations through an activated workflow', () => {
		test('every operation once: create with password and expiry, get or create, metadata, download, list, update, revoke', async () => {
			ctx.standIn.store.putFile(home(), '/E2E Links/Übergabe.txt', Buffer.from('Übergabe für Léa ✓'));
			ctx.standIn.clearRequests();
			const run = await runWebhook(ctx, 'E2eLinkEveryOp01', hook('every'), { path: '/E2E Links/Übergabe.txt' });
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const [created] = output(run.execution, 'Create');
			expect(String(created.url)).toMatch(/^https:\/\/www\.dropbox\.com\/scl\/fi\/\w+\/.+\?rlkey=\w+&dl=0$/);
			expect(created).toMatchObject({ name: 'Übergabe.txt', path_lower: '/e2e links/übergabe.txt', link_permissions: { require_password: true } });
			expect(Date.parse(String(created.expires))).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
			expect(output(run.execution, 'Get or Create')[0].url).toBe(created.url);
			expect(output(run.execution, 'Get Metadata')[0]).toMatchObject({ url: created.url, name: 'Übergabe.txt' });
			expect(output(run.execution, 'Download File')[0]).toMatchObject({ name: 'Übergabe.txt' });
			const [download] = requestsTo(ctx, 'sharing/get_shared_link_file');
			expect(download).toMatchObject({ host: 'content.dropboxapi.com', status: 200 });
			expect(output(run.execution, 'List').map((link) => link.url)).toEqual([created.url]);
			const [updated] = output(run.execution, 'Update Settings');
			expect(updated.expires).toBeUndefined();
			expect(updated).toMatchObject({ link_permissions: { require_password: false } });
			expect(output(run.execution, 'Revoke')).toEqual([{ url: created.url, revoked: true }]);
			expect(run.body).toEqual([{ url: created.url, revoked: true }]);
			// One link was made, and it is gone now.
			expect(requestsTo(ctx, 'sharing/create_shared_link_with_settings').map((request) => request.status)).toEqual([200, 409]);
			expect(requestsTo(ctx, 'sharing/revoke_shared_link').map((request) => request.status)).toEqual([200]);
		});

		test('a password on the Basic account fails the execution with Dropbox\'s reason and the plan that allows it', async () => {
			const mateo = [...ctx.standIn.store.accounts.values()].find((account) => account.email === MATEO_EMAIL);
			ctx.standIn.store.putFile(String(mateo?.home_namespace_id), '/Bewerbung.pdf', Buffer.from('pdf'));
			const run = await runWebhook(ctx, 'E2eLinkBasicNo01', hook('basic'), { path: '/Bewerbung.pdf' });
			expect(run.execution.status).toBe('error');
			const text = errorText(run.execution);
			expect(text).toContain('settings_error/not_authorized');
			expect(text).toContain('a password needs a paid Dropbox plan');
		});
	});

	describe('the example "hand out a large file behind a password-protected link for seven days"', () => {
		test('makes a public link with a password and a seven-day expiry to the seeded video, and it opens with the password', async () => {
			ctx.standIn.clearRequests();
			const execution = await runInEditor(ctx, 'DbxExampleLnkPwd');
			expect(errorText(execution)).toBe('');
			expect(execution.status).toBe('success');
			const [prepared] = output(execution, 'Prepare the delivery');
			const [shared] = output(execution, 'Share with password and expiry');
			const [message] = output(execution, 'Message for the recipient');
			expect(shared).toMatchObject({ name: 'Nordlicht Relaunch – final cut.mp4', link_permissions: { require_password: true, effective_audience: { '.tag': 'public' } } });
			expect(Date.parse(String(shared.expires))).toBe(Date.parse(String(prepared.expires)));
			expect(message).toMatchObject({ url: shared.url, password: prepared.password, sizeMiB: 48 });
			expect(String(message.message)).toContain(String(shared.url));
			const opened = requestsTo(ctx, 'sharing/get_shared_link_metadata');
			expect(opened.map((request) => [request.status, (request.arg as { link_password?: string }).link_password])).toEqual([[200, prepared.password]]);
		});
	});
}
