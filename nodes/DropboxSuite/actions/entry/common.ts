// What the entry operations (offered under both File and Folder) share.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { locatorPath, pathLocator } from '../common/paths';
import type { OperationContext } from '../types';
import { markWrittenField } from '../common/write';

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
				markWrittenField,
			],
		},
	];
}

/** The folder a path is in, lower-cased, for comparing with Dropbox's path_lower. */
export const parentLower = (path: string) => path.slice(0, path.lastIndexOf('/')).toLowerCase();


/** The relocation argument of Copy and Move, read and checked from the item's parameters before any call. */
export function relocationArg(kind: Kind, { check, param }: OperationContext) {
	const fromPath = locatorPath(check, label(kind), param('from'), 'writeOrId');
	const toPath = check.destination('Destination Path', fromPath, check.path('Destination Path', param('toPath'), 'write'));
	const options = param<IDataObject>('options', {});
	return {
		from_path: fromPath,
		to_path: toPath,
		autorename: options.autorename === true,
		allow_ownership_transfer: options.allowOwnershipTransfer === true,
	};
}
