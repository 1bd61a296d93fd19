// What File and Folder → Copy Many and Move Many share: their parameters and entries.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { locatorPath, pathLocator } from '../common/paths';
import type { OperationContext } from '../types';

export const relocationProperties: INodeProperties[] = [
	pathLocator('from', 'From', 'any'),
	{
		displayName: 'Destination Path',
		name: 'toPath',
		type: 'string',
		required: true,
		default: '',
		placeholder: '/Archive/{{ $json.name }}',
		description: 'The new path of the entry, name included',
	},
	{
		displayName: 'Autorename',
		name: 'autorename',
		type: 'boolean',
		default: false,
		description: 'Whether Dropbox should pick free names when names are taken (items that differ here are sent in separate batch calls)',
	},
];

export function relocationEntry({ check, param }: OperationContext): IDataObject {
	const from = locatorPath(check, 'From', param('from'), 'writeOrId');
	const to = check.destination('Destination Path', from, check.path('Destination Path', param('toPath'), 'write'));
	return { from_path: from, to_path: to };
}

export const autorenameSetting = ({ param }: OperationContext): IDataObject => ({ autorename: param<boolean>('autorename', false) === true });
