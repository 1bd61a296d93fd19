import type { IDataObject } from 'n8n-workflow';

import type { Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { lookup } from '../../../shared/reconcile';
import { pathField } from '../common/paths';
import { toItems } from '../common/output';
import { markPaperAfterWrite, markWrittenField } from '../common/write';
import type { OperationContext, OperationDefinition } from '../types';
import { contentOf, contentProperties, FEATURES_ROUTE, importFormatOf, isPaperDoc, paperPath, paperRevisionOf, requirePaperAsFiles } from './common';

/**
 * After a create's answer was lost. Dropbox never fails a create for a taken path: it adds a number to the name
 * ("Notes (1).paper"). So when the path was free before, a Paper doc there now is the one created (sending it
 * again would make a second doc), and nothing there means it was not created (sent again). When the path was
 * taken, the new doc may sit beside it under a numbered name, which cannot be told: unknown.
 */
function created(ctx: OperationContext, path: string, takenBefore: boolean): Reconcile<IDataObject> {
	return {
		whatToCheck: takenBefore
			? `whether a numbered copy of "${path}" (such as "name (1).paper") was created beside it`
			: `whether the Paper doc "${path}" was created`,
		async check() {
			if (takenBefore) return unknownOutcome;
			const doc = await lookup(ctx.dropbox, path);
			if (!doc) return notApplied;
			if (!isPaperDoc(doc)) return unknownOutcome;
			// Dropbox's answer also held the doc's web URL, which only Dropbox can give: it is left out.
			return applied({ result_path: doc.path_display, file_id: doc.id, paper_revision: await paperRevisionOf(ctx, path) });
		},
	};
}

export const create: OperationDefinition = {
	operation: 'create',
	name: 'Create',
	action: 'Create a Paper doc',
	description: 'Create a Paper doc from HTML, Markdown or plain text',
	routes: ['files/paper/create', 'files/get_metadata', 'files/export', FEATURES_ROUTE],
	properties: [
		{
			...pathField('path', 'Doc Path', '/Notes/Meeting notes.paper', 'Where to create the doc, with its name'),
			hint: '".paper" is added to a name without an extension. If the path is taken, Dropbox adds a number: "Meeting notes (1).paper"',
		},
		...contentProperties,
		markWrittenField,
	],
	async execute(ctx) {
		const { check, param, dropbox } = ctx;
		const path = paperPath(check, 'Doc Path', check.path('Doc Path', param('path'), 'write'));
		const format = importFormatOf(check, param('importFormat'));
		const content = await contentOf(ctx);
		await requirePaperAsFiles(ctx);
		// Whether the path is free decides what a lost answer can be reconciled with.
		const takenBefore = (await lookup(dropbox, path)) !== null;
		const result = await dropbox.upload<IDataObject>('files/paper/create', { path, import_format: format }, content, {
			reconcile: created(ctx, path, takenBefore),
		});
		return toItems(await markPaperAfterWrite(ctx, String(result.file_id ?? result.result_path ?? path), result, param('markWritten', false)));
	},
};
