import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DropboxClient } from '../../shared/client';
import { InputChecker } from '../../shared/validate';
import { findOperation } from './catalog';
import type { AppType } from './requestOptions';
import { clientOptionsFor } from './requestOptions';

/** Reads resource and operation once, runs the operation per item, pairs its output, and has the one error path. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const definition = findOperation(resource, operation);
	if (!definition) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const appType: AppType = credentials.appType === 'team' ? 'team' : 'user';

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const check = new InputChecker(this.getNode(), itemIndex);
			const raw = this.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject;
			const dropbox = new DropboxClient(this, clientOptionsFor(raw, definition.routes, appType, check, itemIndex));
			const results = await definition.execute({
				fn: this,
				itemIndex,
				dropbox,
				check,
				param: <T>(name: string, fallback?: T) => this.getNodeParameter(name, itemIndex, fallback) as T,
			});
			output.push(...this.helpers.constructExecutionMetaData(results, { itemData: { item: itemIndex } }));
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({
					json: { error: error.message, description: error.description ?? undefined },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= itemIndex;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			throw new NodeOperationError(this.getNode(), error, { itemIndex });
		}
	}
	return [output];
}
