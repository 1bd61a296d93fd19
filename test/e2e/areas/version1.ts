// Workflows saved with release 0.1.0 of the package: Dropbox Suite nodes of typeVersion 1 with 0.1.0's pairs
// (Batch → Delete, File → Lock, Add Tags, List Revisions), imported into a real n8n as they were saved, activated,
// run through their webhooks, and checked against what the stand-in holds afterwards.
import { output, errorText, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { byPath, webhookWorkflow } from '../workflows';

const hook = (name: string) => `e2e-version1-${name}`;
const body = (key: string) => `={{ $('Webhook').item.json.body.${key} }}`;

const workflows = [
	// 0.1.0 saved no parameter that held its default: Folder's first operation was List, Batch's was Delete.
	webhookWorkflow('E2eV1BatchDel', 'e2e version 1: list a folder, Batch → Delete what it holds', hook('batch-delete'), [
		{ name: 'List', typeVersion: 1, parameters: { resource: 'folder', folder: byPath(body('folder')), returnAll: true, options: {} } },
		{ name: 'Batch delete', typeVersion: 1, parameters: { resource: 'batch', path: byPath('={{ $json.path_display }}') } },
	]),
	webhookWorkflow('E2eV1FileOps', 'e2e version 1: File → Lock, Add Tags, List Revisions', hook('file-ops'), [
		{ name: 'Lock', typeVersion: 1, parameters: { resource: 'file', operation: 'lock', paths: body('path') } },
		{ name: 'Add tags', typeVersion: 1, parameters: { resource: 'file', operation: 'addTags', file: byPath(body('path')), tags: 'e2e_v1' } },
		{ name: 'List revisions', typeVersion: 1, parameters: { resource: 'file', operation: 'listRevisions', file: byPath(body('path')) } },
	]),
];

export const version1Area: E2eArea = { workflows, activate: workflows.map((workflow) => workflow.id), register };

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const put = (path: string, content: string) => ctx.standIn.store.putFile(home(), path, Buffer.from(content));
	const store = () => ctx.standIn.store as unknown as { tags: Map<string, string[]>; locks: Map<string, unknown> };

	describe('Version 1 (workflows saved with 0.1.0)', () => {
		test('Folder → List and Batch → Delete: every listed file deleted in Dropbox', async () => {
			const folder = '/E2E/Version 1/Delete';
			const names = ['a.txt', 'b.txt', 'c.txt'];
			for (const name of names) put(`${folder}/${name}`, name);
			const polls = ctx.standIn.filesOptions.asyncJobPolls;
			ctx.standIn.filesOptions.asyncJobPolls = 0;
			try {
				const run = await runWebhook(ctx, 'E2eV1BatchDel', hook('batch-delete'), { folder });
				expect(errorText(run.execution)).toBe('');
				expect(run.execution.status).toBe('success');
				// List as 0.1.0 gave it: whole entries (Simplify came later and is off in version 1).
				expect(output(run.execution, 'List').map((entry) => entry.name).sort()).toEqual(names);
				expect(output(run.execution, 'Batch delete').map((entry) => [entry.status, entry.name])).toEqual(names.map((name) => ['success', name]));
			} finally {
				ctx.standIn.filesOptions.asyncJobPolls = polls;
			}
			for (const name of names) expect(ctx.standIn.store.lookup(home(), `${folder}/${name}`)).toBeUndefined();
		});

		test('File → Lock, Add Tags and List Revisions: the lock and the tag are in Dropbox, both revisions listed', async () => {
			const path = '/E2E/Version 1/contract.txt';
			const first = put(path, 'one');
			const second = put(path, 'two');
			const run = await runWebhook(ctx, 'E2eV1FileOps', hook('file-ops'), { path });
			expect(errorText(run.execution)).toBe('');
			expect(output(run.execution, 'Lock')[0]).toMatchObject({ success: true, path });
			expect(store().locks.has(second.id)).toBe(true);
			expect(store().tags.get(second.id)).toEqual(['e2e_v1']);
			expect(output(run.execution, 'List revisions').map((revision) => revision.rev)).toEqual([second.rev, first.rev]);
		});
	});
}
