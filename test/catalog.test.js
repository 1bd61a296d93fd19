// The catalog is the one source of the node's options, the router, the scope presets, the README table and the
// exported catalog; these tests fail when one of them drifts from it or from Dropbox's route table.
const { readFileSync } = require('node:fs');

const generate = require('../scripts/generate.js');
const { catalog, findOperation, resources, scopesOf } = require('../nodes/DropboxSuite/actions/catalog');
const { FEED_ROUTES, TEAM_FEED_ROUTES } = require('../nodes/DropboxSuiteTrigger/watch');
const { SCOPE_PRESETS, ALL_SCOPES, scopeExpression } = require('../nodes/DropboxSuite/actions/scopePresets');
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

describe('the credential scope presets', () => {
	const preset = (value) => SCOPE_PRESETS.find((p) => p.value === value).scopes;

	it('are unions of what the operations declare', () => {
		const all = [...new Set(catalog.flatMap((op) => op.scopes))].sort();
		const teamOnly = new Set(resources.filter((r) => r.teamOnly).map((r) => r.value));
		const feed = scopesOf(FEED_ROUTES);
		const personal = [...new Set([...catalog.filter((op) => !teamOnly.has(op.resource)).flatMap((op) => op.scopes), ...feed])].sort();
		expect(preset('full')).toEqual(personal);
		expect(preset('team')).toEqual([...new Set([...all, ...feed, ...scopesOf(TEAM_FEED_ROUTES), 'team_data.member'])].sort());
		expect(preset('filesRead').every((s) => s.endsWith('.read'))).toBe(true);
		expect(preset('filesRead')).toContain('account_info.read');
	});

	it('offer every scope of the route table in the custom list', () => {
		const scopes = new Set([...vendored.values()].map((r) => r.scope).filter(Boolean));
		expect(ALL_SCOPES).toEqual([...scopes].sort());
	});

	it('feed the hidden scope field through an expression over the preset', () => {
		const expression = scopeExpression();
		expect(expression.startsWith('={{')).toBe(true);
		expect(expression).toContain(`"full":"${preset('full').join(' ')}"`);
		expect(expression).toContain('$self["customScopes"]');
	});
});
