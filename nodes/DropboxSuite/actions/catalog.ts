import type { INodeProperties } from 'n8n-workflow';

import { routeInfo } from '../../shared/client';
import { account } from './account';
import { copyReference } from './copyReference';
import { file } from './file';
import { fileLock } from './fileLock';
import { fileRequest } from './fileRequest';
import { fileRevision } from './fileRevision';
import { folder } from './folder';
import { paper } from './paper';
import { preview } from './preview';
import { sharedLink } from './sharedLink';
import { sharedFile } from './sharedFile';
import { sharedFolder } from './sharedFolder';
import { tag } from './tag';
import { team } from './team';
import { teamFolder } from './teamFolder';
import { teamMember } from './teamMember';
import { temporaryLink } from './temporaryLink';
import type { CatalogEntry, OperationDefinition, ResourceDefinition } from './types';

/** Every resource of the node, in the order of the README's table (the Resource list is sorted by name). Adding a resource is one line here. */
export const resources: ResourceDefinition[] = [
	file,
	folder,
	fileRevision,
	fileLock,
	tag,
	preview,
	temporaryLink,
	copyReference,
	paper,
	fileRequest,
	sharedLink,
	sharedFolder,
	sharedFile,
	account,
	team,
	teamMember,
	teamFolder,
];

export function scopesOf(routes: string[]): string[] {
	return [...new Set(routes.map((route) => routeInfo(route).scope).filter((s): s is string => !!s))].sort();
}

export const catalog: CatalogEntry[] = resources.flatMap((resource) =>
	resource.operations.map((op) => ({
		resource: resource.value,
		resourceName: resource.name,
		operation: op.operation,
		name: op.name,
		action: op.action,
		routes: op.routes,
		scopes: scopesOf(op.routes),
	})),
);

export function findOperation(resource: string, operation: string): OperationDefinition | undefined {
	return resources.find((r) => r.value === resource)?.operations.find((op) => op.operation === operation);
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** The node's Resource and Operation parameters and every operation's own parameters, from the catalog. */
export function catalogProperties(): INodeProperties[] {
	const firstResource = resources[0].value;
	const resourceParameter: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map((r) => ({ name: r.name, value: r.value, description: r.description })).sort(byName),
		default: firstResource,
	};
	const perResource = resources.flatMap((resource): INodeProperties[] => {
		const operations = [...resource.operations].sort(byName);
		const firstOperation = resource.defaultOperation;
		const operationParameter: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: operations.map((op) => ({
				name: op.name,
				value: op.operation,
				action: op.action,
				description: op.description,
			})),
			default: firstOperation,
		};
		const fields = operations.flatMap((op) =>
			op.properties.map((property) => ({
				...property,
				displayOptions: {
					...property.displayOptions,
					show: { ...property.displayOptions?.show, resource: [resource.value], operation: [op.operation] },
				},
			})),
		);
		return [operationParameter, ...fields];
	});
	return [resourceParameter, ...perResource];
}
