// The credential's scope presets, written out. They are not computed from the operations: a credential stores
// only the preset's value, so a preset that changed with a release would silently ask for new scopes, and
// reconnecting would then fail until the user ticked them in the App Console.
//
// A released preset is never changed. A release whose operations need more adds a new preset, or a new version
// of one (new value, e.g. "full.v2", with PRESETS_VERSION moved on for it), and leaves the old entries as they
// are. test/unit/scopes.test.ts holds every preset to a literal snapshot and checks that each operation and
// trigger fits every preset that claims to cover it.
import { ROUTES } from './routes.generated';

/** The newest preset version; each preset names the version it appeared in. */
export const PRESETS_VERSION = 'presets v3';

/** Acting as a team member or admin (Dropbox-API-Select-User / -Admin) needs this scope on top of the routes' own. */
export const TEAM_CONTEXT_SCOPE = 'team_data.member';

/** What a preset promises, checked against the operation catalog and the triggers by the test. */
export interface PresetCoverage {
	/** The node's resources whose operations the preset is for. */
	resources: string[];
	/** Only those operations whose scopes all end in ".read". */
	readOnly: boolean;
	/** Team-linked apps: acting as members or admins, and the triggers watching every team member. */
	team: boolean;
}

export interface ScopePreset {
	/** Stored in the credential: never reused for another list. */
	value: string;
	name: string;
	description: string;
	version: string;
	covers: PresetCoverage;
	scopes: readonly string[];
}

/** The node's sharing resources, covered from "presets v2" on. */
const SHARING_RESOURCES = ['sharedLink', 'sharedFolder', 'sharedFile'];
/** File requests, covered from "presets v2" on (file_requests.read, and file_requests.write where things change). */
const FILE_REQUEST_RESOURCES = ['fileRequest'];
/** What was part of File until the operations were grouped into resources: "presets v1" covers them as part of File. */
const FILE_PART_RESOURCES = ['fileRevision', 'fileLock', 'tag', 'preview', 'temporaryLink', 'copyReference'];
/** Files, folders and the account: what "presets v1" covers. */
const V1_RESOURCES = ['account', 'file', 'folder', ...FILE_PART_RESOURCES];
// Paper docs are .paper files: their operations need only the file scopes (and account_info.read), which the v2 presets hold.
const FILE_RESOURCES = [...V1_RESOURCES, 'paper'];
/** The team's own resources (team-linked apps only), covered by the team preset from "presets v2" on. */
const TEAM_RESOURCES = ['team', 'teamMember', 'teamFolder'];

// Every preset also covers both triggers (list_folder, list_revisions, get_temporary_link).
// "presets v1" covers files, folders and the account; "presets v2" adds the sharing resources, and with them
// sharing.write for the presets that change things; it also adds File Request (file_requests.read, and
// file_requests.write for the presets that change things).
export const SCOPE_PRESETS: readonly ScopePreset[] = [
	{
		value: 'filesRead',
		name: 'Read-Only Files',
		description: 'Read files, folders and account details; change nothing',
		version: 'presets v1',
		covers: { resources: V1_RESOURCES, readOnly: true, team: false },
		scopes: ['account_info.read', 'files.content.read', 'files.metadata.read', 'sharing.read'],
	},
	{
		value: 'filesWrite',
		name: 'Files and Folders',
		description: 'Read and change files and folders, and read account details',
		version: 'presets v1',
		covers: { resources: V1_RESOURCES, readOnly: false, team: false },
		scopes: [
			'account_info.read',
			'files.content.read',
			'files.content.write',
			'files.metadata.read',
			'files.metadata.write',
			'files.permanent_delete',
			'sharing.read',
		],
	},
	{
		value: 'full',
		name: 'Everything for a Personal App',
		description: 'Every file, folder and account operation, and the triggers',
		version: 'presets v1',
		covers: { resources: V1_RESOURCES, readOnly: false, team: false },
		scopes: [
			'account_info.read',
			'files.content.read',
			'files.content.write',
			'files.metadata.read',
			'files.metadata.write',
			'files.permanent_delete',
			'sharing.read',
		],
	},
	{
		value: 'team',
		name: 'Everything for a Team App',
		description: 'Every file, folder and account operation and the triggers, acting as team members or admins',
		version: 'presets v1',
		covers: { resources: V1_RESOURCES, readOnly: false, team: true },
		scopes: [
			'account_info.read',
			'files.content.read',
			'files.content.write',
			'files.metadata.read',
			'files.metadata.write',
			'files.permanent_delete',
			'members.read',
			'sharing.read',
			TEAM_CONTEXT_SCOPE,
		],
	},
	{
		value: 'readOnly.v2',
		name: 'Read-Only Files and Sharing',
		description: 'Read files, folders, shared links, shared folders, file requests and account details; change nothing',
		version: 'presets v2',
		covers: { resources: [...FILE_RESOURCES, ...SHARING_RESOURCES, ...FILE_REQUEST_RESOURCES], readOnly: true, team: false },
		scopes: ['account_info.read', 'file_requests.read', 'files.content.read', 'files.metadata.read', 'sharing.read'],
	},
	{
		value: 'filesWrite.v2',
		name: 'Files, Folders and Sharing',
		description: 'Read and change files and folders, share them (links, folders, files), collect files with file requests, and read account details',
		version: 'presets v2',
		covers: { resources: [...FILE_RESOURCES, ...SHARING_RESOURCES, ...FILE_REQUEST_RESOURCES], readOnly: false, team: false },
		scopes: [
			'account_info.read',
			'file_requests.read',
			'file_requests.write',
			'files.content.read',
			'files.content.write',
			'files.metadata.read',
			'files.metadata.write',
			'files.permanent_delete',
			'sharing.read',
			'sharing.write',
		],
	},
	{
		value: 'full.v2',
		name: 'Everything for a Personal App, Sharing Included',
		description: 'Every file, folder, account, Paper, sharing and file request operation, and the triggers',
		version: 'presets v2',
		covers: { resources: [...FILE_RESOURCES, ...SHARING_RESOURCES, ...FILE_REQUEST_RESOURCES], readOnly: false, team: false },
		scopes: [
			'account_info.read',
			'file_requests.read',
			'file_requests.write',
			'files.content.read',
			'files.content.write',
			'files.metadata.read',
			'files.metadata.write',
			'files.permanent_delete',
			'sharing.read',
			'sharing.write',
		],
	},
	{
		value: 'team.v2',
		name: 'Everything for a Team App, Sharing Included',
		description: 'Every operation and the triggers, sharing and the team (members, team folders) included, acting as team members or admins',
		version: 'presets v2',
		covers: { resources: [...FILE_RESOURCES, ...SHARING_RESOURCES, ...FILE_REQUEST_RESOURCES, ...TEAM_RESOURCES], readOnly: false, team: true },
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
			TEAM_CONTEXT_SCOPE,
			'team_info.read',
		],
	},
	// "presets v3": team apps find their "Mark as Written by Dropbox Suite" / "Ignore Changes Made by Dropbox Suite" template among the
	// team's templates (file_properties/templates/*_for_team), which need files.team_metadata.write. Personal
	// presets that can write already cover the user templates (files.metadata.read and .write).
	{
		value: 'team.v3',
		name: 'Everything for a Team App, Sync Marks Included',
		description: 'Every operation and the triggers, sharing and the team included, acting as team members or admins; with the team template behind "Mark as Written by Dropbox Suite"',
		version: 'presets v3',
		covers: { resources: [...FILE_RESOURCES, ...SHARING_RESOURCES, ...FILE_REQUEST_RESOURCES, ...TEAM_RESOURCES], readOnly: false, team: true },
		scopes: [
			'account_info.read',
			'file_requests.read',
			'file_requests.write',
			'files.content.read',
			'files.content.write',
			'files.metadata.read',
			'files.metadata.write',
			'files.permanent_delete',
			'files.team_metadata.write',
			'members.delete',
			'members.read',
			'members.write',
			'sharing.read',
			'sharing.write',
			'team_data.content.read',
			'team_data.content.write',
			TEAM_CONTEXT_SCOPE,
			'team_info.read',
		],
	},
];

/** The presets that ask for a scope, for the missing_scope hint. */
export function presetsWith(scope: string): ScopePreset[] {
	return SCOPE_PRESETS.filter((preset) => preset.scopes.includes(scope));
}

/** Every scope a Dropbox route can need, for the custom list. */
export const ALL_SCOPES: string[] = [...new Set(Object.values(ROUTES).flatMap((route) => (route.scope ? [route.scope] : [])))].sort();

/** The presets offered for an app type: team presets for team-linked apps, the others for user-linked ones. */
export function presetsFor(appType: 'user' | 'team'): ScopePreset[] {
	return SCOPE_PRESETS.filter((preset) => preset.covers.team === (appType === 'team'));
}

/** The credential parameter holding the preset of an app type (the personal one keeps its first name). */
export const PRESET_PARAMETER = { user: 'scopePreset', team: 'teamScopePreset' } as const;

/**
 * The hidden `scope` field's expression: n8n re-evaluates it whenever the credential is used or connected.
 * $self holds only the parameters shown for the chosen app type, so the preset is read from that type's
 * parameter; every preset value ever released stays in the table, whichever parameter holds it.
 */
export function scopeExpression(): string {
	const presets = Object.fromEntries(SCOPE_PRESETS.map((preset) => [preset.value, preset.scopes.join(' ')]));
	const preset = `($self["appType"] === "team" ? $self["${PRESET_PARAMETER.team}"] : $self["${PRESET_PARAMETER.user}"])`;
	return `={{ ${preset} === "custom" ? ($self["customScopes"] || []).join(" ") : ${JSON.stringify(presets)}[${preset}] }}`;
}
