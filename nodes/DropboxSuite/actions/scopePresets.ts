import { ROUTES } from '../../shared/routes.generated';
import { FEED_ROUTES, TEAM_FEED_ROUTES } from '../../DropboxSuiteTrigger/watch';
import { catalog, resources, scopesOf } from './catalog';

/** Acting as a team member or admin (Dropbox-API-Select-User / -Admin) needs this scope on top of the routes' own. */
export const TEAM_CONTEXT_SCOPE = 'team_data.member';

const FILE_RESOURCES = ['account', 'file', 'folder'];
const teamOnly = new Set(resources.filter((r) => r.teamOnly).map((r) => r.value));

const union = (lists: string[][]) => [...new Set(lists.flat())].sort();

/** The triggers' own needs: every preset can watch for changes. */
const feedScopes = scopesOf(FEED_ROUTES);

interface ScopePreset {
	value: string;
	name: string;
	description: string;
	scopes: string[];
}

/** Scope presets, each the union of what a set of operations declares it needs (see the catalog). */
export const SCOPE_PRESETS: ScopePreset[] = [
	{
		value: 'filesRead',
		name: 'Read-Only Files',
		description: 'Read files, folders and account details; change nothing',
		scopes: union(
			catalog
				.filter((op) => FILE_RESOURCES.includes(op.resource) && op.scopes.every((s) => s.endsWith('.read')))
				.map((op) => op.scopes)
				.concat([feedScopes]),
		),
	},
	{
		value: 'filesWrite',
		name: 'Files and Folders',
		description: 'Read and change files and folders, and read account details',
		scopes: union([...catalog.filter((op) => FILE_RESOURCES.includes(op.resource)).map((op) => op.scopes), feedScopes]),
	},
	{
		value: 'full',
		name: 'Everything for a Personal App',
		description: 'Files, folders, shared links, sharing, file requests, Paper and account: every non-team operation',
		scopes: union([...catalog.filter((op) => !teamOnly.has(op.resource)).map((op) => op.scopes), feedScopes]),
	},
	{
		value: 'team',
		name: 'Team Administration (Team App)',
		description: 'Every operation, team members and team folders included, acting as members or admins',
		scopes: union([...catalog.map((op) => op.scopes), feedScopes, scopesOf(TEAM_FEED_ROUTES), [TEAM_CONTEXT_SCOPE]]),
	},
];

/** Every scope a Dropbox route can need, for the custom list. */
export const ALL_SCOPES: string[] = union([Object.values(ROUTES).flatMap((route) => (route.scope ? [route.scope] : []))]);

/** The hidden `scope` field's expression: n8n re-evaluates it whenever the credential is used or connected. */
export function scopeExpression(): string {
	const presets = Object.fromEntries(SCOPE_PRESETS.map((preset) => [preset.value, preset.scopes.join(' ')]));
	return `={{ $self["scopePreset"] === "custom" ? ($self["customScopes"] || []).join(" ") : ${JSON.stringify(presets)}[$self["scopePreset"]] }}`;
}
