import { copyOperation, deleteOperation, getMetadataOperation, moveOperation, renameOperation } from '../entry';
import type { ResourceDefinition } from '../types';
import { getCopyReference, saveCopyReference } from './copyReference';
import { download } from './download.operation';
import { exportFile } from './export.operation';
import { getPreview } from './getPreview.operation';
import { getTemporaryLink } from './getTemporaryLink.operation';
import { getTemporaryUploadLink } from './getTemporaryUploadLink.operation';
import { getThumbnail } from './getThumbnail.operation';
import { getThumbnails } from './getThumbnails.operation';
import { listRevisions } from './listRevisions.operation';
import { getLockState, lock, unlock } from './locks';
import { permanentlyDelete } from './permanentlyDelete.operation';
import { restore } from './restore.operation';
import { saveFromUrl } from './saveFromUrl.operation';
import { search } from './search.operation';
import { addTags, getTags, removeTags } from './tags';
import { upload } from './upload.operation';

export const file: ResourceDefinition = {
	value: 'file',
	name: 'File',
	description: 'Upload, download and manage files',
	operations: [
		addTags,
		copyOperation('file'),
		deleteOperation('file'),
		download,
		exportFile,
		getCopyReference,
		getLockState,
		getMetadataOperation('file'),
		getPreview,
		getTags,
		getTemporaryLink,
		getTemporaryUploadLink,
		getThumbnail,
		getThumbnails,
		listRevisions,
		lock,
		moveOperation('file'),
		permanentlyDelete,
		removeTags,
		renameOperation('file'),
		restore,
		saveCopyReference,
		saveFromUrl,
		search,
		unlock,
		upload,
	],
};
