// Version 1 of the action node is release 0.1.0's Resource and Operation lists (see nodes/DropboxSuite/actions/v1.ts);
// version 2 is today's. These tests read the description as n8n does, with a node of each typeVersion.
import type { IDisplayOptions, INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { findOperation, resources, resourcesV1 } from '../../nodes/DropboxSuite/actions/catalog';
import { V1_MOVED } from '../../nodes/DropboxSuite/actions/v1';
import { DropboxSuite } from '../../nodes/DropboxSuite/DropboxSuite.node';
import fixture010 from '../fixtures/dropbox-suite-0.1.0.json';

const description = new DropboxSuite().description;

/** Whether a property can show on a node of this typeVersion at all (its '@version' condition). */
const forVersion = (property: INodeProperties, version: number) => {
	const versions = property.displayOptions?.show?.['@version'];
	return !versions || versions.includes(version);
};

/** A property without its '@version' condition: as the description was before there were two versions. */
function withoutVersion(property: INodeProperties): INodeProperties {
	if (!property.displayOptions?.show || !('@version' in property.displayOptions.show)) return property;
	const show = Object.fromEntries(Object.entries(property.displayOptions.show).filter(([key]) => key !== '@version'));
	const { displayOptions, ...rest } = property;
	const others: IDisplayOptions = { ...displayOptions, show };
	if (!Object.keys(show).length) delete others.show;
	return Object.keys(others).length ? { ...rest, displayOptions: others } : rest;
}

describe('version 2', () => {
	it('is the description as it was before version 1 was added: every property, its name and where it shows', () => {
		// The snapshot was taken before version 1 was added (commit "Test: version 2's description, ..."), so a change
		// to it here means version 2 changed too.
		const v2 = description.properties.filter((property) => forVersion(property, 2)).map(withoutVersion);
		expect(v2.map((property) => `${property.name} ${JSON.stringify(property.displayOptions ?? null)}`)).toMatchSnapshot();
	});
});

/** Release 0.1.0's lists and, per pair, the top-level parameters its nodes showed (types, defaults): see its "about". */
const release010 = fixture010 as unknown as {
	resource: { default: string; options: Record<string, string> };
	operations: Record<string, { default: string; options: Record<string, string> }>;
	parameters: Record<string, Record<string, [string, unknown]>>;
};
const pairsOf010 = Object.entries(release010.operations).flatMap(([resource, { options }]) => Object.keys(options).map((operation) => [resource, operation] as const));

const node = (typeVersion: number, parameters: INodeParameters = {}): INode => ({
	id: '1',
	name: 'Dropbox Suite',
	type: 'n8n-nodes-dropbox-suite.dropboxSuite',
	typeVersion,
	position: [0, 0],
	parameters,
});
/** The properties n8n shows on a node of this typeVersion with these values. */
const shown = (typeVersion: number, values: INodeParameters) =>
	description.properties.filter((property) => NodeHelpers.displayParameter(values, property, node(typeVersion, values), description));
/** A node's parameters with every default filled in, as n8n reads them when it runs the node. */
const withDefaults = (typeVersion: number, parameters: INodeParameters) =>
	NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node(typeVersion, parameters), description) as INodeParameters;
/** What n8n keeps of a node's parameters when it saves or loads the workflow: what is shown and not a default. */
const kept = (typeVersion: number, parameters: INodeParameters) =>
	NodeHelpers.getNodeParameters(description.properties, parameters, false, false, node(typeVersion, parameters), description) as INodeParameters;

const optionsOf = (property: INodeProperties) =>
	Object.fromEntries((property.options as Array<{ value: string; name: string }>).map((option) => [option.value, option.name]));

describe('version 1: release 0.1.0\'s lists', () => {
	it('is offered next to version 2, which new nodes get', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('shows 0.1.0\'s Resource list, with its default', () => {
		const [resource, ...more] = shown(1, {}).filter((property) => property.name === 'resource');
		expect(more).toEqual([]);
		expect(optionsOf(resource)).toEqual(release010.resource.options);
		expect(resource.default).toBe(release010.resource.default);
		// And version 2 its own.
		const [resourceV2] = shown(2, {}).filter((property) => property.name === 'resource');
		expect(optionsOf(resourceV2)).toEqual(Object.fromEntries(resources.map((r) => [r.value, r.name])));
	});

	it.each(Object.entries(release010.operations))('shows 0.1.0\'s Operation list of %s, with its default', (resource, expected) => {
		const operations = shown(1, { resource }).filter((property) => property.name === 'operation');
		expect(operations).toHaveLength(1);
		// The same order as 0.1.0 (by name), the same values and names.
		expect(Object.entries(optionsOf(operations[0]))).toEqual(Object.entries(expected.options));
		expect(operations[0].default).toBe(expected.default);
		// A saved { resource } alone (the default operation is not saved) runs 0.1.0's default operation.
		expect(withDefaults(1, { resource }).operation).toBe(expected.default);
	});

	it('keeps version 2\'s Operation lists for version 2 nodes', () => {
		for (const resource of resources) {
			const operations = shown(2, { resource: resource.value }).filter((property) => property.name === 'operation');
			expect(operations).toHaveLength(1);
			expect(Object.keys(optionsOf(operations[0])).sort()).toEqual(resource.operations.map((op) => op.operation).sort());
			expect(operations[0].default).toBe(resource.defaultOperation);
		}
	});
});

describe('version 1: every 0.1.0 pair', () => {
	it('runs version 2\'s operation: the moved ones where the table says, the others under the same pair', () => {
		for (const [resource, operation] of pairsOf010) {
			const definition = findOperation(resource, operation, 1);
			const [toResource, toOperation] = V1_MOVED[resource]?.[operation] ?? [resource, operation];
			const target = findOperation(toResource, toOperation, 2);
			expect([resource, operation, definition && target && (definition.execute ?? definition.executeBatch)]).toEqual([
				resource,
				operation,
				target!.execute ?? target!.executeBatch,
			]);
			expect(definition!.routes).toEqual(target!.routes);
			expect(definition!.properties).toBe(target!.properties);
		}
		// And nothing beyond 0.1.0's pairs.
		expect(resourcesV1.flatMap((r) => r.operations.map((op) => `${r.value}/${op.operation}`)).sort()).toEqual(pairsOf010.map((pair) => pair.join('/')).sort());
	});

	it.each(pairsOf010.map(([resource, operation]) => [`${resource} → ${operation}`, resource, operation]))(
		'%s: a node shows 0.1.0\'s parameters with 0.1.0\'s types and defaults',
		(_label, resource, operation) => {
			const values = withDefaults(1, { resource, operation });
			const now = Object.fromEntries(
				Object.keys(values)
					.filter((name) => name !== 'resource' && name !== 'operation')
					.map((name) => [name, [shown(1, values).find((property) => property.name === name)!.type, values[name]]]),
			);
			// Parameters added since (Mark as Written, Simplify on Folder → List, ...) are extra; none of 0.1.0's is lost or changed.
			expect(now).toMatchObject(release010.parameters[`${resource}/${operation}`]);
		},
	);

	it.each(pairsOf010.map(([resource, operation]) => [`${resource} → ${operation}`, resource, operation]))(
		'%s: a saved node keeps every parameter it had',
		(_label, resource, operation) => {
			// A value other than the default for each of 0.1.0's parameters, as a person would have set them.
			const saved: INodeParameters = { resource, operation };
			for (const [name, [type]] of Object.entries(release010.parameters[`${resource}/${operation}`])) {
				if (type === 'notice') continue;
				saved[name] = type === 'boolean' ? '={{ true }}' : type === 'number' ? 7 : type === 'collection' || type === 'fixedCollection' ? {} : `=saved ${name}`;
			}
			// n8n leaves out what holds its default, as 0.1.0 did: the resource File, a resource's first operation.
			const expected = { ...saved };
			if (resource === release010.resource.default) delete expected.resource;
			if (operation === release010.operations[resource].default) delete expected.operation;
			expect(kept(1, saved)).toEqual(expected);
		},
	);
});

describe('Simplify, added after 0.1.0', () => {
	it.each([
		['folder', 'list'],
		['sharedFolder', 'list'],
		['sharedFolder', 'listMountable'],
	])('%s → %s: is off in version 1, where 0.1.0 gave the entries whole, and on in version 2', (resource, operation) => {
		expect(release010.parameters[`${resource}/${operation}`].simplify).toBeUndefined();
		expect(withDefaults(1, { resource, operation }).simplify).toBe(false);
		expect(withDefaults(2, { resource, operation }).simplify).toBe(true);
		// A saved version 1 node that turned it on keeps it.
		expect(kept(1, { resource, operation, simplify: true }).simplify).toBe(true);
	});
});

describe('version 2', () => {
	it('does not run 0.1.0\'s moved pairs (a version 2 node has none)', () => {
		expect(findOperation('batch', 'delete', 2)).toBeUndefined();
		expect(findOperation('file', 'lock', 2)).toBeUndefined();
		expect(findOperation('batch', 'delete', 1)?.executeBatch).toBe(findOperation('file', 'deleteMany', 2)?.executeBatch);
	});

	it('gives a saved version 2 node nothing of version 1: Batch → Delete has no parameters there', () => {
		expect(Object.keys(withDefaults(2, { resource: 'batch', operation: 'delete' }))).toEqual(['resource']);
		expect(Object.keys(withDefaults(2, { resource: 'file', operation: 'lock' })).sort()).toEqual(['operation', 'resource']);
	});
});
