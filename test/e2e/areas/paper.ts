// Paper resource in a real n8n: every operation once in one activated workflow: create a doc from Markdown,
// append, prepend, export it as text, replace it guarded by the exported Paper revision, get its metadata, list
// the folder's Paper docs, and export it as an HTML file.
import { errorText, output, requestsTo, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { byPath, webhookWorkflow } from '../workflows';

const HOOK = 'e2e-paper-every';
const folder = "={{ $('Webhook').item.json.body.folder }}";
const doc = byPath("={{ $('Create').item.json.result_path }}");
const markdown = (text: string) => ({ importFormat: 'markdown', source: 'text', text });

const workflows = [
	webhookWorkflow('E2ePaperEveryOp1', 'e2e paper: every operation', HOOK, [
		{ name: 'Create', parameters: { resource: 'paper', operation: 'create', path: `${folder}/Minutes`, ...markdown('# Minutes\n\n- Ünïcode ✓') } },
		{ name: 'Append', parameters: { resource: 'paper', operation: 'update', doc, policy: 'append', ...markdown('Closing **note**.') } },
		{ name: 'Prepend', parameters: { resource: 'paper', operation: 'update', doc, policy: 'prepend', importFormat: 'plain_text', source: 'text', text: 'Draft' } },
		{ name: 'Export', parameters: { resource: 'paper', operation: 'export', doc, exportFormat: 'markdown', output: 'text' } },
		{
			name: 'Replace If Unchanged',
			parameters: {
				resource: 'paper',
				operation: 'update',
				doc,
				policy: 'update',
				paperRevision: "={{ $('Export').item.json.export_metadata.paper_revision }}",
				importFormat: 'html',
				source: 'text',
				text: '={{ "<p>Final</p>" }}',
			},
		},
		{ name: 'Get', parameters: { resource: 'paper', operation: 'get', doc } },
		{ name: 'List', parameters: { resource: 'paper', operation: 'list', folder: byPath(folder), returnAll: true } },
		{ name: 'Export File', parameters: { resource: 'paper', operation: 'export', doc, exportFormat: 'html', output: 'binary', binaryPropertyName: 'data' } },
	]),
];

export const paperArea: E2eArea = {
	workflows,
	activate: workflows.map((workflow) => workflow.id),
	register,
};

function register(ctx: E2eContext) {
	describe('Paper operations through an activated workflow', () => {
		test('every operation once: create, append, prepend, export, replace if unchanged, get, list, export as a file', async () => {
			ctx.standIn.clearRequests();
			const run = await runWebhook(ctx, 'E2ePaperEveryOp1', HOOK, { folder: '/E2E Paper' });
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const [created] = output(run.execution, 'Create');
			expect(created).toMatchObject({ result_path: '/E2E Paper/Minutes.paper', paper_revision: 1 });
			expect(output(run.execution, 'Append')).toEqual([{ paper_revision: 2 }]);
			expect(output(run.execution, 'Prepend')).toEqual([{ paper_revision: 3 }]);
			const [exported] = output(run.execution, 'Export');
			expect(exported.content).toBe('Draft\n\n# Minutes\n\n- Ünïcode ✓\n\nClosing **note**.');
			expect(exported.export_metadata).toMatchObject({ name: 'Minutes.md', paper_revision: 3 });
			expect(output(run.execution, 'Replace If Unchanged')).toEqual([{ paper_revision: 4 }]);
			expect(output(run.execution, 'Get')[0]).toMatchObject({ '.tag': 'file', name: 'Minutes.paper', id: created.file_id });
			expect(output(run.execution, 'List').map((entry) => entry.name)).toEqual(['Minutes.paper']);
			expect(output(run.execution, 'Export File')[0].export_metadata).toMatchObject({ name: 'Minutes.html', paper_revision: 4 });
			// Upload style on the api host; the legacy-Paper check once per node run (eight Paper nodes).
			expect(requestsTo(ctx, 'files/paper/create').map((request) => [request.host, request.status])).toEqual([['api.dropboxapi.com', 200]]);
			expect(requestsTo(ctx, 'files/paper/update').map((request) => request.status)).toEqual([200, 200, 200]);
			expect(requestsTo(ctx, 'users/features/get_values')).toHaveLength(8);
		});
	});
}
