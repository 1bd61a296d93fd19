// Batch operations: all input items become entries of Dropbox batch calls (up to 1,000 entries per call),
// each call's async job is awaited, and every input item gets its own entry's outcome back: `success: true` with
// the metadata, or `success: false` with Dropbox's error. Bad input, or a call that failed as a whole, is an error
// of the items concerned.
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { dropboxApiError } from '../../../shared/errors';
import { waitForJob } from '../../../shared/jobs';
import { locatorPath, pathLocator } from '../fields';
import type { BatchContext, OperationContext, OperationDefinition } from '../types';

/** Dropbox takes at most 1,000 entries in one batch call. */
export const BATCH_SIZE = 1000;

interface BatchEntryResult {
	'.tag': 'success' | 'failure' | string;
	metadata?: IDataObject;
	success?: IDataObject;
	failure?: IDataObject;
}

interface BatchKind {
	operation: string;
	name: string;
	action: string;
	description: string;
	launchRoute: string;
	checkRoute: string;
	properties: INodeProperties[];
	/** One Dropbox entry from one input item; bad input fails that item only. */
	entry(ctx: OperationContext): IDataObject;
	/** The launch argument for a slice of entries. */
	arg(entries: IDataObject[], first: OperationContext): IDataObject;
}

/** One entry's outcome as its item: a failed entry is reported in its item, so the others' successes stay visible. */
function outcome(entry: IDataObject, result: BatchEntryResult | undefined, fn: BatchContext['fn'], itemIndex: number, route: string): INodeExecutionData[] {
	if (result?.['.tag'] === 'success') {
		const metadata = (result.metadata ?? result.success ?? {}) as IDataObject;
		return [{ json: { success: true, ...entry, ...((metadata.metadata as IDataObject | undefined) ?? metadata) } }];
	}
	const failure = result?.failure ?? result ?? { '.tag': 'missing_result' };
	const error = dropboxApiError(fn.getNode(), route, entry, { status: 409, headers: {}, body: { error: failure } }, { itemIndex });
	return [{ json: { success: false, ...entry, error: error.message, description: error.description ?? null, failure } }];
}

function batchOperation(kind: BatchKind): OperationDefinition {
	return {
		operation: kind.operation,
		name: kind.name,
		action: kind.action,
		description: kind.description,
		routes: [kind.launchRoute, kind.checkRoute],
		properties: kind.properties,
		async executeBatch({ fn, dropbox, items }) {
			const results: Array<INodeExecutionData[] | Error> = new Array(items.length);
			const entries: Array<{ index: number; entry: IDataObject }> = [];
			for (const [index, item] of items.entries()) {
				try {
					entries.push({ index, entry: kind.entry(item) });
				} catch (error) {
					results[index] = error as Error;
				}
			}
			for (let start = 0; start < entries.length; start += BATCH_SIZE) {
				const slice = entries.slice(start, start + BATCH_SIZE);
				const first = items[slice[0].index];
				try {
					const launched = await dropbox.rpc<IDataObject>(kind.launchRoute, kind.arg(slice.map((s) => s.entry), first));
					const done = await waitForJob<{ entries: BatchEntryResult[] }>(dropbox, fn.getNode(), launched, { checkRoute: kind.checkRoute, itemIndex: first.itemIndex });
					slice.forEach(({ index, entry }, position) => {
						results[index] = outcome(entry, done.entries[position], fn, items[index].itemIndex, kind.launchRoute);
					});
				} catch (error) {
					// The whole call failed (for example a rate limit that outlasted the retries): every entry shares it.
					for (const { index } of slice) results[index] = error instanceof NodeApiError ? error : (error as Error);
				}
			}
			return results;
		},
	};
}

const relocationProperties = (verb: string): INodeProperties[] => [
	{
		displayName: `Each input item is one entry; all items are ${verb.toLowerCase()}d in Dropbox batch calls of up to 1,000 entries, and each item gets its own entry's outcome`,
		name: 'batchNotice',
		type: 'notice',
		default: '',
	},
	pathLocator('from', 'From', 'any'),
	{
		displayName: 'Destination Path',
		name: 'toPath',
		type: 'string',
		required: true,
		default: '',
		placeholder: '/Archive/{{ $json.name }}',
		description: 'The new path of the entry, name included',
	},
	{
		displayName: 'Autorename',
		name: 'autorename',
		type: 'boolean',
		default: false,
		description: 'Whether Dropbox should pick free names when names are taken (applies to the whole batch, from the first item)',
	},
];

function relocationEntry({ check, param }: OperationContext): IDataObject {
	const from = locatorPath(check, 'From', param('from'), 'writeOrId');
	const to = check.destination('Destination Path', from, check.path('Destination Path', param('toPath'), 'write'));
	return { from_path: from, to_path: to };
}

export const copyBatch = batchOperation({
	operation: 'copy',
	name: 'Copy',
	action: 'Copy many files or folders',
	description: 'Copy every input item\'s entry in Dropbox batch calls, one output item per input item',
	launchRoute: 'files/copy_batch_v2',
	checkRoute: 'files/copy_batch/check_v2',
	properties: relocationProperties('Copy'),
	entry: relocationEntry,
	arg: (entries, first) => ({ entries, autorename: first.param('autorename', false) }),
});

export const moveBatch = batchOperation({
	operation: 'move',
	name: 'Move',
	action: 'Move many files or folders',
	description: 'Move every input item\'s entry in Dropbox batch calls, one output item per input item',
	launchRoute: 'files/move_batch_v2',
	checkRoute: 'files/move_batch/check_v2',
	properties: relocationProperties('Move'),
	entry: relocationEntry,
	arg: (entries, first) => ({ entries, autorename: first.param('autorename', false), allow_ownership_transfer: false }),
});

export const deleteBatch = batchOperation({
	operation: 'delete',
	name: 'Delete',
	action: 'Delete many files or folders',
	description: 'Delete every input item\'s entry in Dropbox batch calls, one output item per input item',
	launchRoute: 'files/delete_batch',
	checkRoute: 'files/delete_batch/check',
	properties: [
		{
			displayName: 'Each input item is one entry; all items are deleted in Dropbox batch calls of up to 1,000 entries, and each item gets its own entry\'s outcome',
			name: 'batchNotice',
			type: 'notice',
			default: '',
		},
		pathLocator('path', 'File or Folder', 'any'),
	],
	entry: (ctx) => ({ path: locatorPath(ctx.check, 'File or Folder', ctx.param('path'), 'writeOrId') }),
	arg: (entries) => ({ entries }),
});

export const createFolderBatch = batchOperation({
	operation: 'createFolder',
	name: 'Create Folder',
	action: 'Create many folders',
	description: 'Create every input item\'s folder in Dropbox batch calls, one output item per input item',
	launchRoute: 'files/create_folder_batch',
	checkRoute: 'files/create_folder_batch/check',
	properties: [
		{
			displayName: 'Each input item is one folder; all are created in Dropbox batch calls of up to 1,000 folders, and each item gets its own outcome',
			name: 'batchNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Folder Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: '/Clients/{{ $json.name }}',
			description: 'The path of the new folder',
		},
		{
			displayName: 'Autorename',
			name: 'autorename',
			type: 'boolean',
			default: false,
			description: 'Whether Dropbox should pick free names when names are taken (applies to the whole batch, from the first item)',
		},
	],
	entry: (ctx) => ({ path: ctx.check.path('Folder Path', ctx.param('path'), 'write') }),
	arg: (entries, first) => ({ paths: entries.map((e) => e.path), autorename: first.param('autorename', false), force_async: true }),
});
