import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { optionsCollection } from '../common/options';
import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { accessField, audienceField, explainSettingsError, linkSettingOptions, readLinkSettings, settingsArg } from './common';
import { directLinksOf, matchesSettings } from './links';

/**
 * After the create's answer was lost: a link to the path now with the settings asked for is the one made (had one
 * been there before, Dropbox would have refused to make a second, so there is never a second link). No link at
 * all: not made, so it is sent again. A link with other settings cannot be told apart from an older one: unknown.
 */
function made(dropbox: DropboxClient, path: string, settings: IDataObject | undefined): Reconcile<IDataObject> {
	return {
		whatToCheck: `whether "${path}" has a shared link now (Shared Link → List with the path)`,
		async check() {
			const links = await directLinksOf(dropbox, path);
			if (!links.length) return notApplied;
			const same = links.find((link) => matchesSettings(link, settings));
			return same ? applied(same) : unknownOutcome;
		},
	};
}

export const create: OperationDefinition = {
	operation: 'create',
	name: 'Create',
	action: 'Create a shared link',
	description: 'Create a shared link to a file or folder, with its audience, access, password, expiry and downloads',
	routes: ['sharing/create_shared_link_with_settings', 'sharing/list_shared_links'],
	properties: [pathLocator('path', 'File or Folder', 'any'), audienceField, accessField, optionsCollection(linkSettingOptions)],
	async execute({ fn, dropbox, check, param }) {
		const path = locatorPath(check, 'File or Folder', param('path'), 'read');
		const settings = settingsArg(readLinkSettings(check, param));
		const arg = settings ? { path, settings } : { path };
		const link = await dropbox
			.rpc<IDataObject>('sharing/create_shared_link_with_settings', arg, { reconcile: made(dropbox, path, settings) })
			.catch((error: unknown) => explainSettingsError(fn.getNode(), error, settings));
		return toItems(link);
	},
};
