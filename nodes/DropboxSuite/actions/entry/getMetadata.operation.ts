import type { IDataObject } from 'n8n-workflow';

import { locatorPath, pathLocator } from '../common/paths';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import type { Kind } from './common';
import { label } from './common';

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
