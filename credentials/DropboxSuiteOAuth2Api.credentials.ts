import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { ALL_SCOPES, PRESETS_VERSION, SCOPE_PRESETS, scopeExpression } from '../nodes/shared/scopes';

export class DropboxSuiteOAuth2Api implements ICredentialType {
	name = 'dropboxSuiteOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Dropbox Suite OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-dropbox-suite/n8n-nodes-dropbox-suite#create-the-dropbox-app-and-the-credential';

	icon: Icon = { light: 'file:../nodes/DropboxSuite/dropboxSuite.svg', dark: 'file:../nodes/DropboxSuite/dropboxSuite.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName:
				'In the <a href="https://www.dropbox.com/developers/apps" target="_blank">Dropbox App Console</a>: create an app with "Scoped access" and "Full Dropbox" (or a team-linked app for Dropbox Business), add the OAuth Redirect URL shown above under Settings → OAuth 2 → Redirect URIs, tick on the Permissions tab every scope of the preset chosen below and press Submit, then copy the App key and App secret here.',
			name: 'setupNotice',
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
		{
			displayName: 'Scope Preset',
			name: 'scopePreset',
			type: 'options',
			options: [
				...SCOPE_PRESETS.map((preset) => ({
					name: preset.name,
					value: preset.value,
					description: `${preset.description}. Scopes: ${preset.scopes.join(', ')}`,
				})),
				{ name: 'Custom', value: 'custom', description: 'Pick the scopes yourself' },
			],
			default: 'full',
			description: `The permissions to ask for. They must also be ticked on the app's Permissions tab; changing them means reconnecting. Presets are fixed lists (newest: ${PRESETS_VERSION}): an update of this package never changes what a preset asks for, it adds new presets beside the old ones. The Shared Link, Shared Folder and Shared File operations need a preset that includes sharing (sharing.write to change anything).`,
		},
		{
			displayName: 'Custom Scopes',
			name: 'customScopes',
			type: 'multiOptions',
			options: ALL_SCOPES.map((scope) => ({ name: scope, value: scope })),
			default: ['account_info.read'],
			displayOptions: { show: { scopePreset: ['custom'] } },
			description: 'Each operation lists the scopes it needs in the package README',
		},
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
