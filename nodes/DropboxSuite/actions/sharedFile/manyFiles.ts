// What List Members of Many Files and Get Sharing Metadata of Many Files share: every input item names one file,
// and the files go to Dropbox together in batch calls of up to 100 files (one call per distinct setting), each
// item getting its own file's result or error. These calls only read, so a failed call is simply reported.
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { rethrow } from '../../../shared/errors';
import type { OperationContext, OperationDefinition } from '../types';
import { explained, fileError, fileLocator, fileOf } from './common';

/** Dropbox takes at most 100 files in one call (sharing.stone: List(PathOrId, max_items=100)). */
export const FILES_PER_CALL = 100;

export interface ManyFilesKind {
	operation: string;
	name: string;
	action: string;
	description: string;
	route: string;
	/** Other routes the outcome may call. */
	moreRoutes?: string[];
	properties: INodeProperties[];
	/** Settings of the call from an item; items whose settings differ go in separate calls. Bad input throws. */
	settings(ctx: OperationContext): IDataObject;
	/** The batch call's argument. */
	arg(files: string[], settings: IDataObject): IDataObject;
	/** One file's output items from its result (the union without an access_error). */
	outcome(ctx: OperationContext, file: string, result: IDataObject): Promise<INodeExecutionData[]>;
}

interface Planned {
	index: number;
	ctx: OperationContext;
	file: string;
	settings: IDataObject;
	key: string;
}

const notice: INodeProperties = {
	displayName: 'Each input item names one file; the files are sent to Dropbox together, up to 100 in one call, and each item gets its own file\'s result',
	name: 'manyFilesNotice',
	type: 'notice',
	default: '',
};

export function manyFilesOperation(kind: ManyFilesKind): OperationDefinition {
	return {
		operation: kind.operation,
		name: kind.name,
		action: kind.action,
		description: kind.description,
		routes: [kind.route, ...(kind.moreRoutes ?? [])],
		properties: [notice, fileLocator(), ...kind.properties],
		async executeBatch({ fn, items, continueOnFail }) {
			const node = fn.getNode();
			const results: Array<INodeExecutionData[] | Error> = new Array(items.length);
			// Every item is checked before the first call: without Continue On Fail, one bad item calls nothing.
			const planned: Planned[] = [];
			for (const [index, ctx] of items.entries()) {
				try {
					const file = fileOf(ctx);
					const settings = kind.settings(ctx);
					planned.push({ index, ctx, file, settings, key: JSON.stringify([settings, ctx.param('requestOptions', {})]) });
				} catch (error) {
					if (!continueOnFail) rethrow(node, error);
					results[index] = error as Error;
				}
			}
			const groups = new Map<string, Planned[]>();
			for (const plan of planned) groups.set(plan.key, [...(groups.get(plan.key) ?? []), plan]);
			for (const group of groups.values()) {
				for (let start = 0; start < group.length; start += FILES_PER_CALL) {
					const call = group.slice(start, start + FILES_PER_CALL);
					const { ctx: first, settings } = call[0];
					let answer: IDataObject[];
					try {
						answer = await explained(node, first.dropbox.rpc<IDataObject[]>(kind.route, kind.arg(call.map((plan) => plan.file), settings)));
					} catch (error) {
						if (!continueOnFail) rethrow(node, error);
						for (const plan of call) results[plan.index] = error as Error;
						continue;
					}
					// Dropbox answers the files in the order asked.
					for (const [position, plan] of call.entries()) {
						const result = (answer[position]?.result ?? { '.tag': 'access_error', access_error: { '.tag': 'invalid_file' } }) as IDataObject;
						try {
							if (result['.tag'] === 'access_error') throw fileError(node, kind.route, plan.file, result, plan.ctx.itemIndex);
							results[plan.index] = await kind.outcome(plan.ctx, plan.file, result);
						} catch (error) {
							if (!continueOnFail) rethrow(node, error);
							results[plan.index] = error as Error;
						}
					}
				}
			}
			return results;
		},
	};
}
