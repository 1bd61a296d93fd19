import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { sharedLinkUrl, tagsOf, urlField } from './common';

type Revoked = { url: string; revoked: true };

/**
 * After the revoke's answer was lost: a link Dropbox no longer knows was revoked; one it still shows was not, so
 * the revoke is sent again. Anything else (a password-protected link it will not show): unknown.
 */
function revoked(dropbox: DropboxClient, url: string): Reconcile<Revoked> {
	return {
		whatToCheck: `whether the link ${url} still opens`,
		async check() {
			try {
				await dropbox.rpc('sharing/get_shared_link_metadata', { url });
				return notApplied;
			} catch (error) {
				return tagsOf(error)[0] === 'shared_link_not_found' ? applied({ url, revoked: true }) : unknownOutcome;
			}
		},
	};
}

export const revoke: OperationDefinition = {
	operation: 'revoke',
	name: 'Revoke',
	action: 'Revoke a shared link',
	description: 'Turn a shared link off for good; links to folders above the content still give access',
	routes: ['sharing/revoke_shared_link', 'sharing/get_shared_link_metadata'],
	properties: [urlField],
	async execute({ dropbox, check, param }) {
		const url = sharedLinkUrl(check, param('url'));
		const result = await dropbox.rpc<Revoked | null>('sharing/revoke_shared_link', { url }, { reconcile: revoked(dropbox, url) });
		return toItems((result ?? { url, revoked: true }) as IDataObject);
	},
};
