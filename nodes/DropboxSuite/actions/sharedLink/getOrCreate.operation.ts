import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied } from '../../../shared/client';
import { dropboxErrorOf } from '../../../shared/reconcile';
import { optionsCollection } from '../common/options';
import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import type { LinkSettings } from './common';
import { accessField, audienceField, explainSettingsError, linkSettingOptions, readLinkSettings, settingsArg, tagsOf } from './common';
import { directLinksOf, matchesSettings } from './links';

/** After the create's answer was lost: any link to the path now is the answer of this operation. */
function found(dropbox: DropboxClient, path: string): Reconcile<IDataObject> {
	return {
		whatToCheck: `whether "${path}" has a shared link now (Shared Link → List with the path)`,
		async check() {
			const [link] = await directLinksOf(dropbox, path);
			return link ? applied(link) : notApplied;
		},
	};
}

/**
 * The existing link that Dropbox's shared_link_already_exists speaks of: from the error when Dropbox sends its
 * metadata (it does when no custom settings were asked for), else from the path's direct links.
 */
async function existingLink(dropbox: DropboxClient, path: string, error: unknown): Promise<IDataObject | undefined> {
	const carried = ((dropboxErrorOf(error)?.shared_link_already_exists ?? {}) as IDataObject).metadata as IDataObject | undefined;
	if (carried?.url) return carried;
	const [link] = await directLinksOf(dropbox, path);
	return link;
}

/**
 * ModifySharedLinkSettingsArgs that bring an existing link in line with the settings asked for, or undefined when
 * it already is. The access level is left out: Dropbox does not change it on an existing link.
 */
function alignment(link: IDataObject, settings: LinkSettings, asked: IDataObject | undefined): IDataObject | undefined {
	const comparable: IDataObject = { ...asked };
	delete comparable.access;
	const current = { ...link, link_permissions: { ...(link.link_permissions as IDataObject), link_access_level: undefined } };
	// A password cannot be read back: one that is asked for is always set again.
	if (matchesSettings(current, comparable) && !settings.password) return undefined;
	const wanted: IDataObject = { audience: settings.audience, require_password: !!settings.password, allow_download: settings.allowDownload !== false };
	if (settings.password) wanted.link_password = settings.password;
	if (settings.expires) wanted.expires = settings.expires;
	return { url: link.url, settings: wanted, remove_expiration: !settings.expires && !!link.expires };
}

export const getOrCreate: OperationDefinition = {
	operation: 'getOrCreate',
	name: 'Get or Create',
	action: 'Get or create a shared link',
	description: 'Return the shared link of a file or folder, creating it when there is none',
	routes: ['sharing/create_shared_link_with_settings', 'sharing/list_shared_links', 'sharing/modify_shared_link_settings'],
	properties: [
		pathLocator('path', 'File or Folder', 'any'),
		audienceField,
		accessField,
		{
			displayName: 'Update Existing Link',
			name: 'updateExisting',
			type: 'boolean',
			default: false,
			description: 'Whether to bring an existing link\'s audience, password, expiry and downloads in line with the settings here (its access level stays as it is)',
		},
		optionsCollection(linkSettingOptions),
	],
	async execute({ fn, dropbox, check, param }) {
		const path = locatorPath(check, 'File or Folder', param('path'), 'read');
		const settings = readLinkSettings(check, param);
		const asked = settingsArg(settings);
		let existing: IDataObject | undefined;
		try {
			const created = await dropbox.rpc<IDataObject>(
				'sharing/create_shared_link_with_settings',
				asked ? { path, settings: asked } : { path },
				{ reconcile: found(dropbox, path) },
			);
			return toItems(created);
		} catch (error) {
			// The one answer that is never an error here: the path has a link already.
			if (tagsOf(error)[0] !== 'shared_link_already_exists') explainSettingsError(fn.getNode(), error, asked);
			existing = await existingLink(dropbox, path, error);
			if (!existing) explainSettingsError(fn.getNode(), error, asked);
		}
		const change = param('updateExisting', false) ? alignment(existing, settings, asked) : undefined;
		if (!change) return toItems(existing);
		const updated = await dropbox
			.rpc<IDataObject>('sharing/modify_shared_link_settings', change)
			.catch((error: unknown) => explainSettingsError(fn.getNode(), error, change.settings as IDataObject));
		return toItems(updated);
	},
};
