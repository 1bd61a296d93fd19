// What the entry operations (offered under both File and Folder) share.
import type { INodeProperties } from 'n8n-workflow';

import { pathLocator } from '../fields';

export type Kind = 'file' | 'folder';
export const label = (kind: Kind) => (kind === 'file' ? 'File' : 'Folder');

export const autorenameField = {
	displayName: 'Autorename',
	name: 'autorename',
	type: 'boolean' as const,
	default: false,
	description: 'Whether Dropbox should pick a free name such as "report (1).pdf" when the destination name is taken',
};

/** The parameters of Copy and Move: the source, the destination, the options. */
export function relocationProperties(kind: Kind): INodeProperties[] {
	return [
		pathLocator('from', label(kind), kind),
		{
			displayName: 'Destination Path',
			name: 'toPath',
			type: 'string',
			required: true,
			default: '',
			placeholder: kind === 'file' ? '/Archive/summary.pdf' : '/Archive/2026',
			description: `The new path of the ${kind}, name included`,
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				autorenameField,
				{ displayName: 'Allow Ownership Transfer', name: 'allowOwnershipTransfer', type: 'boolean', default: false, description: 'Whether the move may change who owns the content (moving between shared folders)' },
			],
		},
	];
}

/** The folder a path is in, lower-cased, for comparing with Dropbox's path_lower. */
export const parentLower = (path: string) => path.slice(0, path.lastIndexOf('/')).toLowerCase();

