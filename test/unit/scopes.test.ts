// The credential's scope presets are fixed lists per release: these tests hold them to a literal snapshot, and
// check that every operation of the catalog and both triggers fit every preset that claims to cover them.
import type { IDataObject, INode, INodeProperties, INodeType, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { catalog, findOperation, resources, scopesOf } from '../../nodes/DropboxSuite/actions/catalog';
import { dropboxApiError } from '../../nodes/shared/errors';
import { ALL_SCOPES, PRESETS_VERSION, SCOPE_PRESETS, TEAM_CONTEXT_SCOPE, presetsWith, scopeExpression } from '../../nodes/shared/scopes';
import type { ScopePreset } from '../../nodes/shared/scopes';
import { FEED_ROUTES, IGNORE_OWN_ROUTES, TEAM_FEED_ROUTES, TEAM_IGNORE_OWN_ROUTES } from '../../nodes/shared/watch';
import { ORIGIN_ROUTES } from '../../nodes/shared/origin';
import { DropboxSuiteOAuth2Api } from '../../credentials/DropboxSuiteOAuth2Api.credentials';

// What "presets v1" asks for, as released. A credential that stores one of these values asks Dropbox for exactly
// these scopes in every later release: change a preset here and in nodes/shared/scopes.ts only by adding a new
// preset (or a new version of one, under a new value), never by editing a released list.
const RELEASED: Record<string, { version: string; scopes: string[] }> = {
	filesRead: {
		version: 'presets v1',
		scopes: ['account_info.read', 'files.content.read', 'files.metadata.read', 'sharing.read'],
	},
	filesWrite: {
		version: 'presets v1',
		scopes: ['account_info.read', 'files.content.read', 'files.content.write', 'files.metadata.read', 'files.metadata.write', 'files.permanent_delete', 'sharing.read'],
	},
	full: {
		version: 'presets v1',
		scopes: ['account_info.read', 'files.content.read', 'files.content.write', 'files.metadata.read', 'files.metadata.write', 'files.permanent_delete', 'sharing.read'],
	},
	team: {
		version: 'presets v1',
		scopes: ['account_info.read', 'files.content.read', 'files.content.write', 'files.metadata.read', 'files.metadata.write', 'files.permanent_delete', 'members.read', 'sharing.read', 'team_data.member'],
	},
	// presets v2: the sharing resources and file requests, with sharing.write and file_requests.write where the
	// preset changes things.
	'readOnly.v2': {
		version: 'presets v2',
		scopes: ['account_info.read', 'file_requests.read', 'files.content.read', 'files.metadata.read', 'sharing.read'],
	},
	'filesWrite.v2': {
		version: 'presets v2',
		scopes: ['account_info.read', 'file_requests.read', 'file_requests.write', 'files.content.read', 'files.content.write', 'files.metadata.read', 'files.metadata.write', 'files.permanent_delete', 'sharing.read', 'sharing.write'],
	},
	'full.v2': {
		version: 'presets v2',
		scopes: ['account_info.read', 'file_requests.read', 'file_requests.write', 'files.content.read', 'files.content.write', 'files.metadata.read', 'files.metadata.write', 'files.permanent_delete', 'sharing.read', 'sharing.write'],
	},
	'team.v2': {
		version: 'presets v2',
		scopes: [
			'account_info.read',
			'file_requests.read',
			'file_requests.write',
			'files.content.read',
			'files.content.write',
			'files.metadata.read',
			'files.metadata.write',
			'files.permanent_delete',
			'members.delete',
			'members.read',
			'members.write',
			'sharing.read',
			'sharing.write',
			'team_data.content.read',
			'team_data.content.write',
			'team_data.member',
			'team_info.read',
		],
	},
};

/**
 * Sharing resources that "presets v2" claims while they are built on other branches: a preset may name them
 * before the node has them (it then covers none of their operations yet). Once a resource exists it is checked
 * like every other, so this list needs no update when they arrive.
 */
const ANNOUNCED_RESOURCES = ['sharedLink', 'sharedFolder', 'sharedFile'];

const isReadOnly = (scopes: string[]) => scopes.every((scope) => scope.endsWith('.read'));

/**
 * Operations whose route needs a scope Dropbox marks private ("private:sharing.write"): the App Console does not
 * offer it to every app, so no preset asks for it (a preset asking for it could make authorization fail); such an
 * operation needs Custom scopes, and its description says so.
 */
const needsPrivateScope = (op: (typeof catalog)[number]) => op.scopes.some((scope) => scope.startsWith('private:'));

/** The catalog's operations a preset claims to cover. */
const claimedBy = (preset: ScopePreset) =>
	catalog.filter(
		(op) => !needsPrivateScope(op) && preset.covers.resources.includes(op.resource) && (!preset.covers.readOnly || isReadOnly(op.scopes)),
	);

/** What of `needed` a preset lacks, labelled so a failure says which operation and scope. */
const missing = (preset: ScopePreset, label: string, needed: string[]) =>
	needed.filter((scope) => !preset.scopes.includes(scope)).map((scope) => `${preset.value} lacks ${scope} for ${label}`);

describe('the scope presets', () => {
	it('are the released lists, unchanged', () => {
		const released = Object.fromEntries(SCOPE_PRESETS.map((p) => [p.value, { version: p.version, scopes: [...p.scopes] }]));
		for (const [value, preset] of Object.entries(RELEASED)) expect(released[value]).toEqual(preset);
		// A preset beyond the snapshot belongs to a newer version: add it to RELEASED when it is released.
		for (const preset of SCOPE_PRESETS.filter((p) => !RELEASED[p.value])) expect(['presets v1', 'presets v2']).not.toContain(preset.version);
	});

	it('have unique values, sorted scopes that Dropbox knows, and a known version', () => {
		expect(new Set(SCOPE_PRESETS.map((p) => p.value)).size).toBe(SCOPE_PRESETS.length);
		for (const preset of SCOPE_PRESETS) {
			expect(preset.scopes).toEqual([...new Set(preset.scopes)].sort());
			expect(preset.scopes.filter((scope) => !ALL_SCOPES.includes(scope))).toEqual([]);
			expect(Number(preset.version.replace('presets v', ''))).toBeLessThanOrEqual(Number(PRESETS_VERSION.replace('presets v', '')));
		}
	});

	it('claim only resources the node has (or announced sharing resources), and each covers some operation', () => {
		const known = [...resources.map((r) => r.value), ...ANNOUNCED_RESOURCES];
		for (const preset of SCOPE_PRESETS) {
			expect(preset.covers.resources.filter((r) => !known.includes(r))).toEqual([]);
			expect(claimedBy(preset).length).toBeGreaterThan(0);
		}
	});

	it('cover every scope of every operation they claim', () => {
		const gaps = SCOPE_PRESETS.flatMap((preset) => claimedBy(preset).flatMap((op) => missing(preset, `${op.resource}.${op.operation}`, op.scopes)));
		expect(gaps).toEqual([]);
	});

	it('together cover every operation of the catalog, but those that need a private scope (Custom only, and said so)', () => {
		const uncovered = catalog.filter((op) => !SCOPE_PRESETS.some((preset) => claimedBy(preset).includes(op)));
		expect(uncovered.map((op) => `${op.resource}.${op.operation}`)).toEqual(['sharedFile.relinquishAccess']);
		for (const op of uncovered) {
			expect(SCOPE_PRESETS.some((preset) => op.scopes.every((scope) => preset.scopes.includes(scope)))).toBe(false);
			const description = findOperation(op.resource, op.operation)?.description ?? '';
			for (const scope of op.scopes.filter((s) => s.startsWith('private:'))) expect(description).toContain(scope);
		}
	});

	it('from presets v2 on, cover every sharing resource the node has, and sharing.write wherever they change things', () => {
		const v2 = SCOPE_PRESETS.filter((p) => p.version === 'presets v2');
		expect(v2.map((p) => p.value).sort()).toEqual(['filesWrite.v2', 'full.v2', 'readOnly.v2', 'team.v2']);
		for (const preset of v2) {
			expect(preset.covers.resources).toEqual(expect.arrayContaining(ANNOUNCED_RESOURCES));
			expect(preset.scopes.includes('sharing.write')).toBe(!preset.covers.readOnly);
		}
		// Shared Link is on this branch: its read operations are claimed by the read-only preset, all by the others.
		const sharedLinkOps = catalog.filter((op) => op.resource === 'sharedLink');
		expect(sharedLinkOps.length).toBeGreaterThan(0);
		const readOnly = v2.find((p) => p.covers.readOnly) as ScopePreset;
		expect(claimedBy(readOnly).filter((op) => op.resource === 'sharedLink').map((op) => op.operation).sort()).toEqual(['downloadFile', 'getMetadata', 'list']);
		for (const preset of v2.filter((p) => !p.covers.readOnly)) expect(claimedBy(preset).filter((op) => op.resource === 'sharedLink')).toEqual(sharedLinkOps);
	});

	it('from presets v2 on, cover File Request: its read operations in the read-only preset, all of them in the others', () => {
		const v2 = SCOPE_PRESETS.filter((p) => p.version === 'presets v2');
		const fileRequestOps = catalog.filter((op) => op.resource === 'fileRequest');
		expect(fileRequestOps.map((op) => op.operation).sort()).toEqual(['count', 'create', 'delete', 'deleteAllClosed', 'get', 'list', 'update']);
		for (const preset of v2) {
			expect(preset.covers.resources).toContain('fileRequest');
			expect(preset.scopes.includes('file_requests.write')).toBe(!preset.covers.readOnly);
		}
		const readOnly = v2.find((p) => p.covers.readOnly) as ScopePreset;
		expect(claimedBy(readOnly).filter((op) => op.resource === 'fileRequest').map((op) => op.operation).sort()).toEqual(['count', 'get', 'list']);
		for (const preset of v2.filter((p) => !p.covers.readOnly)) expect(claimedBy(preset).filter((op) => op.resource === 'fileRequest')).toEqual(fileRequestOps);
	});

	it('keep the presets v1 lists as released: none asks for sharing.write or file requests', () => {
		for (const preset of SCOPE_PRESETS.filter((p) => p.version === 'presets v1')) expect(preset.scopes.filter((scope) => scope.startsWith('file_requests.'))).toEqual([]);
		for (const preset of SCOPE_PRESETS.filter((p) => p.version === 'presets v1')) expect(preset.scopes).not.toContain('sharing.write');
	});

	it('keep read-only presets free of write scopes', () => {
		for (const preset of SCOPE_PRESETS.filter((p) => p.covers.readOnly)) expect(isReadOnly([...preset.scopes])).toBe(true);
	});

	it('cover both triggers, and team presets watching every member and acting as members', () => {
		expect(scopesOf(FEED_ROUTES)).not.toEqual([]);
		const gaps = SCOPE_PRESETS.flatMap((preset) => [
			...missing(preset, 'the triggers', scopesOf(FEED_ROUTES)),
			...(preset.covers.team ? missing(preset, 'team triggers and Act As', [...scopesOf(TEAM_FEED_ROUTES), TEAM_CONTEXT_SCOPE]) : []),
		]);
		expect(gaps).toEqual([]);
		expect(SCOPE_PRESETS.some((p) => p.covers.team)).toBe(true);
	});

	it('cover "Mark as Written by Dropbox Suite" and "Ignore Changes Made by Dropbox Suite" wherever they can write; team apps from presets v3 on', () => {
		expect(scopesOf(ORIGIN_ROUTES).sort()).toEqual(['files.metadata.read', 'files.metadata.write']);
		const writers = SCOPE_PRESETS.filter((p) => !p.covers.readOnly);
		const gaps = writers.flatMap((preset) => missing(preset, 'the personal template and marks', scopesOf([...ORIGIN_ROUTES, ...IGNORE_OWN_ROUTES])));
		expect(gaps).toEqual([]);
		const teamV3 = SCOPE_PRESETS.filter((p) => p.covers.team && p.version === 'presets v3');
		expect(teamV3.map((p) => p.value)).toEqual(['team.v3']);
		for (const preset of teamV3) expect(missing(preset, 'the team template', scopesOf(TEAM_IGNORE_OWN_ROUTES))).toEqual([]);
		// The released team presets lack it: a team app on them meets missing_scope, whose hint names team.v3.
		expect(presetsWith('files.team_metadata.write').map((p) => p.value)).toEqual(['team.v3']);
	});

	it('reach the credential: one preset choice per app type, and the hidden scope expression', () => {
		const properties = new DropboxSuiteOAuth2Api().properties;
		const choice = (name: string) => properties.find((p) => p.name === name && p.type === 'options');
		for (const [appType, name, preset] of [['user', 'scopePreset', 'full'], ['team', 'teamScopePreset', 'team.v2']] as const) {
			const property = choice(name);
			expect(property?.displayOptions).toEqual({ show: { appType: [appType] } });
			expect(property?.default).toBe(preset);
			const values = (property?.options as Array<{ value: string }>).map((o) => o.value);
			expect(values).toEqual([...SCOPE_PRESETS.filter((p) => p.covers.team === (appType === 'team')).map((p) => p.value), 'custom']);
		}
		const expression = properties.find((p) => p.name === 'scope')?.default as string;
		expect(expression).toBe(scopeExpression());
		expect(expression.startsWith('={{')).toBe(true);
		expect(expression).toContain(`"full":"${RELEASED.full.scopes.join(' ')}"`);
		expect(expression).toContain('$self["customScopes"]');
	});
});

describe('the credential dialog', () => {
	const credential = new DropboxSuiteOAuth2Api();
	/** What n8n hands the scope expression as $self: the stored values of the parameters shown, defaults filled in. */
	const self = (stored: IDataObject) => NodeHelpers.getNodeParameters(credential.properties, stored, true, false, null, null) as IDataObject;
	/** The hidden scope expression, evaluated over $self by n8n's expression engine. */
	const node = { id: '1', name: 'Credential', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const nodeType = { description: { properties: [] } } as unknown as INodeType;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const scopeOf = (stored: IDataObject) =>
		workflow.expression.getParameterValue(scopeExpression(), null, 0, 0, node.name, [], 'manual', {}, undefined, false, self(stored)) as string;
	const shownNotices = (stored: IDataObject) =>
		credential.properties.filter((p) => p.type === 'notice' && p.name.startsWith('scopesOf_') && NodeHelpers.displayParameter(self(stored), p, null)).map((p) => p.displayName);

	it('asks a new team credential for the team preset, and a personal one for the personal preset', () => {
		expect(scopeOf({ appType: 'team' })).toBe(RELEASED['team.v2'].scopes.join(' '));
		expect(scopeOf({ appType: 'user' })).toBe(RELEASED.full.scopes.join(' '));
		// Switching App Type in the editor leaves the other type's choice stored; it no longer counts.
		expect(scopeOf({ appType: 'team', scopePreset: 'filesRead' })).toBe(RELEASED['team.v2'].scopes.join(' '));
		expect(scopeOf({ appType: 'team', teamScopePreset: 'custom', customScopes: ['members.read'] })).toBe('members.read');
	});

	it('resolves every stored preset value to its released list', () => {
		for (const [value, preset] of Object.entries(RELEASED)) {
			const appType = SCOPE_PRESETS.find((p) => p.value === value)?.covers.team ? 'team' : 'user';
			const stored = appType === 'team' ? { appType, teamScopePreset: value } : { appType, scopePreset: value };
			expect(scopeOf(stored)).toBe(preset.scopes.join(' '));
		}
		expect(scopeOf({ appType: 'user', scopePreset: 'custom', customScopes: ['account_info.read', 'files.content.read'] })).toBe('account_info.read files.content.read');
	});

	it('shows the full scope list of the chosen preset, and only of that one', () => {
		for (const preset of SCOPE_PRESETS) {
			const stored = preset.covers.team ? { appType: 'team', teamScopePreset: preset.value } : { appType: 'user', scopePreset: preset.value };
			const notices = shownNotices(stored);
			expect(notices).toHaveLength(1);
			expect(notices[0]).toContain(preset.scopes.join(', '));
			expect(notices[0]).not.toContain('…');
		}
		expect(shownNotices({ appType: 'user', scopePreset: 'custom' })).toEqual([]);
	});

	it('puts the setup notice above Client ID and Client Secret once merged with oAuth2Api', () => {
		// n8n merges an extending credential into its parent's list: an overriding property keeps the parent's place.
		const parent = ['useDynamicClientRegistration', 'grantType', 'serverUrl', 'authUrl', 'accessTokenUrl', 'clientId', 'clientCredentialType', 'clientSecret', 'scope'].map(
			(name) => ({ displayName: name, name, type: 'string', default: '' }) as INodeProperties,
		);
		const merged = [...parent];
		NodeHelpers.mergeNodeProperties(merged, credential.properties);
		const at = (name: string) => merged.findIndex((p) => p.name === name);
		const notice = merged.find((p) => p.type === 'notice' && p.displayName.includes('App Console'));
		expect(notice?.name).toBe('serverUrl');
		expect(at('serverUrl')).toBeLessThan(at('clientId'));
		expect(at('clientId')).toBeLessThan(at('clientSecret'));
		expect(notice?.displayName).toContain('App key into Client ID and the App secret into Client Secret below');
		// An empty Server URL is what keeps n8n's dynamic client registration off.
		expect(notice?.default).toBe('');
	});
});

describe('the missing_scope hint', () => {
	const node = { id: '1', name: 'Dropbox Suite', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const missingScope = (scope: string) =>
		dropboxApiError(node, 'files/create_folder_v2', { path: '/a' }, {
			status: 401,
			headers: {},
			body: { error_summary: 'missing_scope/..', error: { '.tag': 'missing_scope', required_scope: scope } },
		}).description ?? '';

	it('names the scope and every preset that includes it, and no other', () => {
		const description = missingScope('files.content.write');
		expect(description).toContain('"files.content.write"');
		const including = presetsWith('files.content.write').map((p) => p.name);
		expect(including).toEqual([
			'Files and Folders',
			'Everything for a Personal App',
			'Everything for a Team App',
			'Files, Folders and Sharing',
			'Everything for a Personal App, Sharing Included',
			'Everything for a Team App, Sharing Included',
			'Everything for a Team App, Sync Marks Included',
		]);
		for (const name of including) expect(description).toContain(`"${name}"`);
		expect(description).not.toContain('Read-Only Files');
		expect(description).toContain('Reconnect');
	});

	it('names only the presets v2 for sharing.write', () => {
		const description = missingScope('sharing.write');
		expect(presetsWith('sharing.write').map((p) => p.value)).toEqual(['filesWrite.v2', 'full.v2', 'team.v2', 'team.v3']);
		expect(description).toContain('"Files, Folders and Sharing", "Everything for a Personal App, Sharing Included", "Everything for a Team App, Sharing Included", "Everything for a Team App, Sync Marks Included"');
	});

	it('says to use the custom list when no preset includes the scope', () => {
		const description = missingScope('groups.write');
		expect(presetsWith('groups.write')).toEqual([]);
		expect(description).toContain('"groups.write"');
		expect(description).toContain('no scope preset includes it');
		expect(description).toContain('"Custom"');
	});
});
