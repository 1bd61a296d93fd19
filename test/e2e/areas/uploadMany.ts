// File → Upload Many in a real n8n: files made by n8n's own Convert to File node (in n8n's binary store) go up in
// one start_batch, one append_batch and one finish_batch_v2; each item gets its own outcome, a conflict included.
import { errorText, output, requestsTo, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { webhookWorkflow } from '../workflows';

const HOOK = 'e2e-upload-many';

const workflows = [
	webhookWorkflow('E2eUploadMany001', 'e2e file: upload many', HOOK, [
		{
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'body.files', include: 'noOtherFields', options: {} },
		},
		{
			name: 'Convert to File',
			type: 'n8n-nodes-base.convertToFile',
			typeVersion: 1.1,
			parameters: { operation: 'toText', sourceProperty: 'content', binaryPropertyName: 'data', options: { fileName: '={{ $json.name }}' } },
		},
		{
			name: 'Upload Many',
			parameters: { resource: 'file', operation: 'uploadMany', path: "={{ $('Split Out').item.json.path }}", binaryPropertyName: 'data', options: {} },
		},
	]),
];

export const uploadManyArea: E2eArea = {
	workflows,
	activate: workflows.map((workflow) => workflow.id),
	register,
};

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;

	describe('File → Upload Many through an activated workflow', () => {
		test('uploads n8n-made files in one batch commit; a taken path fails on its own item only', async () => {
			ctx.standIn.store.putFile(home(), '/E2E Many/taken.txt', Buffer.from('was here first'));
			ctx.standIn.clearRequests();
			const files = [
				{ name: 'Grüße.txt', path: '/E2E Many/Grüße.txt', content: 'Grüße aus n8n ✓' },
				{ name: 'taken.txt', path: '/E2E Many/taken.txt', content: 'second' },
				{ name: 'three.txt', path: '/E2E Many/three.txt', content: 'drei' },
			];
			const run = await runWebhook(ctx, 'E2eUploadMany001', HOOK, { files });
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const items = output(run.execution, 'Upload Many');
			expect(items.map((item) => item.status)).toEqual(['success', 'failed', 'success']);
			expect(items[0]).toMatchObject({ path_display: '/E2E Many/Grüße.txt', size: Buffer.byteLength('Grüße aus n8n ✓') });
			expect(String(items[1].error)).toContain('path/conflict/file');
			expect(String(items[1].description)).toContain('Something already exists at "/E2E Many/taken.txt"');
			for (const route of ['files/upload_session/start_batch', 'files/upload_session/append_batch', 'files/upload_session/finish_batch_v2'])
				expect(requestsTo(ctx, route).map((request) => request.status)).toEqual([200]);
			expect(requestsTo(ctx, 'files/upload')).toHaveLength(0);
			expect((await ctx.standIn.store.readFile(home(), '/E2E Many/Grüße.txt')).toString()).toBe('Grüße aus n8n ✓');
			expect((await ctx.standIn.store.readFile(home(), '/E2E Many/taken.txt')).toString()).toBe('was here first');
		});
	});
}
