// Looks at a path's shared links: to find the existing link (Get or Create) and to reconcile a lost create.
import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient } from '../../../shared/client';

/** The caller's links to exactly this path (not to folders above it). With a path, Dropbox answers in one page. */
export async function directLinksOf(dropbox: Pick<DropboxClient, 'rpc'>, path: string): Promise<IDataObject[]> {
	const page = await dropbox.rpc<{ links: IDataObject[] }>('sharing/list_shared_links', { path, direct_only: true });
	return page.links;
}

const tagOf = (value: unknown) => ((value ?? {}) as IDataObject)['.tag'];

/**
 * Whether a link has the settings asked for (Dropbox's SharedLinkSettings as sent; absent means its default).
 * A password cannot be read back, only whether there is one.
 */
export function matchesSettings(link: IDataObject, asked: IDataObject | undefined): boolean {
	const permissions = (link.link_permissions ?? {}) as IDataObject;
	const audience = tagOf(permissions.effective_audience) ?? 'public';
	return (
		audience === (asked?.audience ?? 'public') &&
		(tagOf(permissions.link_access_level) ?? 'viewer') === (asked?.access ?? 'viewer') &&
		Boolean(permissions.require_password) === Boolean(asked?.require_password) &&
		(link.expires ?? undefined) === (asked?.expires ?? undefined) &&
		(permissions.allow_download !== false) === (asked?.allow_download !== false)
	);
}
