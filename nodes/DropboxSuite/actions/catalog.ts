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
import { V1_DEFAULTS, version1Resources } from './v1';

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

/** Release 0.1.0's resources and operation values, for nodes saved with typeVersion 1 (see v1.ts). */
export const resourcesV1: ResourceDefinition[] = version1Resources(resources);

/** The operation a node of this typeVersion runs for its resource and operation values. */
export function findOperation(resource: string, operation: string, typeVersion = 2): OperationDefinition | undefined {
	const of = typeVersion < 2 ? resourcesV1 : resources;
	return of.find((r) => r.value === resource)?.operations.find((op) => op.operation === operation);
}

/** Version 1's operations whose (resource, operation) pair version 2 does not have: they need properties of their own. */
export const onlyInV1: ResourceDefinition[] = resourcesV1
	.map((r) => ({ ...r, operations: r.operations.filter((op) => !findOperation(r.value, op.operation)) }))
	.filter((r) => r.operations.length > 0);

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** A property shown on nodes of one typeVersion only. */
export const inVersion =
	(version: number) =>
	(property: INodeProperties): INodeProperties => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, '@version': [version] } },
	});

function resourceParameter(of: ResourceDefinition[]): INodeProperties {
	const firstResource = resources[0].value;
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: of.map((r) => ({ name: r.name, value: r.value, description: r.description })).sort(byName),
		default: firstResource,
	};
}

function operationParameter(resource: ResourceDefinition): INodeProperties {
	const firstOperation = resource.defaultOperation;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: [...resource.operations].sort(byName).map((op) => ({
			name: op.name,
			value: op.operation,
			action: op.action,
			description: op.description,
		})),
		default: firstOperation,
	};
}

/**
 * Every operation's own parameters, shown for its resource and operation; a parameter that version 1 starts
 * elsewhere (V1_DEFAULTS) is there twice, once per version.
 */
function operationFields(resource: ResourceDefinition): INodeProperties[] {
	return [...resource.operations].sort(byName).flatMap((op) =>
		op.properties.flatMap((property): INodeProperties[] => {
			const field: INodeProperties = {
				...property,
				displayOptions: {
					...property.displayOptions,
					show: { ...property.displayOptions?.show, resource: [resource.value], operation: [op.operation] },
				},
			};
			const v1Default = V1_DEFAULTS[resource.value]?.[op.operation]?.[property.name];
			return v1Default === undefined ? [field] : [inVersion(2)(field), inVersion(1)({ ...field, default: v1Default })];
		}),
	);
}

/**
 * The node's Resource and Operation parameters and every operation's own parameters, from the catalog. Version 2's
 * are shown on every node whose values select them, as before there were two versions; version 1 adds (with '@version':
 * [1]) its Resource list, the Operation lists that differ, and the parameters of its pairs that version 2 lacks.
 */
export function catalogProperties(): INodeProperties[] {
	const perResource = resources.flatMap((resource): INodeProperties[] => {
		const operation = operationParameter(resource);
		const inV1 = resourcesV1.find((r) => r.value === resource.value);
		const operationV1 = inV1 && operationParameter(inV1);
		// Same list and default in both versions: one parameter for both.
		const operations =
			!operationV1 || JSON.stringify(operationV1) === JSON.stringify(operation) ? [operation] : [inVersion(2)(operation), inVersion(1)(operationV1)];
		const onlyV1 = onlyInV1.find((r) => r.value === resource.value);
		return [...operations, ...operationFields(resource), ...(onlyV1 ? operationFields(onlyV1).map(inVersion(1)) : [])];
	});
	// Version 1's resources that version 2 does not have (Batch).
	const v1Resources = onlyInV1
		.filter((r) => !resources.some((v2) => v2.value === r.value))
		.flatMap((r) => [operationParameter(resourcesV1.find((v1) => v1.value === r.value)!), ...operationFields(r)].map(inVersion(1)));
	return [inVersion(2)(resourceParameter(resources)), inVersion(1)(resourceParameter(resourcesV1)), ...perResource, ...v1Resources];
}
