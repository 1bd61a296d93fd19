import type { IDataObject } from 'n8n-workflow';

import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import { markAfterWrite, markWrittenField } from '../common/write';
import type { OperationDefinition } from '../types';
import type { Kind } from './common';
import { autorenameField, label } from './common';
import type { Relocated } from './move.operation';
import { moved } from './move.operation';

export function renameOperation(kind: Kind): OperationDefinition {
	return {
		operation: 'rename',
		name: 'Rename',
		action: `Rename a ${kind}`,
		description: `Give a ${kind} a new name in the same folder`,
		routes: ['files/get_metadata', 'files/move_v2'],
		properties: [
			pathLocator(kind, label(kind), kind),
			{
				displayName: 'New Name',
				name: 'newName',
				type: 'string',
				required: true,
				default: '',
				placeholder: kind === 'file' ? 'summary-final.pdf' : 'Reports 2026',
				description: 'The new name, without a folder',
			},
			{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options: [autorenameField, markWrittenField] },
		],
		async execute(ctx) {
			const { dropbox, check, param } = ctx;
			const path = locatorPath(check, label(kind), param(kind), 'writeOrId');
			const newName = check.required('New Name', param('newName'));
			if (newName.includes('/') || newName === '.' || newName === '..')
				check.fail('New Name', `"${newName}" is not a plain name`, 'Give only the new name; to put it in another folder, use Move.');
			// Looked up first: an ID names no folder, and the entry's ID tells a lost answer apart (see moved).
			const before = await dropbox.rpc<IDataObject>('files/get_metadata', { path });
			const current = path.startsWith('/') ? path : before.path_display;
			if (typeof current !== 'string')
				return check.fail(label(kind), `Dropbox shows no path for "${path}"`, `The ${kind} is outside the folders this account sees, so there is no folder to rename it in. Use Move with a full Destination Path instead.`);
			const toPath = `${current.slice(0, current.lastIndexOf('/'))}/${newName}`;
			const autorename = param<IDataObject>('options', {}).autorename === true;
			const result = await dropbox.rpc<Relocated>(
				'files/move_v2',
				{ from_path: path, to_path: toPath, autorename },
				{ reconcile: moved(dropbox, path, before, toPath, autorename) },
			);
			return toItems(await markAfterWrite(ctx, result.metadata, param<IDataObject>('options', {})));
		},
	};
}
