import { copyMany, deleteMany, getJobStatus, moveMany } from '../batch';
import { copyOperation, deleteOperation, getMetadataOperation, moveOperation, renameOperation } from '../entry';
import type { ResourceDefinition } from '../types';
import { download } from './download.operation';
import { permanentlyDelete } from './permanentlyDelete.operation';
import { saveFromUrl } from './saveFromUrl.operation';
import { search } from './search.operation';
import { upload } from './upload.operation';
import { uploadMany } from './uploadMany.operation';

// Locks, revisions, tags, previews, temporary links and copy references are resources of their own (see
// catalog.ts); their operation files stay in this folder.
export const file: ResourceDefinition = {
	value: 'file',
	name: 'File',
	defaultOperation: 'upload',
	description: 'Upload, download, copy, move and delete files, one or many at a time',
	operations: [
		copyOperation('file'),
		copyMany,
		deleteOperation('file'),
		deleteMany,
		download,
		getJobStatus,
		getMetadataOperation('file'),
		moveOperation('file'),
		moveMany,
		permanentlyDelete,
		renameOperation('file'),
		saveFromUrl,
		search,
		upload,
		uploadMany,
	],
};
