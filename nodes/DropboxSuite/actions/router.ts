import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DropboxClient } from '../../shared/client';
import { rethrow } from '../../shared/errors';
import { InputChecker } from '../../shared/validate';
import { findOperation } from './catalog';
import type { AppType } from './common/requestOptions';
import { clientOptionsFor } from './common/requestOptions';
import type { OperationContext, OperationDefinition } from './types';

/**
 * Reads resource and operation once, runs the operation (per item, or once for all items for batch
 * operations), pairs every output item with its input item, and has the one error path.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	// A node saved with release 0.1.0 (typeVersion 1) names its operation as 0.1.0 did.
	const { typeVersion } = this.getNode();
	const definition = findOperation(resource, operation, typeVersion);
	if (!definition) {
		const inV2 = typeVersion < 2 && findOperation(resource, operation);
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known${inV2 ? ' in version 1 of the node' : ''}`, {
			description: inV2 ? 'This node is version 1 (the operations of release 0.1.0). Add a new Dropbox Suite node, which is version 2, and choose the operation there.' : undefined,
		});
	}
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const appType: AppType = credentials.appType === 'team' ? 'team' : 'user';

	// One execution looks up a member's team-space root once, not once per item.
	const rootNamespaces = new Map<string, Promise<string>>();
	// And a member given by email once.
	const memberIds = new Map<string, Promise<string>>();
	const contextFor = async (itemIndex: number): Promise<OperationContext> => {
		const check = new InputChecker(this.getNode(), itemIndex);
		const raw = this.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject;
		return {
			fn: this,
			itemIndex,
			check,
			dropbox: new DropboxClient(this, { ...(await clientOptionsFor(raw, definition.routes, appType, check, itemIndex, { fn: this, memberIds })), rootNamespaces }),
			param: <T>(name: string, fallback?: T) => this.getNodeParameter(name, itemIndex, fallback) as T,
		};
	};

	const outcomes = definition.executeBatch
		? await runBatch(this.getNode(), definition, items.length, contextFor, this.continueOnFail())
		: await runEach(definition, items.length, contextFor, this.continueOnFail());

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (!(outcome instanceof Error)) {
			output.push(...this.helpers.constructExecutionMetaData(outcome, { itemData: { item: itemIndex } }));
		} else if (this.continueOnFail()) {
			const description = (outcome as NodeApiError).description ?? undefined;
			output.push({ json: { error: outcome.message, description }, pairedItem: { item: itemIndex } });
		} else if (outcome instanceof NodeApiError) {
			outcome.context.itemIndex ??= itemIndex;
			throw new NodeApiError(this.getNode(), outcome as unknown as JsonObject);
		} else {
			throw new NodeOperationError(this.getNode(), outcome, { itemIndex });
		}
	}
	return [output];
}

type Outcome = INodeExecutionData[] | Error;

async function runEach(
	definition: OperationDefinition,
	count: number,
	contextFor: (i: number) => Promise<OperationContext>,
	continueOnFail: boolean,
): Promise<Outcome[]> {
	const outcomes: Outcome[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			outcomes.push(await definition.execute!(await contextFor(itemIndex)));
		} catch (error) {
			outcomes.push(error as Error);
			// Without Continue On Fail the first error stops the node: later items are not run.
			if (!continueOnFail) break;
		}
	}
	return outcomes;
}

async function runBatch(
	node: INode,
	definition: OperationDefinition,
	count: number,
	contextFor: (i: number) => Promise<OperationContext>,
	continueOnFail: boolean,
): Promise<Outcome[]> {
	const contexts: OperationContext[] = [];
	const failures = new Map<number, Error>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			contexts.push(await contextFor(itemIndex));
		} catch (error) {
			// Nothing is launched yet: without Continue On Fail, a bad item stops the node here.
			if (!continueOnFail) rethrow(node, error);
			failures.set(itemIndex, error as Error);
		}
	}
	if (!contexts.length) return [...failures.values()];
	const results = await definition.executeBatch!({ fn: contexts[0].fn, items: contexts, continueOnFail });
	const outcomes: Outcome[] = [];
	let next = 0;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) outcomes.push(failures.get(itemIndex) ?? results[next++]);
	return outcomes;
}
