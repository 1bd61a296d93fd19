// Operations that work on any entry, file or folder alike (one implementation, offered under both resources).
import type { IDataObject } from 'n8n-workflow';

import { locatorPath, pathLocator } from './fields';
import { toItems } from './output';
import type { OperationDefinition } from './types';

type Kind = 'file' | 'folder';
const label = (kind: Kind) => (kind === 'file' ? 'File' : 'Folder');

const autorenameField = {
	displayName: 'Autorename',
	name: 'autorename',
	type: 'boolean' as const,
	default: false,
	description: 'Whether Dropbox should pick a free name such as "report (1).pdf" when the destination name is taken',
};

export function getMetadataOperation(kind: Kind): OperationDefinition {
	return {
		operation: 'getMetadata',
		name: 'Get Metadata',
		action: `Get the metadata of a ${kind}`,
		description: `Get the ${kind}'s metadata: ID, path, ${kind === 'file' ? 'size, revision, content hash, ' : ''}sharing info`,
		routes: ['files/get_metadata'],
		properties: [
			pathLocator(kind, label(kind), kind),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{ displayName: 'Include Deleted', name: 'includeDeleted', type: 'boolean', default: false, description: 'Whether to return the metadata of a deleted entry instead of a not_found error' },
					{ displayName: 'Include Explicit Shared Members', name: 'includeSharedMembers', type: 'boolean', default: false, description: 'Whether to tell if the entry has members of its own (not only inherited ones)' },
				],
			},
		],
		async execute({ dropbox, check, param }) {
			const path = locatorPath(check, label(kind), param(kind), 'read');
			const options = param<IDataObject>('options', {});
			const metadata = await dropbox.rpc<IDataObject>('files/get_metadata', {
				path,
				include_deleted: options.includeDeleted === true,
				include_has_explicit_shared_members: options.includeSharedMembers === true,
			});
			const expected = kind === 'file' ? 'file' : 'folder';
			if (metadata['.tag'] !== expected && metadata['.tag'] !== 'deleted')
				check.fail(label(kind), `"${path}" is a ${String(metadata['.tag'])}, not a ${kind}`, `Pick a ${kind}, or use the ${metadata['.tag'] === 'file' ? 'File' : 'Folder'} resource's Get Metadata.`);
			return toItems(metadata);
		},
	};
}

function relocation(kind: Kind, operation: 'copy' | 'move'): OperationDefinition {
	const verb = operation === 'copy' ? 'Copy' : 'Move';
	return {
		operation,
		name: verb,
		action: `${verb} a ${kind}`,
		description: `${verb} a ${kind} to another path${kind === 'folder' ? ', with everything in it' : ''}`,
		routes: [`files/${operation}_v2`],
		properties: [
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
		],
		async execute({ dropbox, check, param }) {
			const fromPath = locatorPath(check, label(kind), param('from'), 'writeOrId');
			const toPath = check.destination('Destination Path', fromPath, check.path('Destination Path', param('toPath'), 'write'));
			const options = param<IDataObject>('options', {});
			const result = await dropbox.rpc<{ metadata: IDataObject }>(`files/${operation}_v2`, {
				from_path: fromPath,
				to_path: toPath,
				autorename: options.autorename === true,
				allow_ownership_transfer: options.allowOwnershipTransfer === true,
			});
			return toItems(result.metadata);
		},
	};
}

export const copyOperation = (kind: Kind) => relocation(kind, 'copy');
export const moveOperation = (kind: Kind) => relocation(kind, 'move');

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
			{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options: [autorenameField] },
		],
		async execute({ dropbox, check, param }) {
			const path = locatorPath(check, label(kind), param(kind), 'writeOrId');
			const newName = check.required('New Name', param('newName'));
			if (newName.includes('/') || newName === '.' || newName === '..')
				check.fail('New Name', `"${newName}" is not a plain name`, 'Give only the new name; to put it in another folder, use Move.');
			// An ID names no folder, so find the current path first.
			const current = path.startsWith('/') ? path : String((await dropbox.rpc<IDataObject>('files/get_metadata', { path })).path_display);
			const parent = current.slice(0, current.lastIndexOf('/'));
			const options = param<IDataObject>('options', {});
			const result = await dropbox.rpc<{ metadata: IDataObject }>('files/move_v2', {
				from_path: path,
				to_path: `${parent}/${newName}`,
				autorename: options.autorename === true,
			});
			return toItems(result.metadata);
		},
	};
}

export function deleteOperation(kind: Kind): OperationDefinition {
	return {
		operation: 'delete',
		name: 'Delete',
		action: `Delete a ${kind}`,
		description: `Delete a ${kind}${kind === 'folder' ? ' and everything in it' : ''}; it can be restored from Dropbox's deleted files`,
		routes: ['files/delete_v2'],
		properties: [
			pathLocator(kind, label(kind), kind),
			{
				displayName: 'Only If Revision',
				name: 'parentRev',
				type: 'string',
				default: '',
				placeholder: 'a1c10ce0dd78',
				description: 'Delete only if the file still has this revision (files only)',
			},
		],
		async execute({ dropbox, check, param }) {
			const path = locatorPath(check, label(kind), param(kind), 'writeOrId');
			const arg: IDataObject = { path };
			if (param('parentRev', '')) arg.parent_rev = check.rev('Only If Revision', param('parentRev'));
			const result = await dropbox.rpc<{ metadata: IDataObject }>('files/delete_v2', arg);
			return toItems(result.metadata);
		},
	};
}
