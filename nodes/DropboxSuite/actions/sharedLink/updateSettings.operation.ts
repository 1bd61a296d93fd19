import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { audienceField, explainSettingsError, futureTimestamp, sharedLinkUrl, urlField } from './common';

export const updateSettings: OperationDefinition = {
	operation: 'updateSettings',
	name: 'Update Settings',
	action: 'Update a shared link\'s settings',
	description: 'Change the audience, password, expiry or downloads of a shared link (its access level stays)',
	routes: ['sharing/modify_shared_link_settings'],
	properties: [
		urlField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ ...audienceField, default: 'public' },
				{ displayName: 'Allow Download', name: 'allowDownload', type: 'boolean', default: true, description: 'Whether people with the link may download the content (turning it off needs a paid Dropbox plan)' },
				{ displayName: 'Expires', name: 'expires', type: 'dateTime', default: '', description: 'A new expiry; must lie in the future (needs a paid Dropbox plan)' },
				{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '', description: 'A new password people must enter (needs a paid Dropbox plan)' },
				{ displayName: 'Remove Expiration', name: 'removeExpiration', type: 'boolean', default: false, description: 'Whether to let the link work without an end date' },
				{ displayName: 'Remove Password', name: 'removePassword', type: 'boolean', default: false, description: 'Whether to let people open the link without a password' },
			],
		},
	],
	async execute({ fn, dropbox, check, param }) {
		const url = sharedLinkUrl(check, param('url'));
		const fields = param<IDataObject>('updateFields', {});
		const settings: IDataObject = {};
		if (fields.audience) settings.audience = fields.audience;
		if (fields.allowDownload !== undefined) settings.allow_download = fields.allowDownload !== false;
		if (fields.password && fields.removePassword)
			check.fail('Password', 'is given together with Remove Password', 'Either set a new password or remove it, not both.');
		if (fields.password) Object.assign(settings, { require_password: true, link_password: String(fields.password) });
		if (fields.removePassword) settings.require_password = false;
		if (fields.expires && fields.removeExpiration)
			check.fail('Expires', 'is given together with Remove Expiration', 'Either set a new expiry or remove it, not both.');
		if (fields.expires) settings.expires = futureTimestamp(check, 'Expires', fields.expires);
		if (settings.link_password && settings.audience === 'no_one')
			check.fail('Password', 'cannot protect a link whose audience is "No One"', 'Such a link grants no access that a password could guard: choose the audience Public or Team, or leave the password out.');
		const removeExpiration = fields.removeExpiration === true;
		if (!Object.keys(settings).length && !removeExpiration)
			check.fail('Update Fields', 'is empty', 'Add at least one field to change, such as Expires or Password.');
		const arg = { url, settings, remove_expiration: removeExpiration };
		const link = await dropbox
			.rpc<IDataObject>('sharing/modify_shared_link_settings', arg)
			.catch((error: unknown) => explainSettingsError(fn.getNode(), error, settings));
		return toItems(link);
	},
};
