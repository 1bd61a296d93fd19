// What the list methods of the resource locators share: a client that honours the operation's Request Options,
// and the filter Dropbox cannot apply for lists it has no search for.
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DropboxClient } from '../../shared/client';
import { InputChecker } from '../../shared/validate';
import { clientOptionsFor } from '../actions/common/requestOptions';

/** A client with the operation's Request Options, checked against the routes the list calls. */
export async function clientFor(fn: ILoadOptionsFunctions, routes: string[]): Promise<DropboxClient> {
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	const raw = (fn.getNodeParameter('requestOptions', {}) ?? {}) as IDataObject;
	const options = await clientOptionsFor(raw, routes, credentials.appType === 'team' ? 'team' : 'user', new InputChecker(fn.getNode(), 0), 0, { fn });
	return new DropboxClient(fn, options);
}

/** Whether any of `texts` contains `filter` (case-insensitive); no filter matches everything. */
export const matches = (filter: string | undefined, ...texts: unknown[]): boolean =>
	!filter || texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(filter.toLowerCase()));
