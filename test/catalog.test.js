// The catalog is the one source of the node's options, the router, the README table and the exported catalog;
// these tests fail when one of them drifts from it or from Dropbox's route table. The scope presets are fixed
// lists instead, checked against the catalog in test/unit/scopes.test.ts.
const { readFileSync } = require('node:fs');

const generate = require('../scripts/generate.js');
const { catalog, findOperation, resources } = require('../nodes/DropboxSuite/actions/catalog');
const { ALL_SCOPES } = require('../nodes/shared/scopes');
const { DropboxSuite } = require('../nodes/DropboxSuite/DropboxSuite.node');

const vendored = new Map(generate.vendoredRoutes().map((route) => [generate.routeKey(route), route]));

describe('the operation catalog', () => {
	it('is what the README operations table shows', () => {
		const readme = readFileSync(generate.README_FILE, 'utf8');
		expect(readme).toBe(generate.readmeWithTable(readme, catalog));
	});

	it('uses only routes of the vendored route table, none deprecated', () => {
		for (const op of catalog) {
			for (const route of op.routes) {
				expect(vendored.has(route) ? route : `missing: ${route}`).toBe(route);
				expect(vendored.get(route).deprecated ? `deprecated: ${route}` : route).toBe(route);
			}
		}
	});

	it('lists the scopes of its routes, as Dropbox\'s table gives them', () => {
		for (const op of catalog) {
			const expected = [...new Set(op.routes.map((r) => vendored.get(r).scope).filter(Boolean))].sort();
			expect(op.scopes).toEqual(expected);
		}
	});

	it('has every Account operation the foundation promises', () => {
		expect(catalog.filter((op) => op.resource === 'account').map((op) => op.operation).sort()).toEqual(
			['checkAccess', 'get', 'getCurrent', 'getFeatures', 'getMany', 'getSpaceUsage'],
		);
	});

	it('keeps the generated route table in step with the vendored one', () => {
		expect(readFileSync(generate.ROUTES_FILE, 'utf8')).toBe(generate.routeTableSource());
	});
});

describe('the node description', () => {
	const { properties } = new DropboxSuite().description;

	it('offers every resource and, per resource, its operations with actions, sorted by name', () => {
		const resource = properties.find((p) => p.name === 'resource');
		expect(resource.options.map((o) => o.value).sort()).toEqual(resources.map((r) => r.value).sort());
		for (const r of resources) {
			const operation = properties.find((p) => p.name === 'operation' && p.displayOptions.show.resource[0] === r.value);
			const names = operation.options.map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			for (const option of operation.options) {
				expect(option.action).toMatch(/^[A-Z][a-z]/);
				expect(findOperation(r.value, option.value)).toBeDefined();
			}
		}
	});

	it('shows each operation parameter only for its resource and operation', () => {
		const accountId = properties.find((p) => p.name === 'accountId');
		expect(accountId.displayOptions.show).toEqual({ resource: ['account'], operation: ['get'] });
	});
});

describe('the credential\'s custom scope list', () => {
	it('offers every scope of the route table', () => {
		const scopes = new Set([...vendored.values()].map((r) => r.scope).filter(Boolean));
		expect(ALL_SCOPES).toEqual([...scopes].sort());
	});
});
