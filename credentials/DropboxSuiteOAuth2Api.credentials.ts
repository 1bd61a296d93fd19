import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { ALL_SCOPES, PRESET_PARAMETER, PRESETS_VERSION, presetsFor, scopeExpression } from '../nodes/shared/scopes';

type AppType = keyof typeof PRESET_PARAMETER;

/**
 * The preset choice of one app type, shown only for it: switching App Type shows that type's presets with its
 * own default. The options name each preset; the notices below list its scopes in full.
 */
function scopePresetProperty(appType: AppType, preset: string): INodeProperties {
	return {
		displayName: 'Scope Preset',
		name: PRESET_PARAMETER[appType],
		type: 'options',
		options: [
			...presetsFor(appType).map((p) => ({ name: p.name, value: p.value, description: p.description })),
			{ name: 'Custom', value: 'custom', description: 'Pick the scopes yourself' },
		],
		default: preset,
		displayOptions: { show: { appType: [appType] } },
		description: `The permissions to ask for, listed below the choice. They must also be ticked on the app's Permissions tab; changing them means reconnecting. Presets are fixed lists (newest: ${PRESETS_VERSION}): an update of this package never changes what a preset asks for, it adds new presets beside the old ones. The Shared Link, Shared Folder and Shared File operations need a preset that includes sharing (sharing.write to change anything).`,
	};
}

/** The scopes of a Custom preset: one list, shown under either app type's preset choice. */
function customScopesProperty(appType: AppType): INodeProperties {
	return {
		displayName: 'Custom Scopes',
		name: 'customScopes',
		type: 'multiOptions',
		options: ALL_SCOPES.map((scope) => ({ name: scope, value: scope })),
		default: ['account_info.read'],
		displayOptions: { show: { appType: [appType], [PRESET_PARAMETER[appType]]: ['custom'] } },
		description: 'Each operation lists the scopes it needs in the package README',
	};
}

/** One notice per preset, shown while it is chosen, listing every scope it asks for (option descriptions get cut off). */
function scopeListNotices(appType: AppType): INodeProperties[] {
	return presetsFor(appType).map((preset) => ({
		displayName: `This preset asks for ${preset.scopes.length} scopes; tick each on the app's Permissions tab: ${preset.scopes.join(', ')}`,
		// Parameter names are paths to n8n: no dots.
		name: `scopesOf_${appType}_${preset.value.replace(/\W/g, '_')}`,
		type: 'notice' as const,
		default: '',
		displayOptions: { show: { appType: [appType], [PRESET_PARAMETER[appType]]: [preset.value] } },
	}));
}

export class DropboxSuiteOAuth2Api implements ICredentialType {
	name = 'dropboxSuiteOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Dropbox Suite OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-dropbox-suite/n8n-nodes-dropbox-suite#create-the-dropbox-app-and-the-credential';

	icon: Icon = { light: 'file:../nodes/DropboxSuite/dropboxSuite.svg', dark: 'file:../nodes/DropboxSuite/dropboxSuite.dark.svg' };

	properties: INodeProperties[] = [
		{
			// n8n lists an extending credential's own properties after the inherited ones, but keeps an overriding
			// one at the inherited place. oAuth2Api's Server URL comes before Client ID and is used only for dynamic
			// client registration (this credential does not register itself; an empty value turns it off), so the
			// setup notice takes its place and stands above the Client ID and Client Secret it talks about.
			displayName:
				'In the <a href="https://www.dropbox.com/developers/apps" target="_blank">Dropbox App Console</a>: create an app with "Scoped access" and "Full Dropbox" (or a team-linked app for Dropbox Business), add the OAuth Redirect URL shown above under Settings → OAuth 2 → Redirect URIs, tick on the Permissions tab every scope of the preset chosen below and press Submit, then copy the App key into Client ID and the App secret into Client Secret below.',
			name: 'serverUrl',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://www.dropbox.com/oauth2/authorize',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://api.dropboxapi.com/oauth2/token',
		},
		{
			displayName: 'App Type',
			name: 'appType',
			type: 'options',
			options: [
				{ name: 'Personal (User-Linked App)', value: 'user', description: 'One Dropbox account: personal, or your own account in a team' },
				{ name: 'Team (Team-Linked Dropbox Business App)', value: 'team', description: 'A whole team, linked by an admin; acts as members or admins' },
			],
			default: 'user',
			description: 'Which kind of app you created in the App Console',
		},
		scopePresetProperty('user', 'full'),
		scopePresetProperty('team', 'team.v2'),
		...scopeListNotices('user'),
		...scopeListNotices('team'),
		customScopesProperty('user'),
		customScopesProperty('team'),
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: scopeExpression(),
		},
		{
			// Dropbox issues a refresh token only for offline access; n8n then refreshes expired tokens itself.
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'token_access_type=offline',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];
}
