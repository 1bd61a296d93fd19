import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { rethrow } from '../../../shared/errors';
import type { ManyFile } from '../../../shared/upload';
import { DEFAULT_CHUNK_BYTES, MANY_BATCH_SIZE, uploadManyFiles } from '../../../shared/upload';
import { outcomeItem } from '../batch/batchOperation';
import { binarySource, uploadSourceFields } from '../common/binary';
import { optionsCollection } from '../common/options';
import { pathField } from '../common/paths';
import { commitInfo, markWrittenField, markedCommit, writeOptionFields } from '../common/write';
import type { OperationContext, OperationDefinition } from '../types';

const MiB = 1024 * 1024;
const DEFAULT_REQUEST_MIB = DEFAULT_CHUNK_BYTES / MiB;
const DEFAULT_WAIT_SECONDS = 900;
const FINISH_ROUTE = 'files/upload_session/finish_batch_v2';

async function* textSource(text: string): AsyncGenerator<Buffer> {
	yield Buffer.from(text, 'utf8');
}

interface Planned {
	index: number;
	ctx: OperationContext;
	file: ManyFile;
	/** Items with the same request options (team member, path root, retries) share the batch calls. */
	key: string;
}

/** One item's file: its commit and how to open its bytes; bad input throws here, naming the parameter. */
async function plan({ fn, itemIndex, check, param }: OperationContext): Promise<ManyFile> {
	const path = check.path('File Path', param('path'), 'write');
	const options = param<IDataObject>('options', {});
	const commit = await markedCommit(fn, commitInfo(check, path, options), options);
	if (param<string>('source', 'binary') === 'text') {
		const text = String(param('text', ''));
		return { commit, open: async () => textSource(text) };
	}
	const field = check.required('Input Binary Field', param('binaryPropertyName'));
	// Fails on a missing field, naming it; the bytes themselves are opened only when they are sent.
	if (!fn.getInputData()[itemIndex]?.binary?.[field]) await binarySource(fn, itemIndex, check, field);
	return { commit, open: async () => (await binarySource(fn, itemIndex, check, field)).source };
}

function numberOption(ctx: OperationContext, name: string, label: string, fallback: number, min: number, max: number): number {
	const raw = ctx.param<IDataObject>('options', {})[name] ?? fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || value > max) ctx.check.fail(label, `"${String(raw)}" is out of range`, `Give a number from ${min} to ${max}.`);
	return value;
}

export const uploadMany: OperationDefinition = {
	operation: 'uploadMany',
	name: 'Upload Many',
	action: 'Upload many files',
	description: 'Upload every input item\'s file with a few batch requests and one commit per 1,000 files',
	routes: [
		'files/upload_session/start_batch',
		'files/upload_session/append_batch',
		'files/upload_session/finish_batch_v2',
		'files/upload_session/finish_batch/check',
		'files/get_metadata',
	],
	properties: [
		{
			displayName:
				'Each input item is one file; all files go up together and are committed in one Dropbox write per 1,000 files (which spares the account Dropbox\'s "too many write operations"), and each item gets its own file\'s outcome',
			name: 'uploadManyNotice',
			type: 'notice',
			default: '',
		},
		pathField('path', 'File Path', '/Invoices/{{ $binary.data.fileName }}', 'Where to put this item\'s file in Dropbox, with its name; each item needs its own path'),
		...uploadSourceFields,
		optionsCollection([
			...writeOptionFields,
			markWrittenField,
			{
				displayName: 'Request Size (MiB)',
				name: 'requestSizeMiB',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 150 },
				default: DEFAULT_REQUEST_MIB,
				description: 'How many bytes go in one request: small files share one, larger files span several; memory use follows it',
			},
			{
				displayName: 'Wait Up To (Seconds)',
				name: 'waitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_WAIT_SECONDS,
				description:
					'How long to wait when Dropbox commits the files as a job. If it has not finished by then, each item gets status "in_progress" with the job\'s async_job_id: File → Get Job Status picks it up later.',
			},
		]),
	],
	async executeBatch({ fn, items, continueOnFail }) {
		const results: Array<INodeExecutionData[] | Error> = new Array(items.length);
		// Every item is checked before anything is sent: without Continue On Fail, one bad item sends nothing.
		const planned: Planned[] = [];
		const pathOwners = new Map<string, number>();
		for (const [index, ctx] of items.entries()) {
			try {
				const file = await plan(ctx);
				numberOption(ctx, 'requestSizeMiB', 'Request Size (MiB)', DEFAULT_REQUEST_MIB, 1, 150);
				numberOption(ctx, 'waitSeconds', 'Wait Up To (Seconds)', DEFAULT_WAIT_SECONDS, 0, Number.MAX_SAFE_INTEGER);
				const owner = pathOwners.get(file.commit.path.toLowerCase());
				if (owner !== undefined)
					ctx.check.fail('File Path', `"${file.commit.path}" is also the path of item ${owner}`, 'Give each item its own path (Dropbox paths ignore letter case), for example from the file name: /Invoices/{{ $binary.data.fileName }}.');
				pathOwners.set(file.commit.path.toLowerCase(), ctx.itemIndex);
				planned.push({ index, ctx, file, key: JSON.stringify(ctx.param('requestOptions', {})) });
			} catch (error) {
				if (!continueOnFail) rethrow(fn.getNode(), error);
				results[index] = error as Error;
			}
		}
		const groups = new Map<string, Planned[]>();
		for (const item of planned) groups.set(item.key, [...(groups.get(item.key) ?? []), item]);
		let sentAny = false;
		for (const group of groups.values()) {
			for (let start = 0; start < group.length; start += MANY_BATCH_SIZE) {
				const call = group.slice(start, start + MANY_BATCH_SIZE);
				const first = call[0].ctx;
				const options = {
					requestBytes: numberOption(first, 'requestSizeMiB', 'Request Size (MiB)', DEFAULT_REQUEST_MIB, 1, 150) * MiB,
					waitMs: numberOption(first, 'waitSeconds', 'Wait Up To (Seconds)', DEFAULT_WAIT_SECONDS, 0, Number.MAX_SAFE_INTEGER) * 1000,
					itemIndex: first.itemIndex,
				};
				let outcomes;
				try {
					outcomes = await uploadManyFiles(first.dropbox, fn.getNode(), call.map((item) => item.file), options);
					sentAny = true;
				} catch (error) {
					// Nothing of this call was sent (start_batch failed). Before anything was committed, that is the node's
					// error; after, the outcomes already known must not be thrown away.
					if (!sentAny && !continueOnFail) rethrow(fn.getNode(), error);
					outcomes = call.map(() => ({ ok: 'call_failed' as const, error: error as Error }));
				}
				call.forEach(({ index, ctx, file }, position) => {
					const outcome = outcomes[position];
					const route = outcome.ok === false ? outcome.route : FINISH_ROUTE;
					results[index] = outcomeItem(fn.getNode(), route, { path: file.commit.path }, outcome, ctx.itemIndex);
				});
			}
		}
		return results;
	},
};
