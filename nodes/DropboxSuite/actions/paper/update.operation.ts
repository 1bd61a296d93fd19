import type { IDataObject } from 'n8n-workflow';

import type { Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { rethrow } from '../../../shared/errors';
import type { InputChecker } from '../../../shared/validate';
import { toItems } from '../common/output';
import { markPaperAfterWrite, markWrittenField } from '../common/write';
import type { OperationContext, OperationDefinition } from '../types';
import { contentOf, contentProperties, docLocator, docPath, FEATURES_ROUTE, importFormatOf, paperRevisionOf, requirePaperAsFiles } from './common';

const POLICIES = ['append', 'overwrite', 'prepend', 'update'] as const;
type Policy = (typeof POLICIES)[number];

function policyOf(check: InputChecker, value: unknown): Policy {
	const policy = String(value ?? '').trim();
	if (!(POLICIES as readonly string[]).includes(policy))
		check.fail('Update Policy', `"${policy}" is not an update policy`, 'Use append, prepend, overwrite or update.');
	return policy as Policy;
}

function paperRevisionParameter(check: InputChecker, value: unknown): number {
	const text = check.required('Paper Revision', value);
	if (!/^\d+$/.test(text))
		check.fail('Paper Revision', `"${text}" is not a Paper revision`, 'A Paper revision is a whole number, such as export_metadata.paper_revision from Paper → Export or paper_revision from Create or an earlier Update.');
	return Number(text);
}

/**
 * After an update's answer was lost. Each update raises the doc's Paper revision by one, so the revision now
 * tells what happened: one more than before, it was applied (sending it again would add the text twice, or fail
 * with revision_mismatch); unchanged, it was not (sent again); anything else means someone else edited the doc
 * too: unknown. Overwrite is sent again as it is: a second overwrite leaves the same content.
 */
function updated(ctx: OperationContext, path: string, policy: Policy, before: number | undefined): Reconcile<IDataObject> {
	return {
		whatToCheck: `whether "${path}" holds the new content (its Paper revision was ${before ?? 'not known'} before)`,
		async check() {
			if (policy === 'overwrite') return notApplied;
			if (before === undefined) return unknownOutcome;
			const now = await paperRevisionOf(ctx, path);
			if (now === before + 1) return applied({ paper_revision: now });
			return now === before ? notApplied : unknownOutcome;
		},
	};
}

export const update: OperationDefinition = {
	operation: 'update',
	name: 'Update',
	action: 'Update a Paper doc',
	description: 'Add content to the end or start of a Paper doc, or replace its content',
	routes: ['files/paper/update', 'files/export', FEATURES_ROUTE, 'files/get_metadata'],
	properties: [
		docLocator,
		{
			displayName: 'Update Policy',
			name: 'policy',
			type: 'options',
			options: [
				{ name: 'Append', value: 'append', description: 'Add the content at the end of the doc' },
				{ name: 'Overwrite', value: 'overwrite', description: 'Replace the doc\'s content, whatever changed in it meanwhile' },
				{ name: 'Prepend', value: 'prepend', description: 'Add the content at the start of the doc' },
				{
					name: 'Replace If Unchanged',
					value: 'update',
					description: 'Replace the doc\'s content only if it is still at the given Paper revision, so no one\'s edit is lost',
				},
			],
			default: 'append',
		},
		{
			displayName: 'Paper Revision',
			name: 'paperRevision',
			type: 'string',
			default: '',
			required: true,
			placeholder: '12',
			displayOptions: { show: { policy: ['update'] } },
			description: 'The revision the doc was at when its content was read: export_metadata.paper_revision of Paper → Export, or paper_revision of Create or Update',
		},
		...contentProperties,
		markWrittenField,
	],
	async execute(ctx) {
		const { check, param, dropbox } = ctx;
		const path = docPath(ctx, 'writeOrId');
		const policy = policyOf(check, param('policy', 'append'));
		const revision = policy === 'update' ? paperRevisionParameter(check, param('paperRevision')) : undefined;
		const format = importFormatOf(check, param('importFormat'));
		const content = await contentOf(ctx);
		await requirePaperAsFiles(ctx);
		// Appending or prepending twice would add the text twice: the revision before tells a lost answer apart.
		const before = policy === 'append' || policy === 'prepend' ? await paperRevisionOf(ctx, path) : revision;
		const arg: IDataObject = { path, import_format: format, doc_update_policy: policy };
		if (revision !== undefined) arg.paper_revision = revision;
		try {
			const result = await dropbox.upload<IDataObject>('files/paper/update', arg, content, { reconcile: updated(ctx, path, policy, before) });
			return toItems(await markPaperAfterWrite(ctx, path, result, param('markWritten', false)));
		} catch (error) {
			rethrow(ctx.fn.getNode(), explainMismatch(error, path, revision));
		}
	},
};

/** Dropbox's revision_mismatch says only that; the user needs to know what happened and what to do. */
function explainMismatch(error: unknown, path: string, revision: number | undefined): unknown {
	const context = (error as { context?: IDataObject }).context;
	if ((context?.dropboxError as IDataObject | undefined)?.['.tag'] !== 'revision_mismatch') return error;
	(error as { description?: string }).description =
		`"${path}" is no longer at Paper revision ${revision}: someone (or another workflow) changed it after its content ` +
		'was read, so Dropbox did not replace it, and nothing was lost. Export the doc again, apply your change to what it ' +
		'holds now, and update with the new export_metadata.paper_revision; or choose Overwrite to replace it regardless.';
	return error;
}
