// File Request resource in a real n8n: every operation once in one activated workflow (create with a deadline, get,
// update, count, list, delete, delete all closed), the Basic account's refused deadline with the plan hint, and the
// example that collects documents from a customer into a folder of their own.
import { standInCredential } from '../../../scripts/n8n.cjs';
import { fileRequests } from '../../emulator/fileRequests';
import { errorText, output, requestsTo, runInEditor, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { byPath, webhookWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';

/** A credential of the outsider Mateo, whose account is on Dropbox Basic. */
const BASIC_CREDENTIAL: CredentialRef = { id: 'DbxE2eFileReqBas', name: 'Dropbox Suite (Basic account, file requests)' };
const MATEO_EMAIL = 'mateo.alvarez@example.org';

const hook = (name: string) => `e2e-file-request-${name}`;
const fromWebhook = (field: string) => `={{ $('Webhook').item.json.body.${field} }}`;
const createdId = "={{ $('Create').item.json.id }}";

const workflows = [
	webhookWorkflow('E2eFileReqEvery1', 'e2e file request: every operation', hook('every'), [
		{
			name: 'Create',
			parameters: {
				resource: 'fileRequest',
				operation: 'create',
				title: fromWebhook('title'),
				destination: byPath(fromWebhook('folder')),
				options: { description: 'Bitte hochladen – danke!', deadline: '={{ $now.plus({ days: 7 }).toISO() }}', allowLateUploads: 'one_day' },
			},
		},
		{ name: 'Get', parameters: { resource: 'fileRequest', operation: 'get', id: createdId } },
		{ name: 'Update', parameters: { resource: 'fileRequest', operation: 'update', id: createdId, updateFields: { title: 'Geschlossen', status: 'closed', removeDeadline: true } } },
		{ name: 'Count', parameters: { resource: 'fileRequest', operation: 'count' } },
		{ name: 'List', parameters: { resource: 'fileRequest', operation: 'list', returnAll: false, limit: 1 } },
		{ name: 'Delete', parameters: { resource: 'fileRequest', operation: 'delete', ids: createdId } },
		{
			name: 'Create Closed',
			parameters: { resource: 'fileRequest', operation: 'create', title: 'Closed from the start', destination: byPath(fromWebhook('folder')), options: { open: false } },
		},
		{ name: 'Delete All Closed', parameters: { resource: 'fileRequest', operation: 'deleteAllClosed' } },
	]),
	webhookWorkflow('E2eFileReqBasic1', 'e2e file request: deadline on a Basic account', hook('basic'), [
		{
			name: 'Create',
			parameters: { resource: 'fileRequest', operation: 'create', title: 'CVs', destination: byPath('/CVs'), options: { deadline: '={{ $now.plus({ days: 3 }).toISO() }}' } },
			credential: BASIC_CREDENTIAL,
		},
	]),
];

export const fileRequestsArea: E2eArea = {
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
	const model = () => fileRequests(ctx.standIn.store);

	describe('File Request operations through an activated workflow', () => {
		test('every operation once: create with a deadline, get, update, count, list, delete, delete all closed', async () => {
			ctx.standIn.clearRequests();
			const run = await runWebhook(ctx, 'E2eFileReqEvery1', hook('every'), { title: 'Unterlagen für Léa', folder: '/E2E Requests/Léa' });
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const [created] = output(run.execution, 'Create');
			expect(created).toMatchObject({ title: 'Unterlagen für Léa', destination: '/E2E Requests/Léa', is_open: true, description: 'Bitte hochladen – danke!', deadline: { allow_late_uploads: { '.tag': 'one_day' } } });
			expect(created.url).toBe(`https://www.dropbox.com/request/${String(created.id)}`);
			expect(Date.parse(String((created.deadline as { deadline: string }).deadline))).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
			expect(output(run.execution, 'Get')[0]).toMatchObject({ id: created.id, url: created.url });
			const [updated] = output(run.execution, 'Update');
			expect(updated).toMatchObject({ id: created.id, title: 'Geschlossen', is_open: false });
			expect(updated.deadline).toBeUndefined();
			expect(Number(output(run.execution, 'Count')[0].file_request_count)).toBeGreaterThanOrEqual(1);
			expect(output(run.execution, 'List')).toHaveLength(1);
			expect(output(run.execution, 'Delete')).toEqual([expect.objectContaining({ id: created.id, deleted: true })]);
			const [closed] = output(run.execution, 'Create Closed');
			expect(closed).toMatchObject({ is_open: false });
			expect(output(run.execution, 'Delete All Closed').map((request) => request.id)).toContain(closed.id);
			expect(model().find(String(created.id))).toBeUndefined();
			expect(model().find(String(closed.id))).toBeUndefined();
			expect(requestsTo(ctx, 'file_requests/create').map((request) => request.status)).toEqual([200, 200]);
			expect(ctx.standIn.store.lookup(ctx.standIn.store.personal().home_namespace_id, '/e2e requests/léa')?.tag).toBe('folder');
		});

		test('a deadline on the Basic account fails the execution with Dropbox\'s reason and the plan that allows it', async () => {
			const run = await runWebhook(ctx, 'E2eFileReqBasic1', hook('basic'), {});
			expect(run.execution.status).toBe('error');
			const text = errorText(run.execution);
			expect(text).toContain('no_permission');
			expect(text).toContain('deadlines need a paid Dropbox plan');
		});
	});

	describe('the example "collect documents from customers into organized folders"', () => {
		test('creates the customer\'s folder and a request with a deadline into it, and writes the email with the link', async () => {
			ctx.standIn.clearRequests();
			const execution = await runInEditor(ctx, 'DbxExampleFileRq');
			expect(errorText(execution)).toBe('');
			expect(execution.status).toBe('success');
			const [customer] = output(execution, 'The customer');
			const [folder] = output(execution, "Create the customer's folder");
			const [asked] = output(execution, 'Ask for the documents');
			const [email] = output(execution, 'Email with the upload link');
			expect(String(folder.path_display)).toMatch(/^\/Clients\/Acme Café GmbH\/Documents \d{4}-\d{2}( \(\d+\))?$/);
			expect(asked).toMatchObject({ title: 'Documents for Acme Café GmbH', destination: folder.path_display, is_open: true, deadline: { allow_late_uploads: { '.tag': 'two_days' } } });
			expect(Date.parse(String((asked.deadline as { deadline: string }).deadline))).toBe(Date.parse(String(customer.deadline)));
			expect(email).toMatchObject({ to: 'buchhaltung@acme-cafe.example', url: asked.url, folder: folder.path_display });
			expect(String(email.text)).toContain(String(asked.url));
			// The request takes files into the new folder: each one counts.
			const home = ctx.standIn.store.personal().home_namespace_id;
			ctx.standIn.store.putFile(home, `${String(folder.path_display)}/Kontoauszug März.pdf`, Buffer.from('pdf'));
			expect(model().find(String(asked.id))?.fileCount).toBe(1);
		});
	});
}
